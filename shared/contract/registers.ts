import { z } from 'zod';
import { empty, fileResult, id, jobId, method, schoolYear } from './define';
import { registerKinds } from './enums';

export { registerKinds, registerLabels, type RegisterKind } from './enums';

export const printRegisterInput = z.object({
  kind: z.enum(registerKinds),
  /** Series code (STK, SGK…); omitted = every series. */
  series: z.string().trim().toUpperCase().optional(),
  /** School year; omitted = the whole book (or the current year where a year is needed). */
  year: schoolYear.optional(),
  /** Defaults to the school setting. */
  dateStyle: z.enum(['numeric', 'roman']).optional(),
  /** Sổ mượn: teachers (and staff) or students. */
  readerKind: z.enum(['student', 'teacher']).default('student'),
  /** Sổ mượn: one class only, laid out per class. */
  className: z.string().trim().optional(),
  /** Biên bản nhập: the batch (phiếu nhập). */
  batchId: id.optional(),
  /** Biên bản xuất: the withdrawal. */
  withdrawalId: id.optional(),
  jobId,
});
export type PrintRegisterInput = z.input<typeof printRegisterInput>;

export const registerOptions = z.object({
  series: z.array(z.object({ code: z.string(), name: z.string(), copies: z.number() })),
  years: z.array(z.string()),
  currentYear: z.string(),
  classes: z.array(z.string()),
  batches: z.array(z.object({
    id: z.number(), registerNumber: z.number().nullable(), date: z.string(), source: z.string(), voucherNumber: z.string(),
    totalCopies: z.number(), totalValue: z.number(),
  })),
  withdrawals: z.array(z.object({ id: z.number(), number: z.string(), date: z.string(), copies: z.number() })),
});
export type RegisterOptions = z.infer<typeof registerOptions>;

export const registersContract = {
  'registers.options': method(empty, registerOptions),
  'registers.print': method(printRegisterInput, fileResult),
};
