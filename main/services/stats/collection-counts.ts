/**
 * Collection counts (`stats.summary`, `npm run cli -- stats --json`): whole-library totals of titles, copies
 * by status, readers, loans and visits, right now — unlike reports/period-statistics.ts, which computes the
 * figures of one school year, term or month for the Thống kê screen and the reports.
 */
import type { SummaryStats } from '../../../shared/contract/stats';
import { todayIso } from '../../../shared/dates';
import { IN_STOCK_STATUSES } from '../../../shared/stock';
import type { Sql } from '../../db/sql';
import { collectionCounts } from '../../db/queries/stats';
import { digitalResourceCount, digitalViewsTotal } from '../../db/queries/digital';
import { reservationCounts } from '../../db/queries/reservations';

/**
 * Copies in stock as read from the `stats --json` shape (which stays as it is: scripts read it):
 * the sum of the in-stock statuses of shared/stock.ts, i.e. available + onLoan + held.
 */
export function inStockOf(s: SummaryStats): number {
  return IN_STOCK_STATUSES.reduce((a, k) => a + s.copies[k], 0);
}

export async function summaryStats(sql: Sql, now: Date): Promise<SummaryStats> {
  const c = collectionCounts(sql, todayIso(now));
  const byStatus = (s: string) => c.copiesByStatus.find((r) => r.status === s)?.n ?? 0;
  return {
    titles: c.titles,
    copies: {
      total: c.copiesByStatus.reduce((a, r) => a + r.n, 0),
      available: byStatus('available'),
      onLoan: byStatus('onLoan'),
      withdrawn: byStatus('withdrawn'),
      lost: byStatus('lost'),
      held: byStatus('held'),
    },
    readers: { students: c.students, staff: c.staff, active: c.activeReaders },
    loans: { open: c.openLoans, overdue: c.overdueLoans, closed: c.closedLoans },
    visits: c.visits,
    digital: { resources: digitalResourceCount(sql), views: digitalViewsTotal(sql) },
    reservations: reservationCounts(sql),
  };
}
