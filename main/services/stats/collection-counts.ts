/**
 * Collection counts (`stats.summary`, `npm run cli -- stats --json`): whole-library totals of titles, copies
 * by status, readers, loans and visits, right now — unlike reports/period-statistics.ts, which computes the
 * figures of one school year, term or month for the Thống kê screen and the reports.
 */
import type { DataSource } from 'typeorm';
import type { SummaryStats } from '../../../shared/contract/stats';
import { todayIso } from '../../../shared/dates';
import { IN_STOCK_STATUSES } from '../../../shared/stock';

/**
 * Copies in stock as read from the `stats --json` shape (which stays as it is: scripts read it):
 * the sum of the in-stock statuses of shared/stock.ts, i.e. available + onLoan.
 */
export function inStockOf(s: SummaryStats): number {
  return IN_STOCK_STATUSES.reduce((a, k) => a + s.copies[k], 0);
}

export async function summaryStats(db: DataSource, now: Date): Promise<SummaryStats> {
  const one = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0]?.n ?? 0);
  const copyRows: { status: string; n: number }[] = await db.query('SELECT status, COUNT(*) AS n FROM copy GROUP BY status');
  const byStatus = (s: string) => Number(copyRows.find((r) => r.status === s)?.n ?? 0);
  const today = todayIso(now);
  return {
    titles: await one('SELECT COUNT(*) AS n FROM title'),
    copies: {
      total: copyRows.reduce((a, r) => a + Number(r.n), 0),
      available: byStatus('available'),
      onLoan: byStatus('onLoan'),
      withdrawn: byStatus('withdrawn'),
      lost: byStatus('lost'),
    },
    readers: {
      students: await one("SELECT COUNT(*) AS n FROM reader WHERE kind = 'student'"),
      staff: await one("SELECT COUNT(*) AS n FROM reader WHERE kind <> 'student'"),
      active: await one('SELECT COUNT(*) AS n FROM reader WHERE active = 1'),
    },
    loans: {
      open: await one('SELECT COUNT(*) AS n FROM loan WHERE returned_at IS NULL AND lost_at IS NULL'),
      overdue: await one('SELECT COUNT(*) AS n FROM loan WHERE returned_at IS NULL AND lost_at IS NULL AND due_at < ?', [today]),
      closed: await one('SELECT COUNT(*) AS n FROM loan WHERE returned_at IS NOT NULL OR lost_at IS NOT NULL'),
    },
    visits: await one('SELECT COALESCE(SUM(headcount), 0) AS n FROM visit'),
  };
}
