import { inStockSql } from '../../../shared/stock';
import { prepared, type Sql } from '../sql';

/** Kế hoạch mua sắm: plan versions, their lines, the phiếu nhập linked to them, and the figures that feed them. */

export interface PlanRow {
  id: number; schoolYear: string; version: number; status: string; budgetCap: number | null; purpose: string;
  approvalDate: string | null; approvalNumber: string; createdAt: string;
  /** The name of the account that recorded the approval; '' before or for old plans. */
  approvedByName: string;
}
export interface PlanLineFields {
  titleId: number | null; title: string; authors: string; publisher: string; publicationYear: number | null; isbn: string;
  seriesCode: string; quantity: number; unitPrice: number; reason: string; priority: string; funding: string; supplier: string;
  note: string; suggestionId: number | null;
}
export interface PlanLineRow extends PlanLineFields { id: number; planId: number; position: number; received: number; receivedAmount: number }
export interface PlanReceiptRow { id: number; planLineId: number; batchId: number; titleId: number }
export interface LinkedBatchRow { batchId: number; registerNumber: number | null; date: string; status: string; lines: number }
/** A title as the needs and the forecast read it: what a plan line copies, with a count. */
export interface TitleNeedRow {
  titleId: number; title: string; volume: string; authors: string; publisher: string; publicationYear: number | null; isbn: string | null;
  seriesCode: string; coverPrice: number | null; n: number;
}
export interface SgkTitleRow extends TitleNeedRow { gradeLevel: number | null; subject: string; usable: number }
export interface DemandRow extends TitleNeedRow { copies: number }

const PLAN = `SELECT id, school_year AS schoolYear, version, status, budget_cap AS budgetCap, purpose, approval_date AS approvalDate,
  approval_number AS approvalNumber, approved_by_name AS approvedByName, created_at AS createdAt FROM plan`;
const LINE_COLUMNS = ['title_id', 'title', 'authors', 'publisher', 'publication_year', 'isbn', 'series_code', 'quantity', 'unit_price',
  'reason', 'priority', 'funding', 'supplier', 'note', 'suggestion_id'];
const LINE_PARAMS = ['titleId', 'title', 'authors', 'publisher', 'publicationYear', 'isbn', 'seriesCode', 'quantity', 'unitPrice',
  'reason', 'priority', 'funding', 'supplier', 'note', 'suggestionId'];
// Received = the lines of the linked phiếu nhập (confirmed only) with the linked title.
const RECEIVED = (what: string) => `COALESCE((SELECT SUM(${what}) FROM plan_receipt r
    JOIN accession_batch b ON b.id = r.batch_id AND b.status = 'confirmed'
    JOIN accession_batch_line bl ON bl.batch_id = r.batch_id AND bl.title_id = r.title_id
    WHERE r.plan_line_id = l.id), 0)`;
const LINE = `SELECT l.id, l.plan_id AS planId, l.position, ${LINE_COLUMNS.map((c, i) => `l.${c} AS ${LINE_PARAMS[i]}`).join(', ')},
  ${RECEIVED('bl.quantity')} AS received, ${RECEIVED('bl.quantity * bl.unit_price')} AS receivedAmount FROM plan_line l`;
const TITLE_NEED = `t.id AS titleId, t.title, t.volume, t.authors, t.publisher, t.publication_year AS publicationYear, t.isbn,
  s.code AS seriesCode, t.cover_price AS coverPrice`;

