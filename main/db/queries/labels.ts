import { inStockSql } from '../../../shared/stock';
import { prepared, type Sql } from '../sql';

/** A copy as the label code reads it (title, shelf mark, series). */
export interface LabelCopyRow {
  id: number; accessionCode: string; barcode: string; labelPrintedAt: string | null; title: string; volume: string; authors: string;
  classification: string; authorMark: string; series: string; seriesId: number; accessionNumber: number; status: string;
}
export interface CardReaderRow {
  cardNumber: string; code: string; fullName: string; kind: string; className: string; department: string; schoolYear: string; photo: string | null;
}
/** The in-stock copies a selection covers; `seriesId` null = every series. */
export type CopyFilter =
  | { by: 'all' | 'unlabelled'; seriesId: number | null }
  | { by: 'batch'; batchId: number; seriesId: number | null }
  | { by: 'title'; titleId: number; seriesId: number | null }
  | { by: 'range'; rangeSeriesId: number; from: number; to: number; seriesId: number | null };

const COPY = `SELECT c.id, c.accession_code AS accessionCode, c.barcode, c.label_printed_at AS labelPrintedAt, c.status,
  c.series_id AS seriesId, c.accession_number AS accessionNumber,
  t.title, t.volume, t.authors, t.classification, t.author_mark AS authorMark, s.code AS series
  FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id`;
const SERIES = '(@seriesId IS NULL OR c.series_id = @seriesId)';
const IN_STOCK = `${inStockSql('c.status')} AND ${SERIES}`;
const ORDER = 'ORDER BY s.sort_order, s.id, c.accession_number';
const READER = `SELECT card_number AS cardNumber, code, full_name AS fullName, kind, class_name AS className, department,
  school_year AS schoolYear, photo FROM reader`;

const statements = (sql: Sql) => ({
  seriesByCode: sql.prepare('SELECT id FROM collection_series WHERE code = ?'),
  seriesPrefixes: sql.prepare('SELECT id, prefix, separator FROM collection_series'),
  copyByCode: sql.prepare(`${COPY} WHERE (c.barcode = @code OR c.accession_code = @code) AND ${SERIES}`),
  all: sql.prepare(`${COPY} WHERE ${IN_STOCK} ${ORDER}`),
  unlabelled: sql.prepare(`${COPY} WHERE ${IN_STOCK} AND c.label_printed_at IS NULL ${ORDER}`),
  batch: sql.prepare(`${COPY} WHERE ${IN_STOCK} AND c.batch_id = @batchId ${ORDER}`),
  title: sql.prepare(`${COPY} WHERE ${IN_STOCK} AND c.title_id = @titleId ${ORDER}`),
  range: sql.prepare(`${COPY} WHERE ${IN_STOCK} AND c.series_id = @rangeSeriesId AND c.accession_number BETWEEN @from AND @to ${ORDER}`),
  markLabelled: sql.prepare('UPDATE copy SET label_printed_at = ? WHERE id = ?'),
  batchStatus: sql.prepare('SELECT status, register_number AS registerNumber FROM accession_batch WHERE id = ?'),
  readerByCode: sql.prepare(`${READER} WHERE card_number = ? OR code = ?`),
  activeReaders: sql.prepare(`${READER} WHERE active = 1`),
  activeInClass: sql.prepare(`${READER} WHERE active = 1 AND class_name = ?`),
  activeFirstYear: sql.prepare(`${READER} WHERE active = 1 AND first_school_year = ?`),
  cardClasses: sql.prepare(`SELECT class_name AS className, COUNT(*) AS count FROM reader
    WHERE active = 1 AND kind = 'student' AND class_name <> '' GROUP BY class_name`),
});
const q = (sql: Sql) => prepared(sql, statements);

export function seriesIdByCode(sql: Sql, code: string): number | undefined {
  return (q(sql).seriesByCode.get(code) as { id: number } | undefined)?.id;
}

export function seriesPrefixes(sql: Sql): { id: number; prefix: string; separator: string }[] {
  return q(sql).seriesPrefixes.all() as { id: number; prefix: string; separator: string }[];
}

/** The copy whose barcode or ĐKCB is `code` (stored in capitals), in any status. */
export function labelCopyByCode(sql: Sql, code: string, seriesId: number | null): LabelCopyRow | undefined {
  return q(sql).copyByCode.get({ code, seriesId }) as LabelCopyRow | undefined;
}

/** In-stock copies of a selection, in shelf order (series, then ĐKCB). */
export function labelCopies(sql: Sql, filter: CopyFilter): LabelCopyRow[] {
  const { by, ...params } = filter;
  return q(sql)[by].all(params) as LabelCopyRow[];
}

/** Stamps the copies as labelled; call inside `transaction()`. */
export function markCopiesLabelled(sql: Sql, ids: readonly number[], stamp: string): void {
  const stmt = q(sql).markLabelled;
  for (const id of ids) stmt.run(stamp, id);
}

export function batchStatus(sql: Sql, batchId: number): { status: string; registerNumber: number | null } | undefined {
  return q(sql).batchStatus.get(batchId) as { status: string; registerNumber: number | null } | undefined;
}

export function cardReaderByCode(sql: Sql, code: string): CardReaderRow | undefined {
  return q(sql).readerByCode.get(code, code) as CardReaderRow | undefined;
}

/** Active readers: all of them, one class, or those whose first school year is `firstYear`. */
export function activeCardReaders(sql: Sql, only?: { className: string } | { firstYear: string }): CardReaderRow[] {
  const s = q(sql);
  if (!only) return s.activeReaders.all() as CardReaderRow[];
  if ('className' in only) return s.activeInClass.all(only.className) as CardReaderRow[];
  return s.activeFirstYear.all(only.firstYear) as CardReaderRow[];
}

export function studentClassCounts(sql: Sql): { className: string; count: number }[] {
  return q(sql).cardClasses.all() as { className: string; count: number }[];
}
