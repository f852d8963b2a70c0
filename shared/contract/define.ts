import { z } from 'zod';
import { isIsoDate } from '../dates';
import { parseCount, parseDong, parseYear, type NumberParse } from '../numbers';

z.config(z.locales.vi());

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

/** Declares one contract method: a validated input and the output it promises. */
export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

export const empty = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) });

/** Text the user typed: NFC-normalised and trimmed before it reaches a service. */
export const text = () => z.string().transform((s) => s.normalize('NFC').trim());
export const requiredText = (message: string) =>
  z.string({ error: message }).transform((s) => s.normalize('NFC').trim()).pipe(z.string().min(1, message));
export const isoDate = z.string().refine(isIsoDate, 'Ngày không đọc được: hãy nhập ngày/tháng/năm có thật, ví dụ 30/11/2026.');
export const schoolYear = z
  .string()
  .regex(/^\d{4}-\d{4}$/, 'Năm học phải có dạng 2026-2027.')
  .refine((v) => Number(v.slice(5)) === Number(v.slice(0, 4)) + 1, 'Năm học phải gồm hai năm liên tiếp, ví dụ 2026-2027.');
export const id = z.number().int().positive();

/** A generated file (PDF, Excel) saved in the data folder's exports; browser mode downloads it by name. */
export const fileResult = z.object({
  fileName: z.string(),
  path: z.string(),
  pages: z.number().int().nonnegative().optional(),
  bytes: z.number().int().nonnegative(),
});
export type FileResult = z.infer<typeof fileResult>;

/** Long jobs carry a client-chosen id so the UI can follow progress events and cancel. */
export const jobId = z.string().min(1).max(64).optional();

/**
 * A number field read with the shared parser (shared/numbers.ts): the form may send what the person
 * typed ("45.000") or a number; what cannot be read is refused with the field's label, never emptied.
 */
function parsedNumber(label: string, parse: (v: string | number | null) => NumberParse) {
  return z.union([z.number(), z.string(), z.null()], { error: `${label} phải là số.` }).transform((v, ctx) => {
    const r = parse(v);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: `${label}: không đọc được "${String(v).trim()}" — ${r.reason}.` });
    return z.NEVER;
  });
}
/** Money in đồng, optional (null when empty). */
export const dongField = (label: string) => parsedNumber(label, (v) => parseDong(v)).default(null);
/** A year of publication, optional. */
export const yearField = (label: string) => parsedNumber(label, (v) => parseYear(v)).default(null);
/** A whole count from min to max, optional. */
export const countField = (label: string, min: number, max: number) => parsedNumber(label, (v) => parseCount(v, min, max)).default(null);
