import { inStockSql } from '../../../shared/stock';
import { prepared, type Sql } from '../sql';

/** The counts the self-assessment (TT 16/2022) measures; each a plain number. */
const statements = (sql: Sql) => ({
  students: sql.prepare("SELECT COUNT(*) AS n FROM reader WHERE kind = 'student' AND active = 1"),
  inStock: sql.prepare(`SELECT COUNT(*) AS n FROM copy c WHERE ${inStockSql('c.status')}`),
  booksInStock: sql.prepare(`SELECT COUNT(*) AS n FROM copy c JOIN collection_series s ON s.id = c.series_id
    WHERE ${inStockSql('c.status')} AND s.material = 'sach'`),
  teachersBySubject: sql.prepare("SELECT subject, COUNT(*) AS teachers FROM reader WHERE kind = 'teacher' AND active = 1 AND subject <> '' GROUP BY subject ORDER BY subject"),
  teacherSets: sql.prepare(`SELECT MIN(k) AS n FROM (SELECT t.id, (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND ${inStockSql('c.status')}) AS k
    FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.register_group = 'SNV' AND t.subject = ?)`),
  loanBreakdown: sql.prepare(`SELECT
      COALESCE(SUM(r.kind = 'student' AND l.kind <> 'inLibrary' AND l.class_set IS NULL), 0) AS students,
      COALESCE(SUM(r.kind = 'student' AND l.kind <> 'inLibrary' AND l.class_set IS NOT NULL), 0) AS classSets,
      COALESCE(SUM(r.kind <> 'student' AND l.kind <> 'inLibrary'), 0) AS staff,
      COALESCE(SUM(l.kind = 'inLibrary'), 0) AS inLibrary
    FROM loan l JOIN reader r ON r.id = l.reader_id WHERE l.checkout_at >= ? AND l.checkout_at < ?`),
  visits: sql.prepare('SELECT COALESCE(SUM(headcount), 0) AS n FROM visit WHERE visited_at >= ? AND visited_at < ?'),
  inLibraryUses: sql.prepare('SELECT COUNT(*) AS n FROM in_library_use WHERE used_at >= ? AND used_at < ?'),
  activities: sql.prepare('SELECT COUNT(*) AS n FROM reading_activity WHERE date BETWEEN ? AND ?'),
  periodicals: sql.prepare('SELECT COUNT(*) AS n FROM periodical WHERE active = 1 AND copies_ordered >= ?'),
  confirmedBatches: sql.prepare("SELECT COUNT(*) AS n FROM accession_batch WHERE status = 'confirmed'"),
  copies: sql.prepare('SELECT COUNT(*) AS n FROM copy'),
  loans: sql.prepare('SELECT COUNT(*) AS n FROM loan WHERE checkout_at >= ? AND checkout_at < ?'),
  bookDays: sql.prepare("SELECT COUNT(*) AS n FROM reading_activity WHERE form = 'ngay_sach' AND date BETWEEN ? AND ?"),
});
type Name = keyof ReturnType<typeof statements>;
const count = (sql: Sql, name: Exclude<Name, 'teachersBySubject' | 'loanBreakdown'>, ...params: unknown[]) =>
  Number((prepared(sql, statements)[name].get(...params) as { n: number | null }).n ?? 0);

export const activeStudents = (sql: Sql) => count(sql, 'students');
/** Copies in stock (shared/stock.ts), every material. */
export const copiesInStock = (sql: Sql) => count(sql, 'inStock');
/** Copies in stock of series whose material is books. */
export const booksInStock = (sql: Sql) => count(sql, 'booksInStock');
export function activeTeachersBySubject(sql: Sql): { subject: string; teachers: number }[] {
  return prepared(sql, statements).teachersBySubject.all() as { subject: string; teachers: number }[];
}
/** The fewest copies in stock of any SNV title of the subject: the complete sets of teachers' books. */
export const teacherSetsOf = (sql: Sql, subject: string) => count(sql, 'teacherSets', subject);
/**
 * The loans checked out in [from, toNext), split the way TT 16's "lượt mượn bình quân trên một học sinh"
 * needs them (docs/domain.md, "Which loans count where"): students' own loans taken home; students'
 * textbooks of a class set ("Mượn theo lớp"); loans to teachers and staff taken home; in-library loans.
 */
export interface LoanBreakdown { students: number; classSets: number; staff: number; inLibrary: number }
export function loanBreakdownBetween(sql: Sql, from: string, toNext: string): LoanBreakdown {
  const r = prepared(sql, statements).loanBreakdown.get(from, toNext) as LoanBreakdown;
  return { students: Number(r.students), classSets: Number(r.classSets), staff: Number(r.staff), inLibrary: Number(r.inLibrary) };
}
/** Lượt đến thư viện: visits (head counts) in [from, toNext). */
export const visitsBetween = (sql: Sql, from: string, toNext: string) => count(sql, 'visits', from, toNext);
/** Lượt đọc tại chỗ recorded by scanning a copy in "Ghi lượt đọc" mode, in [from, toNext) (in-library loans apart). */
export const inLibraryUsesBetween = (sql: Sql, from: string, toNext: string) => count(sql, 'inLibraryUses', from, toNext);
export const activitiesBetween = (sql: Sql, from: string, to: string) => count(sql, 'activities', from, to);
/** Active periodicals ordered in at least `copies` copies. */
export const periodicalsOrdering = (sql: Sql, copies: number) => count(sql, 'periodicals', copies);
export const confirmedBatchCount = (sql: Sql) => count(sql, 'confirmedBatches');
export const copyCount = (sql: Sql) => count(sql, 'copies');
export const loansBetween = (sql: Sql, from: string, toNext: string) => count(sql, 'loans', from, toNext);
/** Ngày Sách activities held in the range. */
export const bookDaysBetween = (sql: Sql, from: string, to: string) => count(sql, 'bookDays', from, to);

/** The Ban giám hiệu's decisions on a year's self-assessment (issue 20): append-only, the latest counts. */
const approvals = (sql: Sql) => ({
  latest: sql.prepare(`SELECT status, account_id AS accountId, name, role_label AS roleLabel, at, note FROM selfcheck_approval
    WHERE school_year = ? ORDER BY id DESC LIMIT 1`),
  insert: sql.prepare('INSERT INTO selfcheck_approval (school_year, status, account_id, name, role_label, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)'),
});
export interface SelfcheckApprovalRow { status: 'approved' | 'returned'; accountId: number | null; name: string; roleLabel: string; at: string; note: string }
export const latestSelfcheckApproval = (sql: Sql, year: string) => prepared(sql, approvals).latest.get(year) as SelfcheckApprovalRow | undefined;
export function insertSelfcheckApproval(sql: Sql, year: string, a: SelfcheckApprovalRow): number {
  return Number(prepared(sql, approvals).insert.run(year, a.status, a.accountId, a.name, a.roleLabel, a.at, a.note).lastInsertRowid);
}
