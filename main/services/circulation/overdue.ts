import { byCode } from './desk';
import type { FileResult } from '../../../shared/contract/define';
import { daysOverdue } from '../../../shared/loan-rules';
import { todayIso } from '../../../shared/dates';
import { compareVi } from '../../../shared/text';
import { remindersPdf } from '../../pdf/reminders';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings';

export interface OverdueRow {
  loanId: number; readerId: number; readerName: string; cardNumber: string; readerKind: 'student' | 'teacher' | 'staff'; className: string;
  department: string; copyCode: string; title: string; price: number; dueAt: string; overdueDays: number;
}

/** Open loans past due, by class (students) then department (staff), with days overdue. */
export async function overdueLoans(ctx: ServiceContext, filter: { className?: string; kind?: 'all' | 'student' | 'staff' } = {}): Promise<{ rows: OverdueRow[]; today: string }> {
  const today = todayIso(ctx.now());
  const params: unknown[] = [today];
  let where = `l.returned_at IS NULL AND l.lost_at IS NULL AND l.kind <> 'inLibrary' AND l.due_at < ?`;
  if (filter.className) {
    where += ' AND r.class_name = ?';
    params.push(filter.className.toUpperCase());
  }
  if (filter.kind === 'student') where += ` AND r.kind = 'student'`;
  if (filter.kind === 'staff') where += ` AND r.kind <> 'student'`;
  const rows: Omit<OverdueRow, 'overdueDays'>[] = await ctx.db.query(
    `SELECT l.id AS loanId, r.id AS readerId, r.full_name AS readerName, r.card_number AS cardNumber, r.kind AS readerKind,
       r.class_name AS className, r.department, c.accession_code AS copyCode,
       CASE WHEN t.volume <> '' THEN t.title || ', ' || t.volume ELSE t.title END AS title, c.price, l.due_at AS dueAt
     FROM loan l JOIN reader r ON r.id = l.reader_id JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id
     WHERE ${where}`, params);
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
  const school = await getSchool(ctx.db);
  return remindersPdf(ctx, school, rows, className || 'tat-ca');
}
