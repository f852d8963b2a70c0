import type { Statement } from 'better-sqlite3';
import { inStockSql } from '../../../shared/stock';
import { prepared, type Sql } from '../sql';

/**
 * The registers' and minutes' reads (Sổ ĐKTQ, ĐKCB, SGK, mượn, báo chí, mục lục, biên bản). Read only;
 * a query with optional filters keeps one prepared statement per variant of its text.
 */
const variants = () => new Map<string, Statement>();
function statement(sql: Sql, text: string): Statement {
  const cache = prepared(sql, variants);
  let s = cache.get(text);
  if (!s) cache.set(text, (s = sql.prepare(text)));
  return s;
}
const rangeParams = (range: DateRange | null) => (range ? [range.from, range.to] : []);

export interface DateRange { from: string; to: string }

const statements = (sql: Sql) => ({
  seriesExists: sql.prepare('SELECT 1 FROM collection_series WHERE code = ?'),
  seriesName: sql.prepare('SELECT name FROM collection_series WHERE code = ?'),
  firstBatchDate: sql.prepare("SELECT MIN(date) AS d FROM accession_batch WHERE status = 'confirmed'"),
  seriesWithCopies: sql.prepare(`SELECT s.code, s.name, COUNT(c.id) AS copies FROM collection_series s LEFT JOIN copy c ON c.series_id = s.id
      GROUP BY s.id ORDER BY s.sort_order, s.id`),
  studentClasses: sql.prepare("SELECT DISTINCT class_name AS c FROM reader WHERE kind = 'student' AND class_name <> '' ORDER BY class_name"),
  confirmedBatches: sql.prepare(`SELECT id, register_number AS registerNumber, date, source, voucher_number AS voucherNumber, total_copies AS totalCopies,
      total_value AS totalValue FROM accession_batch WHERE status = 'confirmed' ORDER BY register_number DESC`),
  confirmedWithdrawals: sql.prepare(`SELECT w.id, w.number, w.date, COUNT(wi.id) AS copies FROM withdrawal w LEFT JOIN withdrawal_item wi ON wi.withdrawal_id = w.id
      WHERE w.status = 'confirmed' GROUP BY w.id ORDER BY w.date DESC`),
  periodicals: sql.prepare(`SELECT p.id, p.name, p.publisher, p.frequency, p.language, p.copies_ordered AS copiesOrdered
      FROM periodical p WHERE p.active = 1 OR EXISTS (SELECT 1 FROM periodical_issue i WHERE i.periodical_id = p.id AND i.received_on BETWEEN ? AND ?)`),
  periodicalIssues: sql.prepare(`SELECT periodical_id AS pid, received_on AS d, issue_number AS n FROM periodical_issue
    WHERE received_on BETWEEN ? AND ? ORDER BY received_on, id`),
  batchById: sql.prepare("SELECT * FROM accession_batch WHERE id = ? AND status = 'confirmed'"),
  latestBatch: sql.prepare("SELECT * FROM accession_batch WHERE status = 'confirmed' ORDER BY register_number DESC LIMIT 1"),
  batchCopies: sql.prepare(`SELECT c.title_id AS titleId, c.accession_code AS code, c.accession_number AS n, c.price, t.title, t.volume, t.authors,
      t.publisher, t.publication_year AS pubYear, s.name AS seriesName
    FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id WHERE c.batch_id = ?
    ORDER BY s.sort_order, c.title_id, c.price, c.accession_number`),
  withdrawalById: sql.prepare('SELECT * FROM withdrawal WHERE id = ?'),
  latestWithdrawal: sql.prepare("SELECT * FROM withdrawal WHERE status = 'confirmed' ORDER BY date DESC, id DESC LIMIT 1"),
  withdrawalItems: sql.prepare(`SELECT c.accession_code AS code, wi.price, wi.reason, wi.reason_note AS reasonNote, t.title, t.volume
    FROM withdrawal_item wi JOIN copy c ON c.id = wi.copy_id JOIN title t ON t.id = c.title_id WHERE wi.withdrawal_id = ?
    ORDER BY c.series_id, c.accession_number`),
});
const q = (sql: Sql) => prepared(sql, statements);

