import { actorAccountId } from '../actor';
import { prepared, type Sql } from '../sql';

/**
 * Loans, visits and class sets (loan rules: `loan-rules.ts`). The desk (scan, checkout, return) runs on the statements
 * of `desk`: a handful of indexed look-ups prepared once per connection.
 */

export interface DeskCopyRow {
  id: number; titleId: number; code: string; barcode: string; status: string; price: number;
  title: string; volume: string; seriesCode: string; seriesName: string; withdrawalId: number | null;
  /** 1 when someone waits for the title or a copy of it is on the hold shelf (Đặt trước); 0 otherwise. */
  reserved: number;
}
/** A copy at the desk and the open loan holding it (null when it is free). */
export interface DeskCopyAtDesk { copy: DeskCopyRow; held: { id: number; readerId: number; fullName: string } | null }
export interface LoanRow {
  id: number; copyId: number; readerId: number; kind: string; checkoutAt: string; dueAt: string; returnedAt: string | null;
  renewals: number; classSet: string | null; lostAt: string | null; copyCode: string; titleId: number; title: string; volume: string; seriesCode: string;
  /** The accounts that lent it and took it back (null before accounts, or by the CLI). */
  lentBy: number | null; returnedBy: number | null;
}
export interface DeskReaderRow {
  id: number; kind: string; code: string; cardNumber: string; fullName: string; birthDate: string | null; sex: string;
  className: string; grade: number | null; department: string; position: string; subject: string; phone: string;
  schoolYear: string; firstSchoolYear: string; active: boolean; photo: string | null; cardIssuedAt: string | null; homeroomClass: string;
}
export type CopyResting = 'available' | 'held' | 'withdrawn' | 'lost';
export interface LossRow { id: number; readerId: number; note: string; compensation: string | null; amount: number | null }
export interface HolderRow { readerId: number; kind: string; dueAt: string; readerName: string; cardNumber: string; className: string; department: string }

const LOAN = `SELECT l.id, l.copy_id AS copyId, l.reader_id AS readerId, l.kind, l.checkout_at AS checkoutAt, l.due_at AS dueAt,
  l.returned_at AS returnedAt, l.renewals, l.class_set AS classSet, l.lost_at AS lostAt, c.accession_code AS copyCode,
  c.title_id AS titleId, t.title, t.volume, s.code AS seriesCode, l.lent_by AS lentBy, l.returned_by AS returnedBy
  FROM loan l JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id`;
const READER_COLUMNS = `id, kind, code, card_number AS cardNumber, full_name AS fullName, birth_date AS birthDate, sex, class_name AS className,
  grade, department, position, subject, phone, school_year AS schoolYear, first_school_year AS firstSchoolYear, active, photo,
  card_issued_at AS cardIssuedAt, homeroom_class AS homeroomClass`;
const READER = `SELECT ${READER_COLUMNS} FROM reader`;
// `reserved`: one indexed probe, so a scan of a title nobody reserved costs no extra statement.
const COPY = `SELECT c.id, c.title_id AS titleId, c.accession_code AS code, c.barcode, c.status, c.price, c.withdrawal_id AS withdrawalId, t.title, t.volume,
    s.code AS seriesCode, s.name AS seriesName,
    EXISTS (SELECT 1 FROM reservation rv WHERE rv.title_id = c.title_id AND rv.status IN ('waiting', 'ready')) AS reserved`;
const OPEN = 'l.returned_at IS NULL AND l.lost_at IS NULL';

