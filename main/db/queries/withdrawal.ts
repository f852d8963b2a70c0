import { prepared, type Sql } from '../sql';

export type WithdrawalReason = 'damaged' | 'lost' | 'lostPaid' | 'outdated' | 'other';
export type CopyStatus = 'available' | 'onLoan' | 'held' | 'withdrawn' | 'lost';

/** A biên bản's header as stored. */
export interface WithdrawalRow {
  id: number; status: 'draft' | 'confirmed'; number: string; date: string; approvalDate: string | null; members: string;
  decisionNumber: string; note: string; createdAt: string; confirmedAt: string | null;
}
export interface WithdrawalItemRow {
  id: number; copyId: number; accessionCode: string; title: string; reason: WithdrawalReason; reasonNote: string; price: number; status: CopyStatus;
}
export interface WithdrawalFields {
  number: string; date: string; approvalDate: string | null; members: string; decisionNumber: string; note: string;
}
/** A copy as the withdrawal screens pick it, with the reader holding it if it is on loan. */
export interface CopyRefRow {
  id: number; accessionCode: string; titleId: number; title: string; status: CopyStatus; price: number; onLoanTo: string | null;
}

const COPY_REF = `SELECT c.id, c.accession_code AS accessionCode, c.title_id AS titleId, t.title, c.status, c.price,
  (SELECT r.full_name FROM loan l JOIN reader r ON r.id = l.reader_id WHERE l.copy_id = c.id AND l.returned_at IS NULL AND l.lost_at IS NULL) AS onLoanTo`;

const statements = (sql: Sql) => ({
  byId: sql.prepare(`SELECT id, status, number, date, approval_date AS approvalDate, members, decision_number AS decisionNumber, note,
    created_at AS createdAt, confirmed_at AS confirmedAt FROM withdrawal WHERE id = ?`),
  items: sql.prepare(`SELECT i.id, i.copy_id AS copyId, c.accession_code AS accessionCode, t.title, i.reason, i.reason_note AS reasonNote,
      i.price, c.status FROM withdrawal_item i JOIN copy c ON c.id = i.copy_id JOIN title t ON t.id = c.title_id
    WHERE i.withdrawal_id = ? ORDER BY c.series_id, c.accession_number`),
  ids: sql.prepare(`SELECT w.id FROM withdrawal w ORDER BY CASE w.status WHEN 'draft' THEN 0 ELSE 1 END, w.date DESC, w.id DESC`).pluck(),
  status: sql.prepare('SELECT status FROM withdrawal WHERE id = ?').pluck(),
  copy: sql.prepare('SELECT id, accession_code AS code, status, price FROM copy WHERE id = ?'),
  insert: sql.prepare(`INSERT INTO withdrawal (status, number, date, approval_date, members, decision_number, note, created_at, confirmed_at)
    VALUES ('draft', @number, @date, @approvalDate, @members, @decisionNumber, @note, @createdAt, NULL)`),
  update: sql.prepare(`UPDATE withdrawal SET number = @number, date = @date, approval_date = @approvalDate, members = @members,
    decision_number = @decisionNumber, note = @note WHERE id = @id`),
  delete: sql.prepare('DELETE FROM withdrawal WHERE id = ?'),
  insertItem: sql.prepare('INSERT INTO withdrawal_item (withdrawal_id, copy_id, reason, reason_note, price) VALUES (?, ?, ?, ?, ?)'),
  deleteItems: sql.prepare('DELETE FROM withdrawal_item WHERE withdrawal_id = ?'),
  openLoan: sql.prepare(`SELECT l.id, r.full_name AS reader FROM loan l JOIN reader r ON r.id = l.reader_id
    WHERE l.copy_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`),
  closeLoanLost: sql.prepare('UPDATE loan SET lost_at = ? WHERE id = ? AND lost_at IS NULL'),
  withdrawCopy: sql.prepare(`UPDATE copy SET status = 'withdrawn', withdrawal_id = ?, note = CASE WHEN note = '' THEN ? ELSE note || '; ' || ? END
    WHERE id = ?`),
  markConfirmed: sql.prepare(`UPDATE withdrawal SET status = 'confirmed', confirmed_at = ? WHERE id = ?`),
  copyRefByCode: sql.prepare(`${COPY_REF} FROM copy c JOIN title t ON t.id = c.title_id WHERE c.accession_code = ? OR c.barcode = ?`),
  copyRefByNumber: sql.prepare(`${COPY_REF} FROM copy c JOIN title t ON t.id = c.title_id WHERE c.series_id = ? AND c.accession_number = ?`),
  lostCopies: sql.prepare(`${COPY_REF},
    EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.lost_at IS NOT NULL AND l.compensation IS NOT NULL) AS compensated
    FROM copy c JOIN title t ON t.id = c.title_id
    WHERE c.status <> 'withdrawn' AND (c.status = 'lost'
    OR EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.lost_at IS NOT NULL AND l.returned_at IS NULL))
    ORDER BY c.series_id, c.accession_number`),
});
const q = (sql: Sql) => prepared(sql, statements);

