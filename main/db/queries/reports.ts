import type { Statistics } from '../../../shared/contract/reports';
import { inStockSql } from '../../../shared/stock';
import { prepared, type Sql } from '../sql';

/** The reads behind the period statistics (`reports.statistics`, the reports, the Excel export). */
const OVERDUE = 'l.returned_at IS NULL AND l.lost_at IS NULL AND l.due_at < ?';

const statements = (sql: Sql) => ({
  maxCopyId: sql.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM copy'),
  copies: sql.prepare('SELECT id, series_id, title_id FROM copy').raw(),
  seriesCodes: sql.prepare('SELECT id, code FROM collection_series').raw(),
  readers: sql.prepare('SELECT id, kind, class_name FROM reader').raw(),
  loans: sql.prepare('SELECT substr(checkout_at, 1, 7), kind, reader_id, copy_id FROM loan WHERE checkout_at >= ? AND checkout_at < ?').raw(),
  inLibraryUses: sql.prepare('SELECT substr(used_at, 1, 7), reader_id, copy_id FROM in_library_use WHERE used_at >= ? AND used_at < ?').raw(),
  titleLabel: sql.prepare("SELECT title || CASE WHEN volume <> '' THEN '. ' || volume ELSE '' END AS title, authors FROM title WHERE id = ?"),
  visits: sql.prepare(`SELECT substr(visited_at, 1, 7) AS month, SUM(headcount) AS visits FROM visit
    WHERE visited_at >= ? AND visited_at < ? GROUP BY 1 ORDER BY 1`),
  collectionBySeries: sql.prepare(`SELECT s.code AS series, s.name, COUNT(DISTINCT c.title_id) AS titles,
      COUNT(c.id) AS copies, COALESCE(SUM(c.price), 0) AS value
    FROM collection_series s LEFT JOIN copy c ON c.series_id = s.id AND ${inStockSql('c.status')} GROUP BY s.id ORDER BY s.sort_order, s.id`),
  ddcLabels: sql.prepare("SELECT code, label FROM classification WHERE scheme = 'DDC'"),
  collectionByClass: sql.prepare(`SELECT CASE WHEN t.classification GLOB '[0-9]*' THEN substr(t.classification, 1, 1) || '00' ELSE '' END AS code,
      COUNT(*) AS copies FROM copy c JOIN title t ON t.id = c.title_id WHERE ${inStockSql('c.status')} GROUP BY 1 ORDER BY 1`),
  collectionByLanguage: sql.prepare(`SELECT t.language, COUNT(*) AS copies FROM copy c JOIN title t ON t.id = c.title_id
    WHERE ${inStockSql('c.status')} GROUP BY t.language ORDER BY copies DESC`),
  added: sql.prepare(`SELECT s.code AS series, COUNT(*) AS copies, COALESCE(SUM(c.price), 0) AS value
    FROM copy c JOIN accession_batch b ON b.id = c.batch_id AND b.status = 'confirmed' JOIN collection_series s ON s.id = c.series_id
    WHERE b.date BETWEEN ? AND ? GROUP BY s.id ORDER BY s.sort_order`),
  withdrawn: sql.prepare(`SELECT s.code AS series, COUNT(*) AS copies, COALESCE(SUM(wi.price), 0) AS value
    FROM withdrawal_item wi JOIN withdrawal w ON w.id = wi.withdrawal_id AND w.status = 'confirmed' JOIN copy c ON c.id = wi.copy_id
    JOIN collection_series s ON s.id = c.series_id WHERE w.date BETWEEN ? AND ? GROUP BY s.id ORDER BY s.sort_order`),
  overdue: sql.prepare(`SELECT COUNT(*) AS loans, COUNT(DISTINCT l.reader_id) AS readers FROM loan l WHERE ${OVERDUE}`),
  overdueByClass: sql.prepare(`SELECT CASE WHEN r.kind = 'student' THEN r.class_name ELSE 'Giáo viên, nhân viên' END AS className,
      COUNT(*) AS loans FROM loan l JOIN reader r ON r.id = l.reader_id WHERE ${OVERDUE} GROUP BY 1 ORDER BY loans DESC, 1`),
  activeReaders: sql.prepare(`SELECT COALESCE(SUM(kind = 'student'), 0) AS students, COALESCE(SUM(kind = 'teacher'), 0) AS teachers,
      COALESCE(SUM(kind = 'staff'), 0) AS staff, COALESCE(SUM(first_school_year = ?), 0) AS newThisYear FROM reader WHERE active = 1`),
  activities: sql.prepare('SELECT COUNT(*) AS n FROM reading_activity WHERE date BETWEEN ? AND ?'),
  titlesInStock: sql.prepare(`SELECT COUNT(DISTINCT title_id) AS n FROM copy WHERE ${inStockSql('status')}`),
});
const q = (sql: Sql) => prepared(sql, statements);