const desk = (sql: Sql) => ({
  readerByCard: sql.prepare(`${READER} WHERE card_number = ? OR code = ? LIMIT 1`),
  readerById: sql.prepare(`${READER} WHERE id = ?`),
  copyByCode: sql.prepare(`${COPY} FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
    WHERE c.barcode = ? OR c.accession_code = ? LIMIT 1`),
  // The scan's first read: the copy with its open loan (at most one: a unique index) and who holds it.
  copyAtDesk: sql.prepare(`${COPY}, l.id AS heldLoanId, l.reader_id AS heldReaderId, r.full_name AS heldBy
    FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
    LEFT JOIN loan l ON l.copy_id = c.id AND ${OPEN} LEFT JOIN reader r ON r.id = l.reader_id
    WHERE c.barcode = ? OR c.accession_code = ? LIMIT 1`),
  readerWithVisits: sql.prepare(`SELECT ${READER_COLUMNS},
    (SELECT COUNT(*) FROM visit v WHERE v.reader_id = reader.id AND v.visited_at >= ?) AS visitsToday,
    EXISTS (SELECT 1 FROM reservation rv WHERE rv.reader_id = reader.id AND rv.status IN ('waiting', 'ready')) AS hasReservations
    FROM reader WHERE id = ?`),
  openLoanOfCopy: sql.prepare(`SELECT l.id, l.reader_id AS readerId, r.full_name AS fullName FROM loan l JOIN reader r ON r.id = l.reader_id
    WHERE l.copy_id = ? AND ${OPEN}`),
  holderOfCopy: sql.prepare(`SELECT l.reader_id AS readerId, l.kind, l.due_at AS dueAt, r.full_name AS readerName,
    COALESCE(NULLIF(r.card_number, ''), r.code) AS cardNumber, r.class_name AS className, r.department
    FROM loan l JOIN reader r ON r.id = l.reader_id WHERE l.copy_id = ? AND ${OPEN}`),
  openLoansOfReader: sql.prepare(`${LOAN} WHERE l.reader_id = ? AND ${OPEN}`),
  loansOfReader: sql.prepare(`${LOAN} WHERE l.reader_id = ? ORDER BY l.checkout_at DESC, l.id DESC`),
  loanById: sql.prepare(`${LOAN} WHERE l.id = ?`),
  seriesNames: sql.prepare('SELECT code, name FROM collection_series'),
  insertLoan: sql.prepare(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at, renewals, class_set, override_reason, note, lent_by)
    VALUES (?, ?, ?, ?, ?, 0, ?, ?, '', ?)`),
  setCopyStatus: sql.prepare('UPDATE copy SET status = ? WHERE id = ?'),
  restingStatus: sql.prepare(`SELECT CASE WHEN c.status = 'withdrawn' OR c.withdrawal_id IS NOT NULL THEN 'withdrawn'
    WHEN c.status = 'lost' OR EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.lost_at IS NOT NULL AND l.returned_at IS NULL) THEN 'lost'
    ELSE 'available' END AS status FROM copy c WHERE c.id = ?`),
  unresolvedLosses: sql.prepare(`SELECT id, reader_id AS readerId, note, compensation, compensation_amount AS amount FROM loan
    WHERE copy_id = ? AND lost_at IS NOT NULL AND returned_at IS NULL`),
  returnLoan: sql.prepare('UPDATE loan SET returned_at = ?, returned_by = ? WHERE id = ?'),
  titleByIsbn: sql.prepare('SELECT id, title, volume FROM title WHERE isbn = ? LIMIT 1'),
  visitsOfReaderSince: sql.prepare('SELECT COUNT(*) AS n FROM visit WHERE reader_id = ? AND visited_at >= ?'),
  headcountSince: sql.prepare('SELECT COALESCE(SUM(headcount), 0) AS n FROM visit WHERE visited_at >= ?'),
  insertVisit: sql.prepare(`INSERT INTO visit (reader_id, visited_at, headcount, purpose, note) VALUES (?, ?, ?, 'read', ?)`),
  lastVisitOfReaderSince: sql.prepare('SELECT id, visited_at AS visitedAt FROM visit WHERE reader_id = ? AND visited_at >= ? ORDER BY visited_at DESC, id DESC LIMIT 1'),
  insertInLibraryUse: sql.prepare('INSERT INTO in_library_use (copy_id, reader_id, used_at) VALUES (?, ?, ?)'),
  inLibraryUsesSince: sql.prepare('SELECT COUNT(*) AS n FROM in_library_use WHERE used_at >= ?'),
  withdrawalById: sql.prepare('SELECT number, date, approval_date AS approvalDate FROM withdrawal WHERE id = ?'),
  draftWithdrawalOfCopy: sql.prepare(`SELECT w.number FROM withdrawal_item i JOIN withdrawal w ON w.id = i.withdrawal_id
    WHERE i.copy_id = ? AND w.status = 'draft' LIMIT 1`),
  closeLoss: sql.prepare('UPDATE loan SET returned_at = ?, note = ? WHERE id = ?'),
  setDue: sql.prepare('UPDATE loan SET due_at = ?, renewals = renewals + ? WHERE id = ?'),
  deleteLoan: sql.prepare('DELETE FROM loan WHERE id = ?'),
  reopenLoan: sql.prepare('UPDATE loan SET returned_at = NULL, returned_by = NULL WHERE id = ?'),
  markLost: sql.prepare('UPDATE loan SET lost_at = ?, compensation = ?, compensation_amount = ?, note = ? WHERE id = ?'),
});
const d = (sql: Sql) => prepared(sql, desk);
const withActive = (r: Omit<DeskReaderRow, 'active'> & { active: number }): DeskReaderRow => ({ ...r, active: !!r.active });

export function copyByCode(sql: Sql, code: string): DeskCopyRow | undefined {
  return d(sql).copyByCode.get(code, code) as DeskCopyRow | undefined;
}

/** A reader by card number (`card`) or reader code (`code`). */
export function readerByCard(sql: Sql, card: string, code: string): DeskReaderRow | undefined {
  const r = d(sql).readerByCard.get(card, code) as (Omit<DeskReaderRow, 'active'> & { active: number }) | undefined;
  return r && withActive(r);
}

/** The copy a scan names, with its open loan if any: `held` is null when no open loan holds it. */
export function copyAtDesk(sql: Sql, code: string): DeskCopyAtDesk | undefined {
  const row = d(sql).copyAtDesk.get(code, code) as (DeskCopyRow & { heldLoanId: number | null; heldReaderId: number | null; heldBy: string | null }) | undefined;
  if (!row) return undefined;
  const { heldLoanId, heldReaderId, heldBy, ...copy } = row;
  return { copy, held: heldLoanId === null ? null : { id: heldLoanId, readerId: heldReaderId!, fullName: heldBy! } };
}

/**
 * A reader with the number of their visits since an ISO instant (the desk panel's "visits today"), and whether they
 * have open reservations (so the panel reads them only then).
 */
export function readerWithVisits(sql: Sql, id: number, since: string): (DeskReaderRow & { visitsToday: number; hasReservations: boolean }) | undefined {
  const r = d(sql).readerWithVisits.get(since, id) as (Omit<DeskReaderRow, 'active'> & { active: number; visitsToday: number; hasReservations: number }) | undefined;
  if (!r) return undefined;
  const { hasReservations, ...reader } = r;
  return { ...withActive(reader), visitsToday: Number(r.visitsToday), hasReservations: !!hasReservations };
}

export function readerById(sql: Sql, id: number): DeskReaderRow | undefined {
  const r = d(sql).readerById.get(id) as (Omit<DeskReaderRow, 'active'> & { active: number }) | undefined;
  return r && withActive(r);
}

/** The open loan (neither returned nor lost) holding a copy, with its reader's name. */
export function openLoanOfCopy(sql: Sql, copyId: number): { id: number; readerId: number; fullName: string } | undefined {
  return d(sql).openLoanOfCopy.get(copyId) as { id: number; readerId: number; fullName: string } | undefined;
}

/** Who holds a copy, as the read-only look-up shows it. */
export function holderOfCopy(sql: Sql, copyId: number): HolderRow | undefined {
  return d(sql).holderOfCopy.get(copyId) as HolderRow | undefined;
}

export function openLoansOfReader(sql: Sql, readerId: number): LoanRow[] {
  return d(sql).openLoansOfReader.all(readerId) as LoanRow[];
}

/** Every loan of a reader, newest first. */
export function loansOfReader(sql: Sql, readerId: number): LoanRow[] {
  return d(sql).loansOfReader.all(readerId) as LoanRow[];
}

export function loanById(sql: Sql, id: number): LoanRow | undefined {
  return d(sql).loanById.get(id) as LoanRow | undefined;
}

export function seriesNames(sql: Sql): { code: string; name: string }[] {
  return d(sql).seriesNames.all() as { code: string; name: string }[];
}

/** Writes a loan; returns its id. Throws SQLite's UNIQUE error when the copy already has an open loan. */
export function insertLoan(sql: Sql, loan: { copyId: number; readerId: number; kind: string; checkoutAt: string; dueAt: string; classSet: string | null; overrideReason: string | null }): number {
  return Number(d(sql).insertLoan.run(loan.copyId, loan.readerId, loan.kind, loan.checkoutAt, loan.dueAt, loan.classSet, loan.overrideReason, actorAccountId()).lastInsertRowid);
}

export function setCopyStatus(sql: Sql, copyId: number, status: string): void {
  d(sql).setCopyStatus.run(status, copyId);
}

/** Where a copy rests once no open loan holds it: out of stock if weeded or still recorded lost, else on the shelf. */
export function restingStatus(sql: Sql, copyId: number): CopyResting {
  return (d(sql).restingStatus.get(copyId) as { status: CopyResting }).status;
}

/** Losses of a copy not yet closed by "Tìm thấy". */
export function unresolvedLosses(sql: Sql, copyId: number): LossRow[] {
  return d(sql).unresolvedLosses.all(copyId) as LossRow[];
}

export function returnLoan(sql: Sql, loanId: number, at: string): void {
  d(sql).returnLoan.run(at, actorAccountId(), loanId);
}

export function titleByIsbn(sql: Sql, isbn: string): { id: number; title: string; volume: string } | undefined {
  return d(sql).titleByIsbn.get(isbn) as { id: number; title: string; volume: string } | undefined;
}

export function visitsOfReaderSince(sql: Sql, readerId: number, since: string): number {
  return Number((d(sql).visitsOfReaderSince.get(readerId, since) as { n: number }).n);
}

/** Head count of every visit since an ISO instant. */
export function headcountSince(sql: Sql, since: string): number {
  return Number((d(sql).headcountSince.get(since) as { n: number }).n);
}

export function insertVisit(sql: Sql, readerId: number | null, at: string, headcount: number, note: string): number {
  return Number(d(sql).insertVisit.run(readerId, at, headcount, note).lastInsertRowid);
}

/** The reader's latest visit at or after an ISO instant (a card scanned again within minutes is the same visit). */
export function lastVisitOfReaderSince(sql: Sql, readerId: number, since: string): { id: number; visitedAt: string } | undefined {
  return d(sql).lastVisitOfReaderSince.get(readerId, since) as { id: number; visitedAt: string } | undefined;
}

/** Lượt đọc tại chỗ: a copy read in the library (no loan), with the reader open at the desk if any. */
export function insertInLibraryUse(sql: Sql, copyId: number, readerId: number | null, at: string): number {
  return Number(d(sql).insertInLibraryUse.run(copyId, readerId, at).lastInsertRowid);
}

/** In-library uses recorded since an ISO instant. */
export function inLibraryUsesSince(sql: Sql, since: string): number {
  return Number((d(sql).inLibraryUsesSince.get(since) as { n: number }).n);
}

export function withdrawalById(sql: Sql, id: number): { number: string; date: string; approvalDate: string | null } | undefined {
  return d(sql).withdrawalById.get(id) as { number: string; date: string; approvalDate: string | null } | undefined;
}

/** The draft biên bản xuất a copy is on, if any. */
export function draftWithdrawalOfCopy(sql: Sql, copyId: number): { number: string } | undefined {
  return d(sql).draftWithdrawalOfCopy.get(copyId) as { number: string } | undefined;
}

/** Closes a loss ("Tìm thấy"): the loan gets a return date and a note. */
export function closeLoss(sql: Sql, loanId: number, at: string, note: string): void {
  d(sql).closeLoss.run(at, note, loanId);
}

/** Moves a loan's due date, counting a renewal (`renewals` +1) or undoing one (-1). */
export function setDue(sql: Sql, loanId: number, dueAt: string, renewals: 1 | -1): void {
  d(sql).setDue.run(dueAt, renewals, loanId);
}

export function deleteLoan(sql: Sql, loanId: number): void {
  d(sql).deleteLoan.run(loanId);
}

export function reopenLoan(sql: Sql, loanId: number): void {
  d(sql).reopenLoan.run(loanId);
}

export function markLoanLost(sql: Sql, loanId: number, at: string, compensation: string | null, amount: number | null, note: string): void {
  d(sql).markLost.run(at, compensation, amount, note, loanId);
}

// Class sets (bộ SGK lent to a whole class for the school year).

export interface ClassSetTitleRow { titleId: number; title: string; volume: string; subject: string; available: number; alreadyLent: number }
export interface ClassSetSummaryRow { classSet: string; className: string; students: number; open: number; returned: number }
export interface ClassSetListRow { readerId: number; fullName: string; className: string; code: string; title: string; volume: string; returnedAt: string | null }

const classSets = (sql: Sql) => ({
  titles: sql.prepare(`SELECT t.id AS titleId, t.title, t.volume, t.subject,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available') AS available,
      (SELECT COUNT(*) FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.title_id = t.id AND l.class_set = ? AND ${OPEN}) AS alreadyLent
    FROM title t JOIN collection_series s ON s.id = t.series_id
    WHERE s.register_group = 'SGK'
      AND (t.grade_level = ? OR (t.grade_level IS NULL AND (' ' || t.title || ' ') LIKE '% ' || ? || ' %'))`),
  students: sql.prepare(`SELECT id, full_name AS fullName FROM reader WHERE kind = 'student' AND active = 1 AND class_name = ?`),
  inactiveStudents: sql.prepare(`SELECT id, full_name AS fullName FROM reader WHERE kind = 'student' AND active = 0 AND class_name = ?`),
  holders: sql.prepare(`SELECT l.reader_id AS readerId FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.title_id = ? AND ${OPEN}`),
  shelf: sql.prepare(`SELECT c.id FROM copy c WHERE c.title_id = ? AND c.status = 'available'
    AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND ${OPEN})
    ORDER BY c.series_id, c.accession_number`),
  titleName: sql.prepare('SELECT title, volume FROM title WHERE id = ?'),
  insertLoan: sql.prepare(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at, renewals, class_set, note, lent_by) VALUES (?, ?, 'long', ?, ?, 0, ?, '', ?)`),
  lent: sql.prepare(`UPDATE copy SET status = 'onLoan' WHERE id = ?`),
  openLoans: sql.prepare(`SELECT l.id, l.copy_id AS copyId, c.accession_code AS code, c.title_id AS titleId, s.code AS seriesCode,
      EXISTS (SELECT 1 FROM reservation rv WHERE rv.title_id = c.title_id AND rv.status IN ('waiting', 'ready')) AS reserved
    FROM loan l JOIN copy c ON c.id = l.copy_id JOIN collection_series s ON s.id = c.series_id WHERE l.class_set = ? AND ${OPEN}`),
  // Never back into stock when the copy is on a biên bản xuất (same rule as the desk's return).
  returnLoan: sql.prepare('UPDATE loan SET returned_at = ?, returned_by = ? WHERE id = ?'),
  restock: sql.prepare(`UPDATE copy SET status = 'available' WHERE id = ? AND status = 'onLoan' AND withdrawal_id IS NULL`),
  summaries: sql.prepare(`SELECT l.class_set AS classSet, MIN(r.class_name) AS className, COUNT(DISTINCT l.reader_id) AS students,
      SUM(CASE WHEN ${OPEN} THEN 1 ELSE 0 END) AS open,
      SUM(CASE WHEN l.returned_at IS NOT NULL THEN 1 ELSE 0 END) AS returned
    FROM loan l JOIN reader r ON r.id = l.reader_id WHERE l.class_set IS NOT NULL GROUP BY l.class_set`),
  list: sql.prepare(`SELECT r.id AS readerId, r.full_name AS fullName, r.class_name AS className, c.accession_code AS code, t.title, t.volume, l.returned_at AS returnedAt
    FROM loan l JOIN reader r ON r.id = l.reader_id JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id
    WHERE l.class_set = ? AND l.lost_at IS NULL`),
});
const cs = (sql: Sql) => prepared(sql, classSets);

