import { z } from 'zod';
import { empty, id, isoDate, method, ok } from './define';
import { readerKinds } from './readers';

/** One loan rule (quy định mượn): for a reader kind and a loại tài liệu ('*': every other one). */
export const policy = z.object({
  id: id.optional(),
  readerKind: z.enum(readerKinds),
  seriesCode: z.string().trim().toUpperCase().regex(/^(\*|[A-Z0-9]{1,10})$/, 'Chọn loại tài liệu (hoặc * cho mọi loại).'),
  maxItems: z.number().int().min(0, 'Số cuốn tối đa không âm.').max(200),
  loanDays: z.number().int().min(0, 'Số ngày mượn không âm.').max(400),
  maxRenewals: z.number().int().min(0).max(10),
  inLibraryOnly: z.boolean(),
  untilYearEnd: z.boolean(),
});
export type PolicyDto = z.infer<typeof policy>;

/**
 * Loan rules and days off (ngày nghỉ), edited in Cài đặt and read by the desk when it lends and renews
 * (main/services/loan-rules/).
 */
export const loanRulesContract = {
  'loanRules.list': method(empty, z.array(policy.extend({ id }))),
  'loanRules.save': method(policy, policy.extend({ id })),
  'loanRules.delete': method(z.object({ id }), ok),
  /** Days the library is closed: a due date falling on one moves to the next open day. */
  'loanRules.holidays': method(empty, z.object({ dates: z.array(z.string()) })),
  'loanRules.saveHolidays': method(z.object({ dates: z.array(isoDate) }), z.object({ dates: z.array(z.string()) })),
};