// ---- shared look-ups ----

export function seriesExists(sql: Sql, code: string): boolean {
  return !!q(sql).seriesExists.get(code);
}

export function seriesNameOf(sql: Sql, code: string): string | undefined {
  return (q(sql).seriesName.get(code) as { name: string } | undefined)?.name;
}

/** The date of the first confirmed accession batch (the book's first entry), or null. */
export function firstBatchDate(sql: Sql): string | null {
  return (q(sql).firstBatchDate.get() as { d: string | null }).d;
}

/** Stocktake results of each copy in the given school years, oldest stocktake first. */
export function stocktakeResults(sql: Sql, years: string[]): { copyId: number; year: string; result: string }[] {
  return statement(sql, `SELECT si.copy_id AS copyId, st.school_year AS year, si.result FROM stocktake_item si
    JOIN stocktake st ON st.id = si.stocktake_id WHERE si.copy_id IS NOT NULL AND st.school_year IN (${years.map(() => '?').join(',')})
    ORDER BY st.started_at, si.id`).all(...years) as { copyId: number; year: string; result: string }[];
}

// ---- registers.options ----

export interface OptionBatch { id: number; registerNumber: number | null; date: string; source: string; voucherNumber: string; totalCopies: number; totalValue: number }
export interface OptionWithdrawal { id: number; number: string; date: string; copies: number }

export function seriesWithCopies(sql: Sql): { code: string; name: string; copies: number }[] {
  return q(sql).seriesWithCopies.all() as { code: string; name: string; copies: number }[];
}
export function studentClasses(sql: Sql): string[] {
  return (q(sql).studentClasses.all() as { c: string }[]).map((r) => r.c);
}
export function confirmedBatches(sql: Sql): OptionBatch[] {
  return q(sql).confirmedBatches.all() as OptionBatch[];
}
export function confirmedWithdrawals(sql: Sql): OptionWithdrawal[] {
  return q(sql).confirmedWithdrawals.all() as OptionWithdrawal[];
}

// ---- Sổ đăng ký báo, tạp chí ----

export interface RegisterPeriodical { id: number; name: string; publisher: string; frequency: string; language: string; copiesOrdered: number }

/** Periodicals still taken, or with an issue received in the range. */
export function periodicalsOfRange(sql: Sql, range: DateRange): RegisterPeriodical[] {
  return q(sql).periodicals.all(range.from, range.to) as RegisterPeriodical[];
}
export function periodicalIssuesOfRange(sql: Sql, range: DateRange): { pid: number; d: string; n: string }[] {
  return q(sql).periodicalIssues.all(range.from, range.to) as { pid: number; d: string; n: string }[];
}

// ---- Mục lục chữ cái ----

export interface CatalogueCopyRow {
  titleId: number; title: string; volume: string; authors: string; publisher: string; pubYear: number | null; cls: string; code: string; n: number;
}

/** Copies in stock of confirmed batches, by title then ĐKCB; optionally one series, one school year's batches. */
export function catalogueCopies(sql: Sql, seriesCode: string | undefined, range: DateRange | null): CatalogueCopyRow[] {
  return statement(sql, `SELECT t.id AS titleId, t.title, t.volume, t.authors, t.publisher, t.publication_year AS pubYear, t.classification AS cls,
      c.accession_code AS code, c.accession_number AS n
    FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
    JOIN accession_batch b ON b.id = c.batch_id AND b.status = 'confirmed'
    WHERE ${inStockSql('c.status')} ${seriesCode ? 'AND s.code = ?' : ''} ${range ? 'AND b.date BETWEEN ? AND ?' : ''}
    ORDER BY t.id, c.series_id, c.accession_number`).all(...(seriesCode ? [seriesCode] : []), ...rangeParams(range)) as CatalogueCopyRow[];
}

