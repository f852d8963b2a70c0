import { byCode } from '../loan-rules/rules';
import type { FileResult } from '../../../shared/contract/define';
import { daysOverdue } from '../../../shared/loan-rules';
import { todayIso } from '../../../shared/dates';
import { compareVi } from '../../../shared/text';
import { overdueLoanRows, type OverdueLoanRow, type ReaderGroup } from '../../db/queries/circulation';
import { remindersPdf } from '../../pdf/reminders';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';

export type OverdueRow = OverdueLoanRow & { overdueDays: number };

/** Open loans past due, by class (students) then department (staff), with days overdue. */
export async function overdueLoans(ctx: ServiceContext, filter: { className?: string; kind?: ReaderGroup } = {}): Promise<{ rows: OverdueRow[]; today: string }> {
  const today = todayIso(ctx.now());
  const rows = overdueLoanRows(ctx.sql, today, { className: filter.className?.toUpperCase(), group: filter.kind });
  const group = (r: { readerKind: string; className: string; department: string }) => (r.readerKind === 'student' ? `0 ${r.className}` : `1 ${r.department}`);
  const given = (n: string) => n.split(' ').pop() ?? n;
  return {
    today,
    rows: rows.map((r) => ({ ...r, overdueDays: daysOverdue(r.dueAt, today) }))
      .sort((a, b) => compareVi(group(a), group(b)) || compareVi(given(a.readerName), given(b.readerName)) || compareVi(a.readerName, b.readerName) || byCode(a.dueAt, b.dueAt)),
  };
}

/** Phiếu nhắc trả sách for one class (or every overdue reader), each class on its own pages. */
export async function reminderSlips(ctx: ServiceContext, className: string): Promise<FileResult> {
  const { rows } = await overdueLoans(ctx, { className });
  const school = getSchool(ctx.sql);
  return remindersPdf(ctx, school, rows, className || 'tat-ca');
}
