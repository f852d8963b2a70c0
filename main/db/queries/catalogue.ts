import type { Statement } from 'better-sqlite3';
import { inStockSql } from '../../../shared/stock';
import { prepared, type Sql } from '../sql';

/**
 * The catalogue (titles, their copies as the catalogue shows them, the search index, classifications,
 * the export): data access only. Statements are prepared once per connection; the search, whose
 * filters vary, keeps one statement per distinct SQL text.
 */

/** A title as the screens read it (authors still as stored, "A; B"). */
export interface TitleRow {
  id: number; title: string; subtitle: string; volume: string; authors: string; publisher: string; placeOfPublication: string;
  publicationYear: number | null; edition: string; pages: number | null; sizeCm: number | null; coverPrice: number | null;
  isbn: string | null; language: string; seriesId: number; seriesCode: string; classification: string; authorMark: string;
  keywords: string; summary: string; gradeLevel: number | null; subject: string; createdAt: string; updatedAt: string;
}

/** What a title row holds when it is written (already validated and cleaned), with its dedupe key. */
export interface TitleValues {
  title: string; subtitle: string; volume: string; authors: string; publisher: string; placeOfPublication: string;
  publicationYear: number | null; edition: string; pages: number | null; sizeCm: number | null; coverPrice: number | null;
  isbn: string | null; language: string; seriesId: number; classification: string; authorMark: string; keywords: string;
  summary: string; gradeLevel: number | null; subject: string; dedupeKey: string; sortKey: string;
}

export interface CopyRow {
  id: number; titleId: number; accessionCode: string; barcode: string; status: string; location: string; price: number;
  acquisitionMode: string; note: string; batchId: number; registerNumber: number | null; batchDate: string;
  withdrawalId: number | null; createdAt: string;
}

export interface LoanHistoryRow {
  id: number; copyId: number; accessionCode: string; readerName: string; readerClass: string; checkoutAt: string; dueAt: string;
  returnedAt: string | null; lostAt: string | null;
}

export interface TitleMatch { id: number; title: string; authors: string; publicationYear: number | null }
export interface CopyFields { location: string; price: number; note: string }
export interface ClassificationRow { id: number; scheme: string; code: string; label: string }
/** The text the search index is built from. */
export interface TitleIndexSource {
  title: string; subtitle: string; volume: string; authors: string; publisher: string; isbn: string | null; keywords: string; classification: string;
}

const TITLE_SELECT = `SELECT t.id, t.title, t.subtitle, t.volume, t.authors, t.publisher, t.place_of_publication AS placeOfPublication,
  t.publication_year AS publicationYear, t.edition, t.pages, t.size_cm AS sizeCm, t.cover_price AS coverPrice, t.isbn, t.language,
  t.series_id AS seriesId, s.code AS seriesCode, t.classification, t.author_mark AS authorMark, t.keywords, t.summary,
  t.grade_level AS gradeLevel, t.subject, t.created_at AS createdAt, t.updated_at AS updatedAt
  FROM title t JOIN collection_series s ON s.id = t.series_id`;

const COPY_SELECT = `SELECT c.id, c.title_id AS titleId, c.accession_code AS accessionCode, c.barcode, c.status, c.location, c.price,
  c.acquisition_mode AS acquisitionMode, c.note, c.batch_id AS batchId, b.register_number AS registerNumber, b.date AS batchDate,
  c.withdrawal_id AS withdrawalId, c.created_at AS createdAt
  FROM copy c JOIN accession_batch b ON b.id = c.batch_id`;

const TITLE_COLUMNS = ['title', 'subtitle', 'volume', 'authors', 'publisher', 'place_of_publication', 'publication_year', 'edition', 'pages',
  'size_cm', 'cover_price', 'isbn', 'language', 'series_id', 'classification', 'author_mark', 'keywords', 'summary', 'grade_level', 'subject',
  'dedupe_key', 'sort_key'];
const TITLE_PARAMS = ['title', 'subtitle', 'volume', 'authors', 'publisher', 'placeOfPublication', 'publicationYear', 'edition', 'pages',
  'sizeCm', 'coverPrice', 'isbn', 'language', 'seriesId', 'classification', 'authorMark', 'keywords', 'summary', 'gradeLevel', 'subject',
  'dedupeKey', 'sortKey'];

