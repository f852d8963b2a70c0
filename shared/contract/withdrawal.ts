import { z } from 'zod';
import { catalogueCopyStatus } from './catalogue';
import { empty, id, isoDate, method, ok, requiredText, text } from './define';

/** Biên bản xuất: copies leaving the collection (thanh lọc), each with its reason. */
export const withdrawalReasons = ['damaged', 'lost', 'lostPaid', 'outdated', 'other'] as const;
export const withdrawalInput = z.object({
  id: id.optional(),
  number: requiredText('Hãy nhập số biên bản.'),
  date: isoDate,
  approvalDate: isoDate.nullable().default(null),
  members: text().default(''),
  decisionNumber: text().default(''),
  note: text().default(''),
  items: z.array(z.object({
    copyId: id,
    reason: z.enum(withdrawalReasons),
    reasonNote: text().default(''),
  })).min(1, 'Biên bản cần ít nhất một bản sách.'),
});
export type WithdrawalInput = z.input<typeof withdrawalInput>;
export const withdrawalDto = z.object({
  id, status: z.enum(['draft', 'confirmed']), number: z.string(), date: z.string(), approvalDate: z.string().nullable(),
  members: z.string(), decisionNumber: z.string(), note: z.string(), createdAt: z.string(), confirmedAt: z.string().nullable(),
  totalValue: z.number(),
  items: z.array(z.object({
    id, copyId: id, accessionCode: z.string(), title: z.string(), reason: z.enum(withdrawalReasons), reasonNote: z.string(),
    price: z.number(), status: catalogueCopyStatus,
  })),
});
export type WithdrawalDto = z.infer<typeof withdrawalDto>;

export const copyRef = z.object({
  id, accessionCode: z.string(), titleId: id, title: z.string(), status: catalogueCopyStatus, price: z.number(),
  /** An open loan on this copy (reader name), if any. */
  onLoanTo: z.string().nullable(),
});
export type CopyRef = z.infer<typeof copyRef>;

export const withdrawalContract = {
  'withdrawal.list': method(empty, z.array(withdrawalDto.omit({ items: true }).extend({ copies: z.number() }))),
  'withdrawal.get': method(z.object({ id }), withdrawalDto),
  'withdrawal.saveDraft': method(withdrawalInput, withdrawalDto),
  'withdrawal.deleteDraft': method(z.object({ id }), ok),
  'withdrawal.confirm': method(z.object({ id }), withdrawalDto),
  /** Resolves scanned or typed ĐKCB, ranges ("STK120-STK125") and lists into copies. */
  'withdrawal.resolveCopies': method(z.object({ text: text() }), z.object({ copies: z.array(copyRef), notFound: z.array(z.string()) })),
  /** Copies recorded as lost at the desk; `compensated` when the reader paid or replaced it (→ "độc giả đền"). */
  'withdrawal.lostCopies': method(empty, z.array(copyRef.extend({ compensated: z.boolean() }))),
};