// ---- lean rows for the one pass over a period's loans ----

export function maxCopyId(sql: Sql): number {
  return Number((q(sql).maxCopyId.get() as { n: number }).n);
}
/** [copy id, series id, title id] of every copy. */
export function copySeriesTitles(sql: Sql): Iterable<[number, number, number]> {
  return q(sql).copies.iterate() as Iterable<[number, number, number]>;
}
export function seriesCodes(sql: Sql): [number, string][] {
  return q(sql).seriesCodes.all() as [number, string][];
}
/** [reader id, kind, class name] of every reader. */
export function readerKinds(sql: Sql): Iterable<[number, string, string]> {
  return q(sql).readers.iterate() as Iterable<[number, string, string]>;
}
/** [month "YYYY-MM", loan kind, reader id, copy id] of the loans checked out in [from, toNext). */
export function loansBetween(sql: Sql, from: string, toNext: string): Iterable<[string, string, number, number]> {
  return q(sql).loans.iterate(from, toNext) as Iterable<[string, string, number, number]>;
}
/** [month "YYYY-MM", reader id or null, copy id] of the lượt đọc tại chỗ recorded in [from, toNext). */
export function inLibraryUsesBetween(sql: Sql, from: string, toNext: string): Iterable<[string, number | null, number]> {
  return q(sql).inLibraryUses.iterate(from, toNext) as Iterable<[string, number | null, number]>;
}
/** "Title. Volume" and authors of a title. */
export function titleLabel(sql: Sql, titleId: number): { title: string; authors: string } {
  return q(sql).titleLabel.get(titleId) as { title: string; authors: string };
}

// ---- the tables of the statistics ----

export function visitsByMonth(sql: Sql, from: string, toNext: string): Statistics['visits'] {
  return q(sql).visits.all(from, toNext) as Statistics['visits'];
}
export function collectionBySeries(sql: Sql): Statistics['collectionBySeries'] {
  return q(sql).collectionBySeries.all() as Statistics['collectionBySeries'];
}
export function ddcLabels(sql: Sql): { code: string; label: string }[] {
  return q(sql).ddcLabels.all() as { code: string; label: string }[];
}
/** Copies in stock by DDC main class ("800"), '' when not classified by a number. */
export function collectionByMainClass(sql: Sql): { code: string; copies: number }[] {
  return q(sql).collectionByClass.all() as { code: string; copies: number }[];
}
export function collectionByLanguage(sql: Sql): Statistics['collectionByLanguage'] {
  return q(sql).collectionByLanguage.all() as Statistics['collectionByLanguage'];
}
export function addedBySeries(sql: Sql, from: string, to: string): Statistics['added'] {
  return q(sql).added.all(from, to) as Statistics['added'];
}
export function withdrawnBySeries(sql: Sql, from: string, to: string): Statistics['withdrawn'] {
  return q(sql).withdrawn.all(from, to) as Statistics['withdrawn'];
}
/** Open loans due before `today`, and the readers holding them. */
export function overdueTotals(sql: Sql, today: string): { loans: number; readers: number } {
  return q(sql).overdue.get(today) as { loans: number; readers: number };
}
export function overdueByClass(sql: Sql, today: string): { className: string; loans: number }[] {
  return q(sql).overdueByClass.all(today) as { className: string; loans: number }[];
}
/** Active readers by kind, and how many started in `schoolYear`. */
export function activeReaders(sql: Sql, schoolYear: string): Statistics['readers'] {
  return q(sql).activeReaders.get(schoolYear) as Statistics['readers'];
}
export function activitiesBetween(sql: Sql, from: string, to: string): number {
  return (q(sql).activities.get(from, to) as { n: number }).n;
}
export function titlesInStock(sql: Sql): number {
  return (q(sql).titlesInStock.get() as { n: number }).n;
}
