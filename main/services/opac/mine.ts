import { formatDate, todayIso } from '../../../shared/dates';
import { daysOverdue } from '../../../shared/loan-rules';
import { formatNumber } from '../../../shared/numbers';
import { openLoansOfReader } from '../../db/queries/circulation';
import type { Sql } from '../../db/sql';

/**
 * "Của tôi" on the OPAC: what a signed-in teacher or staff member sees of her own — her loans with their due
 * dates. The reader is always the session's (main/server/opac-http.ts): nothing here takes a reader id from a
 * request, and nothing of another reader's loans ever leaves.
 */

/** One of her open loans as the page shows it (dates dd/mm/yyyy, overdue said in words). */
export interface OpacMyLoan {
  title: string;
  copyCode: string;
  /** The day it was lent, dd/mm/yyyy. */
  lent: string;
  /** The due date, dd/mm/yyyy. */
  due: string;
  /** Whole days past due; 0 when not overdue. */
  overdueDays: number;
  /** "Hạn trả 12/12/2026", or "Quá hạn 3 ngày (hạn trả 12/12/2026)". */
  dueText: string;
}

export interface OpacMyPage {
  loans: OpacMyLoan[];
}

/** "Hạn trả …" for a loan, saying how late when it is overdue. */
export function dueText(dueAt: string, today: string): string {
  const late = daysOverdue(dueAt, today);
  return late > 0 ? `Quá hạn ${formatNumber(late)} ngày (hạn trả ${formatDate(dueAt)})` : `Hạn trả ${formatDate(dueAt)}`;
}

/** `GET /api/me`: the session reader's own open loans, soonest due first. */
export function opacMyPage(sql: Sql, readerId: number, now: Date): OpacMyPage {
  const today = todayIso(now);
  const loans = openLoansOfReader(sql, readerId)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id - b.id)
    .map((l) => ({
      title: l.volume ? `${l.title}, ${l.volume}` : l.title,
      copyCode: l.copyCode,
      lent: formatDate(todayIso(new Date(l.checkoutAt))),
      due: formatDate(l.dueAt),
      overdueDays: daysOverdue(l.dueAt, today),
      dueText: dueText(l.dueAt, today),
    }));
  return { loans };
}