// ---- Sổ đăng ký cá biệt ----

export interface IndividualCopyRow {
  id: number; seriesCode: string; seriesName: string; code: string; n: number; batchDate: string; registerNumber: number | null;
  authors: string; title: string; volume: string; place: string; publisher: string; pubYear: number | null;
  price: number; mode: string; cls: string; location: string; status: string; note: string;
  wNumber: string | null; wDate: string | null; wDecision: string | null;
}

/** The series ids of the book, in register order (one series when a code is given). */
export function registerSeriesIds(sql: Sql, seriesCode: string | undefined): number[] {
  return (statement(sql, `SELECT id FROM collection_series s ${seriesCode ? 'WHERE s.code = ?' : ''} ORDER BY s.sort_order, s.id`)
    .all(...(seriesCode ? [seriesCode] : [])) as { id: number }[]).map((r) => r.id);
}

/**
 * One keyset chunk of a series' copies of confirmed batches after accession number `after`, in ĐKCB order
 * (index on series_id, accession_number), at most `limit` rows.
 */
export function individualCopiesChunk(sql: Sql, seriesId: number, after: number, range: DateRange | null, limit: number): IndividualCopyRow[] {
  const where = `b.status = 'confirmed'${range ? ' AND b.date BETWEEN ? AND ?' : ''}`;
  return statement(sql, `SELECT c.id, s.code AS seriesCode, s.name AS seriesName, c.accession_code AS code, c.accession_number AS n, b.date AS batchDate,
      b.register_number AS registerNumber, t.authors, t.title, t.volume, t.place_of_publication AS place, t.publisher,
      t.publication_year AS pubYear, c.price, c.acquisition_mode AS mode, t.classification AS cls, c.location, c.status, c.note,
      w.number AS wNumber, COALESCE(w.approval_date, w.date) AS wDate, w.decision_number AS wDecision
    FROM copy c JOIN collection_series s ON s.id = c.series_id JOIN title t ON t.id = c.title_id
    JOIN accession_batch b ON b.id = c.batch_id
    LEFT JOIN withdrawal w ON w.id = c.withdrawal_id AND w.status = 'confirmed'
    WHERE c.series_id = ? AND c.accession_number > ? AND ${where} ORDER BY c.accession_number LIMIT ${limit}`)
    .all(seriesId, after, ...rangeParams(range)) as IndividualCopyRow[];
}

// ---- Sổ đăng ký tổng quát ----

/** The column groups shared by the three parts of Sổ ĐKTQ (docs/domain.md, "Sổ đăng ký tổng quát (ĐKTQ)"): material, value, content group, language. */
const COUNTS = `
  COALESCE(SUM(s.material = 'sach'), 0) AS sach, COALESCE(SUM(s.material = 'bao'), 0) AS bao,
  COALESCE(SUM(s.material = 'tranh'), 0) AS tranh, COALESCE(SUM(s.material = 'bangdia'), 0) AS bangdia,
  COALESCE(SUM(c.price), 0) AS value,
  COALESCE(SUM(s.register_group = 'SGK'), 0) AS sgk, COALESCE(SUM(s.register_group = 'SNV'), 0) AS snv,
  COALESCE(SUM(s.register_group = 'STK'), 0) AS stk, COALESCE(SUM(s.register_group = 'STN'), 0) AS stn,
  COALESCE(SUM(s.register_group NOT IN ('SGK', 'SNV', 'STK', 'STN')), 0) AS khac,
  COALESCE(SUM(t.language = 'en'), 0) AS en, COALESCE(SUM(t.language = 'fr'), 0) AS fr,
  COALESCE(SUM(t.language NOT IN ('vi', 'en', 'fr')), 0) AS other`;