/** SGK titles of a grade (by grade level, or "6" as a word of the title when it has none), with copies on the shelf and already lent to `classSet`. */
export function classSetTitleRows(sql: Sql, classSet: string, grade: number): ClassSetTitleRow[] {
  return (cs(sql).titles.all(classSet, grade, String(grade)) as ClassSetTitleRow[])
    .map((t) => ({ ...t, available: Number(t.available), alreadyLent: Number(t.alreadyLent) }));
}

export function activeStudentsOfClass(sql: Sql, className: string): { id: number; fullName: string }[] {
  return cs(sql).students.all(className) as { id: number; fullName: string }[];
}

/** Students of a class whose card is inactive (thôi hoạt động): a class set lends them nothing. */
export function inactiveStudentsOfClass(sql: Sql, className: string): { id: number; fullName: string }[] {
  return cs(sql).inactiveStudents.all(className) as { id: number; fullName: string }[];
}

/** Readers holding a copy of a title (open loans). */
export function holdersOfTitle(sql: Sql, titleId: number): number[] {
  return (cs(sql).holders.all(titleId) as { readerId: number }[]).map((h) => h.readerId);
}

/** Copies of a title on the shelf, in accession order. */
export function shelfCopiesOfTitle(sql: Sql, titleId: number): number[] {
  return (cs(sql).shelf.all(titleId) as { id: number }[]).map((c) => c.id);
}

