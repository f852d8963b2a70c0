import { z } from 'zod';
import { empty, id, isoDate, method } from './define';

/** The `stats --json` shape; scripts outside the project read it, so keys only ever get added. */
export const summaryStats = z.object({
  titles: z.number(),
  /** `held` (added last, issue 22): on the hold shelf for a reader who reserved the title (in stock, not on the shelf). */
  copies: z.object({ total: z.number(), available: z.number(), onLoan: z.number(), withdrawn: z.number(), lost: z.number(), held: z.number() }),
  readers: z.object({ students: z.number(), staff: z.number(), active: z.number() }),
  loans: z.object({ open: z.number(), overdue: z.number(), closed: z.number() }),
  visits: z.number(),
  /** Thư viện số: resources (files and links) and their views so far. */
  digital: z.object({ resources: z.number(), views: z.number() }),
  /** Đặt trước (issue 22), right now: readers waiting in a queue, copies ready on the hold shelf. */
  reservations: z.object({ waiting: z.number(), ready: z.number() }),
});
export type SummaryStats = z.infer<typeof summaryStats>;

/** Loans and returns per account per month (who helps how much: the school can thank its pupil helpers). */
export const staffActivity = z.object({
  /** The months covered, "YYYY-MM", oldest first. */
  months: z.array(z.string()),
  rows: z.array(z.object({
    /** null: loans and returns made before accounts existed ("Thủ thư (trước khi có tài khoản)"). */
    accountId: id.nullable(),
    name: z.string(),
    roleLabel: z.string(),
    /** One entry per month of `months`, same order. */
    perMonth: z.array(z.object({ month: z.string(), loans: z.number().int(), returns: z.number().int() })),
    loans: z.number().int(),
    returns: z.number().int(),
  })),
});
export type StaffActivity = z.infer<typeof staffActivity>;

export const statsContract = {
  'stats.summary': method(empty, summaryStats),
  /** From and to are ISO dates, both included. */
  'stats.staffActivity': method(z.object({ from: isoDate, to: isoDate })
    .refine((f) => f.from <= f.to, { message: 'Ngày "từ" phải trước hoặc bằng ngày "đến".', path: ['to'] }), staffActivity),
};