export const COUNT_KEYS = ['sach', 'bao', 'tranh', 'bangdia', 'value', 'sgk', 'snv', 'stk', 'stn', 'khac', 'en', 'fr', 'other'] as const;
export type Counts = Record<(typeof COUNT_KEYS)[number], number>;

/** Copies accessioned (confirmed batches dated in the range) or withdrawn (confirmed withdrawals dated in the range), counted. */
export function countsBetween(sql: Sql, which: 'added' | 'removed', range: DateRange): Counts {
  const text = which === 'removed'
    ? `SELECT ${COUNTS} FROM withdrawal_item wi JOIN withdrawal w ON w.id = wi.withdrawal_id AND w.status = 'confirmed'
       JOIN copy c ON c.id = wi.copy_id JOIN collection_series s ON s.id = c.series_id JOIN title t ON t.id = c.title_id WHERE w.date BETWEEN ? AND ?`
    : `SELECT ${COUNTS} FROM copy c JOIN accession_batch b ON b.id = c.batch_id AND b.status = 'confirmed'
       JOIN collection_series s ON s.id = c.series_id JOIN title t ON t.id = c.title_id WHERE b.date BETWEEN ? AND ?`;
  return statement(sql, text).get(range.from, range.to) as Counts;
}

export type GeneralBatchRow = Counts & { registerNumber: number | null; date: string; source: string; supplier: string; voucher: string; note: string };
export type GeneralWithdrawalRow = Counts & {
  number: string; date: string; approvalDate: string | null; damaged: number; lost: number; lostPaid: number; outdated: number; otherReason: number;
};

/** Phần I: each confirmed batch with its copies counted. */
export function generalBatches(sql: Sql, range: DateRange | null): GeneralBatchRow[] {
  return statement(sql, `SELECT b.id, b.register_number AS registerNumber, b.date, b.source, b.supplier, b.voucher_number AS voucher, b.note, ${COUNTS}
    FROM accession_batch b LEFT JOIN copy c ON c.batch_id = b.id LEFT JOIN collection_series s ON s.id = c.series_id LEFT JOIN title t ON t.id = c.title_id
    WHERE b.status = 'confirmed' ${range ? 'AND b.date BETWEEN ? AND ?' : ''}
    GROUP BY b.id ORDER BY b.register_number, b.date, b.id`).all(...rangeParams(range)) as GeneralBatchRow[];
}

/** Phần II: each confirmed withdrawal with its copies counted, and by reason. */
export function generalWithdrawals(sql: Sql, range: DateRange | null): GeneralWithdrawalRow[] {
  return statement(sql, `SELECT w.id, w.number, w.date, w.approval_date AS approvalDate, w.note, ${COUNTS},
      COALESCE(SUM(wi.reason = 'damaged'), 0) AS damaged, COALESCE(SUM(wi.reason IN ('lost', 'lostPaid')), 0) AS lost,
      COALESCE(SUM(wi.reason = 'lostPaid'), 0) AS lostPaid, COALESCE(SUM(wi.reason = 'outdated'), 0) AS outdated,
      COALESCE(SUM(wi.reason NOT IN ('damaged', 'lost', 'lostPaid', 'outdated')), 0) AS otherReason
    FROM withdrawal w LEFT JOIN withdrawal_item wi ON wi.withdrawal_id = w.id LEFT JOIN copy c ON c.id = wi.copy_id
    LEFT JOIN collection_series s ON s.id = c.series_id LEFT JOIN title t ON t.id = c.title_id
    WHERE w.status = 'confirmed' ${range ? 'AND w.date BETWEEN ? AND ?' : ''}
    GROUP BY w.id ORDER BY w.date, w.id`).all(...rangeParams(range)) as GeneralWithdrawalRow[];
}

// ---- Sổ đăng ký sách giáo khoa ----