export function titleName(sql: Sql, titleId: number): { title: string; volume: string } | undefined {
  return cs(sql).titleName.get(titleId) as { title: string; volume: string } | undefined;
}

/** One long loan of a class set; the copy goes on loan. */
export function insertClassSetLoan(sql: Sql, copyId: number, readerId: number, checkoutAt: string, dueAt: string, classSet: string): void {
  const s = cs(sql);
  s.insertLoan.run(copyId, readerId, checkoutAt, dueAt, classSet, actorAccountId());
  s.lent.run(copyId);
}

/** The open loans of a class set, with their copies (and whether someone waits for the title: Đặt trước). */
export function openClassSetLoans(sql: Sql, classSet: string): ClassSetLoanRow[] {
  return cs(sql).openLoans.all(classSet) as ClassSetLoanRow[];
}
export interface ClassSetLoanRow { id: number; copyId: number; code: string; titleId: number; seriesCode: string; reserved: number }

/** Returns one loan of a class set: the copy goes back on the shelf unless it is on a biên bản xuất; true when it did. */
export function returnClassSetLoan(sql: Sql, loan: { id: number; copyId: number }, at: string): boolean {
  const s = cs(sql);
  s.returnLoan.run(at, actorAccountId(), loan.id);
  return s.restock.run(loan.copyId).changes > 0;
}