const statements = (sql: Sql) => ({
  titleById: sql.prepare(`${TITLE_SELECT} WHERE t.id = ?`),
  titlesByIsbn: sql.prepare(`${TITLE_SELECT} WHERE t.isbn = ?`),
  storedTitle: sql.prepare('SELECT * FROM title WHERE id = ?'),
  insertTitle: sql.prepare(`INSERT INTO title (${TITLE_COLUMNS.join(', ')}, created_at, updated_at)
    VALUES (${TITLE_PARAMS.map((p) => `@${p}`).join(', ')}, @at, @at)`),
  updateTitle: sql.prepare(`UPDATE title SET ${TITLE_COLUMNS.map((c, i) => `${c} = @${TITLE_PARAMS[i]}`).join(', ')}, updated_at = @at
    WHERE id = @id`),
  matchesByIsbn: sql.prepare('SELECT id, title, authors, publication_year AS publicationYear FROM title WHERE isbn = ?'),
  matchesByKey: sql.prepare('SELECT id, title, authors, publication_year AS publicationYear FROM title WHERE dedupe_key = ?'),
  seriesExists: sql.prepare('SELECT 1 FROM collection_series WHERE id = ?'),
  titleHasCopies: sql.prepare('SELECT 1 FROM copy WHERE title_id = ? LIMIT 1'),
  copiesOfTitle: sql.prepare(`${COPY_SELECT} WHERE c.title_id = ? ORDER BY c.series_id, c.accession_number`),
  copyById: sql.prepare(`${COPY_SELECT} WHERE c.id = ?`),
  copyFields: sql.prepare('SELECT location, price, note FROM copy WHERE id = ?'),
  updateCopyFields: sql.prepare('UPDATE copy SET location = @location, price = @price, note = @note WHERE id = @id'),
  codeTaken: sql.prepare('SELECT 1 FROM copy WHERE accession_code = ? OR barcode = ?'),
  loansOfTitle: sql.prepare(`SELECT l.id, l.copy_id AS copyId, c.accession_code AS accessionCode, r.full_name AS readerName,
      CASE WHEN r.class_name <> '' THEN r.class_name ELSE r.department END AS readerClass, l.checkout_at AS checkoutAt, l.due_at AS dueAt,
      l.returned_at AS returnedAt, l.lost_at AS lostAt
    FROM loan l JOIN copy c ON c.id = l.copy_id JOIN reader r ON r.id = l.reader_id
    WHERE c.title_id = ? ORDER BY l.checkout_at DESC LIMIT 500`),
  classifications: sql.prepare('SELECT id, scheme, code, label FROM classification ORDER BY scheme, code'),
  upsertClassification: sql.prepare(`INSERT INTO classification (scheme, code, label) VALUES (?, ?, ?)
    ON CONFLICT (scheme, code) DO UPDATE SET label = excluded.label`),
  indexSource: sql.prepare('SELECT title, subtitle, volume, authors, publisher, isbn, keywords, classification FROM title WHERE id = ?'),
  allTitleIds: sql.prepare('SELECT id FROM title').pluck(),
  deleteIndexRow: sql.prepare('DELETE FROM title_fts WHERE rowid = ?'),
  insertIndexRow: sql.prepare('INSERT INTO title_fts (rowid, body) VALUES (?, ?)'),
  exportTitles: sql.prepare(`SELECT t.*, s.code AS series_code,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND ${inStockSql('c.status')}) AS copies,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available') AS available
    FROM title t JOIN collection_series s ON s.id = t.series_id ORDER BY s.sort_order, t.sort_key, t.id`),
  exportCopies: sql.prepare(`SELECT c.accession_code, s.code AS series_code, t.title, t.authors, t.publication_year, t.classification, c.price,
      c.acquisition_mode, c.status, c.location, b.register_number, b.date, b.source, c.note, t.id AS title_id
    FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id JOIN accession_batch b ON b.id = c.batch_id
    ORDER BY s.sort_order, c.accession_number`),
});
const q = (sql: Sql) => prepared(sql, statements);

// ——— titles ———

export function titleById(sql: Sql, id: number): TitleRow | undefined {
  return q(sql).titleById.get(id) as TitleRow | undefined;
}

export function titlesByIsbn(sql: Sql, isbn: string): TitleRow[] {
  return q(sql).titlesByIsbn.all(isbn) as TitleRow[];
}

/** The stored row as it is (snake_case columns), for the audit's "before". */
export function storedTitle(sql: Sql, id: number): (Record<string, unknown> & { series_id: number }) | undefined {
  return q(sql).storedTitle.get(id) as (Record<string, unknown> & { series_id: number }) | undefined;
}

export function insertTitle(sql: Sql, t: TitleValues, at: string): number {
  return Number(q(sql).insertTitle.run({ ...t, at }).lastInsertRowid);
}

/** Rewrites a title's fields; false when there is no such title. */
export function updateTitle(sql: Sql, id: number, t: TitleValues, at: string): boolean {
  return q(sql).updateTitle.run({ ...t, at, id }).changes > 0;
}