const statements = (sql: Sql) => ({
  byId: sql.prepare(`${PLAN} WHERE id = ?`),
  ofYear: sql.prepare(`${PLAN} WHERE school_year = ? ORDER BY version`),
  insert: sql.prepare(`INSERT INTO plan (school_year, version, status, budget_cap, purpose, approval_date, approval_number, created_at)
    VALUES (@schoolYear, @version, 'draft', @budgetCap, @purpose, NULL, '', @createdAt)`),
  updateHeader: sql.prepare('UPDATE plan SET budget_cap = ?, purpose = ? WHERE id = ?'),
  setStatus: sql.prepare('UPDATE plan SET status = ?, approval_date = ?, approval_number = ? WHERE id = ?'),
  setApprover: sql.prepare('UPDATE plan SET approved_by = ?, approved_by_name = ? WHERE id = ?'),
  lines: sql.prepare(`${LINE} WHERE l.plan_id = ? ORDER BY l.position, l.id`),
  line: sql.prepare(`${LINE} WHERE l.id = ?`),
  maxPosition: sql.prepare('SELECT COALESCE(MAX(position), 0) FROM plan_line WHERE plan_id = ?').pluck(),
  insertLine: sql.prepare(`INSERT INTO plan_line (plan_id, position, ${LINE_COLUMNS.join(', ')})
    VALUES (@planId, @position, ${LINE_PARAMS.map((p) => `@${p}`).join(', ')})`),
  updateLine: sql.prepare(`UPDATE plan_line SET ${LINE_COLUMNS.map((c, i) => `${c} = @${LINE_PARAMS[i]}`).join(', ')} WHERE id = @id`),
  deleteLine: sql.prepare('DELETE FROM plan_line WHERE id = ?'),
  setLineTitle: sql.prepare('UPDATE plan_line SET title_id = ? WHERE id = ? AND title_id IS NULL'),
  receipts: sql.prepare(`SELECT r.id, r.plan_line_id AS planLineId, r.batch_id AS batchId, r.title_id AS titleId
    FROM plan_receipt r JOIN plan_line l ON l.id = r.plan_line_id WHERE l.plan_id = ? ORDER BY r.id`),
  linkedBatches: sql.prepare(`SELECT b.id AS batchId, b.register_number AS registerNumber, b.date, b.status, COUNT(DISTINCT r.plan_line_id) AS lines
    FROM plan_receipt r JOIN plan_line l ON l.id = r.plan_line_id JOIN accession_batch b ON b.id = r.batch_id
    WHERE l.plan_id = ? GROUP BY b.id ORDER BY b.date, b.id`),
  insertReceipt: sql.prepare('INSERT OR IGNORE INTO plan_receipt (plan_line_id, batch_id, title_id) VALUES (?, ?, ?)'),
  deleteReceipts: sql.prepare('DELETE FROM plan_receipt WHERE batch_id = ? AND plan_line_id IN (SELECT id FROM plan_line WHERE plan_id = ?)'),

  // The needs of a school year: copies lost ([from, toNext) by the loan's lost date) and weeded (confirmed biên bản xuất dated in it).
  lost: sql.prepare(`SELECT ${TITLE_NEED}, COUNT(DISTINCT c.id) AS n FROM loan l JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id
    JOIN collection_series s ON s.id = t.series_id WHERE l.lost_at >= ? AND l.lost_at < ? AND c.status = 'lost' GROUP BY t.id ORDER BY n DESC, t.title`),
  weeded: sql.prepare(`SELECT ${TITLE_NEED}, COUNT(*) AS n FROM withdrawal_item wi JOIN withdrawal w ON w.id = wi.withdrawal_id
    JOIN copy c ON c.id = wi.copy_id JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = t.series_id
    WHERE w.status = 'confirmed' AND w.date BETWEEN ? AND ? GROUP BY t.id ORDER BY n DESC, t.title`),
  // Home loans of the year per title (class sets and SGK aside), against the copies in stock.
  demand: sql.prepare(`SELECT ${TITLE_NEED}, COUNT(*) AS n,
      (SELECT COUNT(*) FROM copy c2 WHERE c2.title_id = t.id AND ${inStockSql('c2.status')}) AS copies
    FROM loan l JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = t.series_id
    WHERE l.checkout_at >= ? AND l.checkout_at < ? AND l.kind <> 'inLibrary' AND l.class_set IS NULL AND s.register_group NOT IN ('SGK', 'SNV')
    GROUP BY t.id HAVING copies > 0 ORDER BY CAST(n AS REAL) / copies DESC, n DESC, t.title LIMIT ?`),
  scarcestTeacherTitle: sql.prepare(`SELECT ${TITLE_NEED}, (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND ${inStockSql('c.status')}) AS n
    FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.register_group = 'SNV' AND t.subject = ? ORDER BY n, t.title LIMIT 1`),
  studentsByGrade: sql.prepare(`SELECT COALESCE(grade, CAST(class_name AS INTEGER)) AS grade, COUNT(*) AS n FROM reader
    WHERE kind = 'student' AND active = 1 GROUP BY 1 HAVING grade > 0 ORDER BY grade`),
  sgkTitles: sql.prepare(`SELECT ${TITLE_NEED}, t.grade_level AS gradeLevel, t.subject, 0 AS n,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND ${inStockSql('c.status')}) AS usable
    FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.register_group = 'SGK' ORDER BY t.title, t.volume, t.id`),
  seriesList: sql.prepare('SELECT code, name FROM collection_series ORDER BY sort_order, code'),
  titleIdsByIsbn: sql.prepare('SELECT id FROM title WHERE isbn = ? ORDER BY id').pluck(),
  titleNeed: sql.prepare(`SELECT ${TITLE_NEED}, 0 AS n FROM title t JOIN collection_series s ON s.id = t.series_id WHERE t.id = ?`),
  // What the catalogue holds of a quoted title, per edition (publication year): by ISBN, or by the folded title + authors key.
  heldByIsbn: sql.prepare(`SELECT t.publication_year AS year, COUNT(c.id) AS copies FROM title t
    LEFT JOIN copy c ON c.title_id = t.id AND ${inStockSql('c.status')} WHERE t.isbn = ? GROUP BY t.publication_year ORDER BY t.publication_year`),
  heldByKey: sql.prepare(`SELECT t.publication_year AS year, COUNT(c.id) AS copies FROM title t
    LEFT JOIN copy c ON c.title_id = t.id AND ${inStockSql('c.status')} WHERE t.dedupe_key = ? GROUP BY t.publication_year ORDER BY t.publication_year`),
});
const q = (sql: Sql) => prepared(sql, statements);