export function classSetSummaries(sql: Sql): ClassSetSummaryRow[] {
  return (cs(sql).summaries.all() as ClassSetSummaryRow[])
    .map((c) => ({ ...c, students: Number(c.students), open: Number(c.open), returned: Number(c.returned) }));
}

/** The loans of a class set (lost ones left out), for its printed list. */
export function classSetListRows(sql: Sql, classSet: string): ClassSetListRow[] {
  return cs(sql).list.all(classSet) as ClassSetListRow[];
}

// Overdue loans.

export interface OverdueLoanRow {
  loanId: number; readerId: number; readerName: string; cardNumber: string; readerKind: 'student' | 'teacher' | 'staff'; className: string;
  department: string; copyCode: string; title: string; price: number; dueAt: string;
}
export type ReaderGroup = 'all' | 'student' | 'staff';

const OVERDUE = `SELECT l.id AS loanId, r.id AS readerId, r.full_name AS readerName, r.card_number AS cardNumber, r.kind AS readerKind,
    r.class_name AS className, r.department, c.accession_code AS copyCode,
    CASE WHEN t.volume <> '' THEN t.title || ', ' || t.volume ELSE t.title END AS title, c.price, l.due_at AS dueAt
  FROM loan l JOIN reader r ON r.id = l.reader_id JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id
  WHERE ${OPEN} AND l.kind <> 'inLibrary' AND l.due_at < @today`;
const GROUP: Record<ReaderGroup, string> = { all: '', student: ` AND r.kind = 'student'`, staff: ` AND r.kind <> 'student'` };
const overdue = (sql: Sql) => {
  const built = new Map<string, ReturnType<Sql['prepare']>>();
  return (byClass: boolean, group: ReaderGroup) => {
    const key = `${byClass}:${group}`;
    let s = built.get(key);
    if (!s) built.set(key, (s = sql.prepare(`${OVERDUE}${byClass ? ' AND r.class_name = @className' : ''}${GROUP[group]}`)));
    return s;
  };
};

/** Open loans due before `today` (in-library loans are never late), of one class and/or reader group. */
export function overdueLoanRows(sql: Sql, today: string, filter: { className?: string; group?: ReaderGroup }): OverdueLoanRow[] {
  const stmt = prepared(sql, overdue)(!!filter.className, filter.group ?? 'all');
  return stmt.all(filter.className ? { today, className: filter.className } : { today }) as OverdueLoanRow[];
}