export function titlesWithIsbn(sql: Sql, isbn: string): TitleMatch[] {
  return q(sql).matchesByIsbn.all(isbn) as TitleMatch[];
}

export function titlesWithDedupeKey(sql: Sql, key: string): TitleMatch[] {
  return q(sql).matchesByKey.all(key) as TitleMatch[];
}

export function seriesExists(sql: Sql, id: number): boolean {
  return !!q(sql).seriesExists.get(id);
}

export function titleHasCopies(sql: Sql, titleId: number): boolean {
  return !!q(sql).titleHasCopies.get(titleId);
}

export function loansOfTitle(sql: Sql, titleId: number): LoanHistoryRow[] {
  return q(sql).loansOfTitle.all(titleId) as LoanHistoryRow[];
}

// ——— copies as the catalogue shows them ———

export function copiesOfTitle(sql: Sql, titleId: number): CopyRow[] {
  return q(sql).copiesOfTitle.all(titleId) as CopyRow[];
}

export function copyById(sql: Sql, id: number): CopyRow | undefined {
  return q(sql).copyById.get(id) as CopyRow | undefined;
}

export function copyFields(sql: Sql, id: number): CopyFields | undefined {
  return q(sql).copyFields.get(id) as CopyFields | undefined;
}

export function updateCopyFields(sql: Sql, id: number, f: CopyFields): void {
  q(sql).updateCopyFields.run({ ...f, id });
}

/** Is this code already some copy's ĐKCB or barcode? */
export function copyCodeTaken(sql: Sql, code: string): boolean {
  return !!q(sql).codeTaken.get(code, code);
}

// ——— classifications ———

export function classifications(sql: Sql): ClassificationRow[] {
  return q(sql).classifications.all() as ClassificationRow[];
}

/** Adds the codes, updating the label of codes already there. */
export function upsertClassifications(sql: Sql, scheme: string, rows: { code: string; label: string }[]): void {
  const up = q(sql).upsertClassification;
  for (const r of rows) up.run(scheme, r.code, r.label);
}

// ——— the search index (title_fts) ———

export function allTitleIds(sql: Sql): number[] {
  return q(sql).allTitleIds.all() as number[];
}

export function titleIndexSource(sql: Sql, id: number): TitleIndexSource | undefined {
  return q(sql).indexSource.get(id) as TitleIndexSource | undefined;
}

/** Replaces a title's row in the search index (removes it when `body` is null). */
export function writeIndexRow(sql: Sql, id: number, body: string | null): void {
  const s = q(sql);
  s.deleteIndexRow.run(id);
  if (body !== null) s.insertIndexRow.run(id, body);
}

// ——— search ———

export interface SearchFilter {
  seriesId?: number; classification?: string; year?: number; status?: string;
  /** Môn and khối (the OPAC's filters). */
  subject?: string; gradeLevel?: number;
}
export interface HitRow {
  id: number; title: string; subtitle: string; volume: string; authors: string; publisher: string; publicationYear: number | null;
  isbn: string | null; seriesCode: string; classification: string; authorMark: string;
}
const HIT_COLUMNS = `t.id, t.title, t.subtitle, t.volume, t.authors, t.publisher, t.publication_year AS publicationYear, t.isbn,
  s.code AS seriesCode, t.classification, t.author_mark AS authorMark`;

/** One statement per distinct SQL text (the filters and the number of ids vary); a bounded cache. */
const dynamic = () => new Map<string, Statement>();
function stmt(sql: Sql, text: string): Statement {
  const cache = prepared(sql, dynamic);
  let s = cache.get(text);
  if (!s) {
    s = sql.prepare(text);
    if (cache.size < 500) cache.set(text, s);
  }
  return s;
}

function filterSql(f: SearchFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.seriesId) { where.push('t.series_id = ?'); params.push(f.seriesId); }
  if (f.classification) { where.push("(t.classification = ? OR t.classification LIKE ? || '%')"); params.push(f.classification, f.classification); }
  if (f.year) { where.push('t.publication_year = ?'); params.push(f.year); }
  if (f.status) { where.push('EXISTS (SELECT 1 FROM copy c WHERE c.title_id = t.id AND c.status = ?)'); params.push(f.status); }
  if (f.subject) { where.push('t.subject = ?'); params.push(f.subject); }
  if (f.gradeLevel) { where.push('t.grade_level = ?'); params.push(f.gradeLevel); }
  return { where, params };
}
const marks = (n: number) => Array(n).fill('?').join(',');

