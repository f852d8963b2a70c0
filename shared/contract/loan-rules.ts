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
  /** Đặt trước: titles a reader may have reserved at once (0: this reader kind may not reserve); kept (or the kind's default) when absent. */
  maxReservations: z.number().int().min(0, 'Số đầu sách được đặt trước không âm.').max(50).optional(),
  /** Đặt trước: open days a ready hold waits (Sundays and holidays skipped); kept (or 3) when absent. */
  holdDays: z.number().int().min(1, 'Số ngày giữ sách đặt trước ít nhất là 1.').max(30).optional(),
});
export type PolicyDto = z.infer<typeof policy>;
/** A stored rule: every field present. */
const storedPolicy = policy.extend({ id, maxReservations: z.number().int(), holdDays: z.number().int() });
export type StoredPolicyDto = z.infer<typeof storedPolicy>;

/**
 * Loan rules and days off (ngày nghỉ), edited in Cài đặt and read by the desk when it lends and renews
 * (main/services/loan-rules/).
 */
export const loanRulesContract = {
  'loanRules.list': method(empty, z.array(storedPolicy)),
  'loanRules.save': method(policy, storedPolicy),
  'loanRules.delete': method(z.object({ id }), ok),
  /** Days the library is closed: a due date falling on one moves to the next open day. */
  'loanRules.holidays': method(empty, z.object({ dates: z.array(z.string()) })),
  'loanRules.saveHolidays': method(z.object({ dates: z.array(isoDate) }), z.object({ dates: z.array(z.string()) })),
};