export const planById = (sql: Sql, id: number) => q(sql).byId.get(id) as PlanRow | undefined;
export const plansOfYear = (sql: Sql, year: string) => q(sql).ofYear.all(year) as PlanRow[];
export function insertPlan(sql: Sql, p: { schoolYear: string; version: number; budgetCap: number | null; purpose: string; createdAt: string }): number {
  return Number(q(sql).insert.run(p).lastInsertRowid);
}
export function updatePlanHeader(sql: Sql, id: number, budgetCap: number | null, purpose: string): void {
  q(sql).updateHeader.run(budgetCap, purpose, id);
}
export function setPlanStatus(sql: Sql, id: number, status: string, approvalDate: string | null, approvalNumber: string): void {
  q(sql).setStatus.run(status, approvalDate, approvalNumber, id);
}
/** The account that recorded the approval (null and '' to clear it). */
export function setPlanApprover(sql: Sql, id: number, accountId: number | null, name: string): void {
  q(sql).setApprover.run(accountId, name, id);
}
export const planLines = (sql: Sql, planId: number) => q(sql).lines.all(planId) as PlanLineRow[];
export const planLineById = (sql: Sql, id: number) => q(sql).line.get(id) as PlanLineRow | undefined;
export function insertPlanLine(sql: Sql, planId: number, f: PlanLineFields): number {
  const position = Number(q(sql).maxPosition.get(planId)) + 1;
  return Number(q(sql).insertLine.run({ ...f, planId, position }).lastInsertRowid);
}
export function updatePlanLine(sql: Sql, id: number, f: PlanLineFields): void {
  q(sql).updateLine.run({ ...f, id });
}
export function deletePlanLine(sql: Sql, id: number): void {
  q(sql).deleteLine.run(id);
}
/** Gives a line for a title still to catalogue the title that arrived (only when it has none). */
export function setPlanLineTitle(sql: Sql, lineId: number, titleId: number): void {
  q(sql).setLineTitle.run(titleId, lineId);
}
export const planReceipts = (sql: Sql, planId: number) => q(sql).receipts.all(planId) as PlanReceiptRow[];
export const linkedBatches = (sql: Sql, planId: number) => q(sql).linkedBatches.all(planId) as LinkedBatchRow[];
export function insertPlanReceipt(sql: Sql, planLineId: number, batchId: number, titleId: number): void {
  q(sql).insertReceipt.run(planLineId, batchId, titleId);
}
export function deletePlanReceipts(sql: Sql, planId: number, batchId: number): number {
  return q(sql).deleteReceipts.run(batchId, planId).changes;
}

export const lostTitlesBetween = (sql: Sql, from: string, toNext: string) => q(sql).lost.all(from, toNext) as TitleNeedRow[];
export const weededTitlesBetween = (sql: Sql, from: string, to: string) => q(sql).weeded.all(from, to) as TitleNeedRow[];
export const mostLentPerCopy = (sql: Sql, from: string, toNext: string, limit: number) => q(sql).demand.all(from, toNext, limit) as DemandRow[];
export const scarcestTeacherTitle = (sql: Sql, subject: string) => q(sql).scarcestTeacherTitle.get(subject) as TitleNeedRow | undefined;
export const activeStudentsByGrade = (sql: Sql) => q(sql).studentsByGrade.all() as { grade: number; n: number }[];
export const sgkTitlesWithUsable = (sql: Sql) => q(sql).sgkTitles.all() as SgkTitleRow[];
/** The collection series (code and name) in their order. */
export const seriesList = (sql: Sql) => q(sql).seriesList.all() as { code: string; name: string }[];
export const seriesCodes = (sql: Sql) => seriesList(sql).map((s) => s.code);
export const titleIdsByIsbn = (sql: Sql, isbn: string) => q(sql).titleIdsByIsbn.all(isbn) as number[];
export const titleForLine = (sql: Sql, id: number) => q(sql).titleNeed.get(id) as TitleNeedRow | undefined;
/** Copies in stock of the catalogue's editions (publication years) of a title, found by ISBN or by its dedupe key; [] when none. */
export interface HeldEdition { year: number | null; copies: number }
export const heldEditionsByIsbn = (sql: Sql, isbn: string) => q(sql).heldByIsbn.all(isbn) as HeldEdition[];
export const heldEditionsByKey = (sql: Sql, key: string) => q(sql).heldByKey.all(key) as HeldEdition[];