export interface TextbookCopyRow {
  id: number; titleId: number; batchId: number; code: string; n: number; price: number; status: string; title: string; volume: string;
  authors: string; publisher: string; pubYear: number | null; grade: number | null; date: string; voucher: string;
}

export function textbookCopies(sql: Sql, seriesCode: string, range: DateRange | null): TextbookCopyRow[] {
  return statement(sql, `SELECT c.id, c.title_id AS titleId, c.batch_id AS batchId, c.accession_code AS code, c.accession_number AS n,
      c.price, c.status, t.title, t.volume, t.authors, t.publisher, t.publication_year AS pubYear, t.grade_level AS grade,
      b.date, b.voucher_number AS voucher
    FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
    JOIN accession_batch b ON b.id = c.batch_id AND b.status = 'confirmed'
    WHERE s.code = ? ${range ? 'AND b.date BETWEEN ? AND ?' : ''}
    ORDER BY t.grade_level, t.title, t.volume, t.id, b.date, b.id, c.accession_number`).all(seriesCode, ...rangeParams(range)) as TextbookCopyRow[];
}

// ---- Sổ mượn ----

export interface LoanRegisterRow {
  readerId: number; name: string; className: string; department: string; card: string; title: string; volume: string; code: string;
  checkout: string; returned: string | null; lost: string | null; kind: string; note: string;
}

/** Loans checked out in the range by readers of the given kinds (one class only when given), in checkout order. */
export function loansOfReaders(sql: Sql, kinds: string[], range: DateRange, className: string | undefined): LoanRegisterRow[] {
  return statement(sql, `SELECT r.id AS readerId, r.full_name AS name, r.class_name AS className, r.department, r.card_number AS card,
      t.title, t.volume, c.accession_code AS code, l.checkout_at AS checkout, l.returned_at AS returned, l.lost_at AS lost, l.kind, l.note
    FROM loan l JOIN reader r ON r.id = l.reader_id JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id
    WHERE r.kind IN (${kinds.map(() => '?').join(',')}) AND substr(l.checkout_at, 1, 10) BETWEEN ? AND ?
      ${className ? 'AND r.class_name = ?' : ''}
    ORDER BY l.checkout_at, l.id`).all(...kinds, range.from, range.to, ...(className ? [className] : [])) as LoanRegisterRow[];
}

// ---- Biên bản nhập / xuất ----

export interface MinutesBatch { id: number; register_number: number; date: string; source: string; voucher_number: string; supplier: string; note: string }
export interface MinutesBatchCopy {
  titleId: number; code: string; n: number; price: number; title: string; volume: string; authors: string; publisher: string; pubYear: number | null; seriesName: string;
}
export interface MinutesWithdrawal { id: number; number: string; date: string; approval_date: string | null; members: string; decision_number: string; note: string }
export interface MinutesWithdrawalItem { code: string; price: number; reason: string; reasonNote: string; title: string; volume: string }

/** A confirmed batch by id, or the latest confirmed one. */
export function minutesBatch(sql: Sql, batchId: number | undefined): MinutesBatch | undefined {
  return (batchId ? q(sql).batchById.get(batchId) : q(sql).latestBatch.get()) as MinutesBatch | undefined;
}
export function batchCopies(sql: Sql, batchId: number): MinutesBatchCopy[] {
  return q(sql).batchCopies.all(batchId) as MinutesBatchCopy[];
}
/** A withdrawal by id, or the latest confirmed one. */
export function minutesWithdrawal(sql: Sql, withdrawalId: number | undefined): MinutesWithdrawal | undefined {
  return (withdrawalId ? q(sql).withdrawalById.get(withdrawalId) : q(sql).latestWithdrawal.get()) as MinutesWithdrawal | undefined;
}
export function withdrawalItems(sql: Sql, withdrawalId: number): MinutesWithdrawalItem[] {
  return q(sql).withdrawalItems.all(withdrawalId) as MinutesWithdrawalItem[];
}
