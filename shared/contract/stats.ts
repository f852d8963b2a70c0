import { z } from 'zod';
import { empty, method } from './define';

/** The `stats --json` shape; scripts outside the project read it, so keys only ever get added. */
export const summaryStats = z.object({
  titles: z.number(),
  copies: z.object({ total: z.number(), available: z.number(), onLoan: z.number(), withdrawn: z.number(), lost: z.number() }),
  readers: z.object({ students: z.number(), staff: z.number(), active: z.number() }),
  loans: z.object({ open: z.number(), overdue: z.number(), closed: z.number() }),
  visits: z.number(),
  /** Thư viện số: resources (files and links) and their views so far. */
  digital: z.object({ resources: z.number(), views: z.number() }),
});
export type SummaryStats = z.infer<typeof summaryStats>;

export const statsContract = {
  'stats.summary': method(empty, summaryStats),
};