export function withdrawalById(sql: Sql, id: number): WithdrawalRow | undefined {
  return q(sql).byId.get(id) as WithdrawalRow | undefined;
}

/** The copies of a biên bản, by series and ĐKCB number. */
export function withdrawalItems(sql: Sql, withdrawalId: number): WithdrawalItemRow[] {
  return q(sql).items.all(withdrawalId) as WithdrawalItemRow[];
}

/** Drafts first, then the newest. */
export function withdrawalIds(sql: Sql): number[] {
  return q(sql).ids.all() as number[];
}

export function withdrawalStatus(sql: Sql, id: number): string | undefined {
  return q(sql).status.get(id) as string | undefined;
}

export function copyForWithdrawal(sql: Sql, copyId: number): { id: number; code: string; status: string; price: number } | undefined {
  return q(sql).copy.get(copyId) as { id: number; code: string; status: string; price: number } | undefined;
}

export function insertWithdrawal(sql: Sql, fields: WithdrawalFields, createdAt: string): number {
  return Number(q(sql).insert.run({ ...fields, createdAt }).lastInsertRowid);
}

export function updateWithdrawal(sql: Sql, id: number, fields: WithdrawalFields): void {
  q(sql).update.run({ ...fields, id });
}

/** Replaces the copies of a biên bản. */
export function replaceWithdrawalItems(sql: Sql, withdrawalId: number, items: { copyId: number; reason: string; reasonNote: string; price: number }[]): void {
  const s = q(sql);
  s.deleteItems.run(withdrawalId);
  for (const i of items) s.insertItem.run(withdrawalId, i.copyId, i.reason, i.reasonNote, i.price);
}

/** Deletes a biên bản and its copies' lines. */
export function deleteWithdrawal(sql: Sql, id: number): void {
  q(sql).deleteItems.run(id);
  q(sql).delete.run(id);
}

export function openLoanOf(sql: Sql, copyId: number): { id: number; reader: string } | undefined {
  return q(sql).openLoan.get(copyId) as { id: number; reader: string } | undefined;
}

export function closeLoanAsLost(sql: Sql, loanId: number, at: string): void {
  q(sql).closeLoanLost.run(at, loanId);
}

/** Marks a copy withdrawn by this biên bản and appends `note` to its note. */
export function withdrawCopy(sql: Sql, copyId: number, withdrawalId: number, note: string): void {
  q(sql).withdrawCopy.run(withdrawalId, note, note, copyId);
}

export function markWithdrawalConfirmed(sql: Sql, id: number, at: string): void {
  q(sql).markConfirmed.run(at, id);
}

/** The copy whose ĐKCB or barcode is exactly `code`. */
export function copyRefByCode(sql: Sql, code: string): CopyRefRow | undefined {
  return q(sql).copyRefByCode.get(code, code) as CopyRefRow | undefined;
}

export function copyRefByNumber(sql: Sql, seriesId: number, number: number): CopyRefRow | undefined {
  return q(sql).copyRefByNumber.get(seriesId, number) as CopyRefRow | undefined;
}

/** Copies lost (status lost, or a loan closed as lost and never returned) and not yet withdrawn; `compensated` 0/1. */
export function lostCopyRows(sql: Sql): (CopyRefRow & { compensated: number })[] {
  return q(sql).lostCopies.all() as (CopyRefRow & { compensated: number })[];
}