/** Copies whose ĐKCB or barcode is `code`, then those whose ĐKCB starts with it (at most 500). */
export function copiesByCodePrefix(sql: Sql, code: string): { titleId: number; code: string }[] {
  return stmt(sql, `SELECT title_id AS titleId, accession_code AS code FROM copy WHERE accession_code = ? OR barcode = ?
      UNION ALL SELECT title_id, accession_code FROM copy WHERE accession_code > ? AND accession_code < ? LIMIT 500`)
    .all(code, code, code, `${code}~`) as { titleId: number; code: string }[];
}

/** The titles among `ids` that pass the filter (any order). */
export function hitsAmong(sql: Sql, ids: number[], filter: SearchFilter = {}): HitRow[] {
  if (ids.length === 0) return [];
  const f = filterSql(filter);
  return stmt(sql, `SELECT ${HIT_COLUMNS} FROM title t JOIN collection_series s ON s.id = t.series_id
      WHERE t.id IN (${marks(ids.length)})${f.where.length ? ' AND ' + f.where.join(' AND ') : ''}`).all(...ids, ...f.params) as HitRow[];
}

function ftsFrom(filter: SearchFilter) {
  const f = filterSql(filter);
  const from = f.where.length ? 'title_fts JOIN title t ON t.id = title_fts.rowid' : 'title_fts';
  return { from, where: ['title_fts MATCH ?', ...f.where].join(' AND '), params: f.params };
}

/** How many titles match an FTS5 query. */
export function countMatches(sql: Sql, match: string, filter: SearchFilter): number {
  const f = ftsFrom(filter);
  return (stmt(sql, `SELECT COUNT(*) AS n FROM ${f.from} WHERE ${f.where}`).get(match, ...f.params) as { n: number }).n;
}

/** Ids of titles matching an FTS5 query, by relevance when `ranked`. */
export function matchingIds(sql: Sql, match: string, filter: SearchFilter, ranked: boolean, limit: number): number[] {
  const f = ftsFrom(filter);
  return stmt(sql, `SELECT title_fts.rowid FROM ${f.from} WHERE ${f.where} ${ranked ? 'ORDER BY bm25(title_fts)' : ''} LIMIT ?`)
    .pluck().all(match, ...f.params, limit) as number[];
}

/** Up to 500 titles matching an FTS5 query, with their indexed text, title and volume. */
export function matchingTitles(sql: Sql, match: string, filter: SearchFilter): { id: number; body: string; title: string; volume: string }[] {
  const f = ftsFrom(filter);
  const from = f.from === 'title_fts' ? 'title_fts JOIN title t ON t.id = title_fts.rowid' : f.from;
  return stmt(sql, `SELECT title_fts.rowid AS id, title_fts.body AS body, t.title, t.volume FROM ${from} WHERE ${f.where} LIMIT 500`)
    .all(match, ...f.params) as { id: number; body: string; title: string; volume: string }[];
}

/** Every title passing the filter, in natural Vietnamese order (title, volume, authors), one page of it. */
export function browseTitles(sql: Sql, filter: SearchFilter, limit: number, offset: number): { total: number; rows: HitRow[] } {
  const f = filterSql(filter);
  const where = f.where.length ? `WHERE ${f.where.join(' AND ')}` : '';
  const total = (stmt(sql, `SELECT COUNT(*) AS n FROM title t ${where}`).get(...f.params) as { n: number }).n;
  const rows = stmt(sql, `SELECT ${HIT_COLUMNS} FROM title t JOIN collection_series s ON s.id = t.series_id ${where}
      ORDER BY t.sort_key, t.id LIMIT ? OFFSET ?`).all(...f.params, limit, offset) as HitRow[];
  return { total, rows };
}

/** Copies per status of each title. */
export function copyCountsOf(sql: Sql, titleIds: number[]): { id: number; status: string; n: number }[] {
  if (titleIds.length === 0) return [];
  return stmt(sql, `SELECT title_id AS id, status, COUNT(*) AS n FROM copy WHERE title_id IN (${marks(titleIds.length)})
      GROUP BY title_id, status`).all(...titleIds) as { id: number; status: string; n: number }[];
}

// ——— export ———

export type ExportRow = Record<string, string | number | null>;

/** Every title (snake_case columns) with its series code, copies held (shared/stock.ts) and copies available; streamed. */
export function exportTitleRows(sql: Sql): IterableIterator<ExportRow> {
  return q(sql).exportTitles.iterate() as IterableIterator<ExportRow>;
}

/** Every copy with its title, series and batch; streamed in ĐKCB order. */
export function exportCopyRows(sql: Sql): IterableIterator<ExportRow> {
  return q(sql).exportCopies.iterate() as IterableIterator<ExportRow>;
}
