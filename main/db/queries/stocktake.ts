import { prepared, type Sql } from '../sql';

export interface StocktakeRow {
  id: number; name: string; school_year: string; scope: string; status: string; started_at: string; closed_at: string | null;
  members: string; note: string;
}
export interface SeriesRow { id: number; code: string; name: string }
export interface ItemGroupRow { sid: number | null; result: string; condition: string; scanned: number; n: number }
export interface LiveSeriesRow { sid: number; expected: number; onLoan: number; held: number }
export interface StocktakeCopyHit { id: number; code: string; status: string; title: string; volume: string; seriesId: number; seriesCode: string }
export interface RecentItemRow { id: number; code: string; result: string; condition: string; scannedAt: string | null; title: string | null; seriesCode: string | null }
/** One line of the danh sách kiểm kê as read from the database. */
export interface ListLineRow {
  code: string; classification: string; title: string; authors: string; publisher: string; year: number | null;
  result: 'present' | 'missing' | 'extra'; condition: string; seriesCode: string | null; seriesName: string | null;
}

/** Joins an item to its copy: by copy_id, or by the code scanned (an out-of-scope copy is stored without copy_id). */
const ITEM_COPY = `LEFT JOIN copy c ON c.id = COALESCE(si.copy_id, (SELECT id FROM copy WHERE accession_code = si.scanned_code),
      (SELECT id FROM copy WHERE barcode = si.scanned_code))
    LEFT JOIN title t ON t.id = c.title_id LEFT JOIN collection_series s ON s.id = c.series_id`;
const TITLE_OF = "CASE WHEN t.id IS NULL THEN NULL WHEN t.volume <> '' THEN t.title || '. ' || t.volume ELSE t.title END";
const LINE_FIELDS = `COALESCE(t.classification, '') AS classification, COALESCE(${TITLE_OF}, '') AS title, COALESCE(t.authors, '') AS authors,
  COALESCE(t.publisher, '') AS publisher, t.publication_year AS year, si.result, si.condition, s.code AS seriesCode, s.name AS seriesName`;
// CROSS JOIN keeps SQLite on the copy index: walk the series in ĐKCB order, look each item up.
const LIST_FROM = `FROM copy c CROSS JOIN stocktake_item si ON si.stocktake_id = @stocktakeId AND si.copy_id = c.id AND si.id <= @upTo
    JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id`;
/** Rows per chunk of the danh sách. */
export const LIST_CHUNK = 2000;
const INSERT_ITEM = 'INSERT INTO stocktake_item (stocktake_id, copy_id, scanned_code, result, condition, scanned_at)';

const statements = (sql: Sql) => ({
  byId: sql.prepare('SELECT * FROM stocktake WHERE id = ?'),
  all: sql.prepare('SELECT * FROM stocktake ORDER BY started_at DESC, id DESC'),
  open: sql.prepare("SELECT * FROM stocktake WHERE status = 'open'"),
  series: sql.prepare('SELECT id, code, name FROM collection_series ORDER BY sort_order, id'),
  insert: sql.prepare(`INSERT INTO stocktake (name, school_year, scope, status, started_at, members, note) VALUES (?, ?, ?, 'open', ?, ?, ?)`),
  itemGroups: sql.prepare(`SELECT COALESCE(c.series_id,
        (SELECT series_id FROM copy WHERE accession_code = si.scanned_code),
        (SELECT series_id FROM copy WHERE barcode = si.scanned_code)) AS sid,
      si.result, si.condition, si.scanned_at IS NOT NULL AS scanned, COUNT(*) AS n
    FROM stocktake_item si LEFT JOIN copy c ON c.id = si.copy_id WHERE si.stocktake_id = ?
    GROUP BY sid, si.result, si.condition, scanned`),
  copyByCode: sql.prepare(`SELECT c.id, c.accession_code AS code, c.status, t.title, t.volume, c.series_id AS seriesId, s.code AS seriesCode
      FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
      WHERE c.barcode = ? OR c.accession_code = ? LIMIT 1`),
  insertItem: sql.prepare(`${INSERT_ITEM} VALUES (?, ?, ?, ?, ?, ?)`),
  seenCode: sql.prepare('SELECT 1 FROM stocktake_item WHERE stocktake_id = ? AND copy_id IS NULL AND scanned_code = ?'),
  seenCopy: sql.prepare('SELECT 1 FROM stocktake_item WHERE stocktake_id = ? AND copy_id = ?'),
  recent: sql.prepare(`SELECT si.id, COALESCE(c.accession_code, si.scanned_code) AS code, si.result, si.condition, si.scanned_at AS scannedAt,
      ${TITLE_OF} AS title, s.code AS seriesCode
    FROM stocktake_item si ${ITEM_COPY}
    WHERE si.stocktake_id = ? AND si.scanned_at IS NOT NULL ORDER BY si.id DESC LIMIT ?`),
  close: sql.prepare("UPDATE stocktake SET status = 'closed', closed_at = ? WHERE id = ?"),
  closeCounts: sql.prepare(`SELECT SUM(result = 'present' AND scanned_at IS NOT NULL) AS scanned, SUM(result = 'extra') AS extra
      FROM stocktake_item WHERE stocktake_id = ?`),
  maxItemId: sql.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM stocktake_item WHERE stocktake_id = ?'),
  listCount: sql.prepare(`SELECT COUNT(*) AS n ${LIST_FROM} WHERE c.series_id = @seriesId`),
  listChunk: sql.prepare(`SELECT c.accession_code AS code, c.accession_number AS n, ${LINE_FIELDS}
    ${LIST_FROM} WHERE c.series_id = @seriesId AND c.accession_number > @after ORDER BY c.accession_number LIMIT ${LIST_CHUNK}`),
  listOthers: sql.prepare(`SELECT si.scanned_code AS code, ${LINE_FIELDS} FROM stocktake_item si ${ITEM_COPY}
    WHERE si.stocktake_id = ? AND si.id <= ? AND si.copy_id IS NULL ORDER BY s.id IS NULL, s.sort_order, s.id, c.accession_number, si.scanned_code`),
});
const q = (sql: Sql) => prepared(sql, statements);

export const stocktakeById = (sql: Sql, id: number) => q(sql).byId.get(id) as StocktakeRow | undefined;
export const allStocktakes = (sql: Sql) => q(sql).all.all() as StocktakeRow[];
export const openStocktakes = (sql: Sql) => q(sql).open.all() as StocktakeRow[];
/** Every series, in the collection's order. */
export const allSeries = (sql: Sql) => q(sql).series.all() as SeriesRow[];

export function insertStocktake(sql: Sql, s: { name: string; schoolYear: string; scope: string; startedAt: string; members: string; note: string }): number {
  return Number(q(sql).insert.run(s.name, s.schoolYear, s.scope, s.startedAt, s.members, s.note).lastInsertRowid);
}

/** Items counted by series (of the copy, or of the code scanned), result, condition and whether scanned. */
export const itemGroups = (sql: Sql, stocktakeId: number) => q(sql).itemGroups.all(stocktakeId) as ItemGroupRow[];

/** Per series: copies not withdrawn, and those lent out and not scanned in this stocktake. */
export function liveSeriesCounts(sql: Sql, stocktakeId: number, seriesIds: readonly number[]): LiveSeriesRow[] {
  if (!seriesIds.length) return [];
  const marks = seriesIds.map(() => '?').join(',');
  return sql.prepare(`SELECT c.series_id AS sid, COUNT(*) AS expected,
      SUM(CASE WHEN c.status = 'onLoan' AND NOT EXISTS (SELECT 1 FROM stocktake_item si WHERE si.stocktake_id = ? AND si.copy_id = c.id)
        THEN 1 ELSE 0 END) AS onLoan,
      SUM(CASE WHEN c.status = 'held' AND NOT EXISTS (SELECT 1 FROM stocktake_item si WHERE si.stocktake_id = ? AND si.copy_id = c.id)
        THEN 1 ELSE 0 END) AS held
    FROM copy c WHERE c.status <> 'withdrawn' AND c.series_id IN (${marks}) GROUP BY c.series_id`).all(stocktakeId, stocktakeId, ...seriesIds) as LiveSeriesRow[];
}

/** The copy a scanned code names (barcode or ĐKCB), with its title and series. */
export const stocktakeCopyByCode = (sql: Sql, code: string) => q(sql).copyByCode.get(code, code) as StocktakeCopyHit | undefined;

export function insertStocktakeItem(sql: Sql, stocktakeId: number, copyId: number | null, code: string, result: string, condition: string, at: string): void {
  q(sql).insertItem.run(stocktakeId, copyId, code, result, condition, at);
}

/** Whether this code (of no copy, or of an out-of-scope copy) was already recorded. */
export const codeSeen = (sql: Sql, stocktakeId: number, code: string) => !!q(sql).seenCode.get(stocktakeId, code);
export const copySeen = (sql: Sql, stocktakeId: number, copyId: number) => !!q(sql).seenCopy.get(stocktakeId, copyId);

export const recentItems = (sql: Sql, stocktakeId: number, limit: number) => q(sql).recent.all(stocktakeId, limit) as RecentItemRow[];

/**
 * Records the result of every copy of the series not scanned and not withdrawn: present with `heldCondition` when it
 * waits on the hold shelf (Đặt trước: in the library, kept for a reader), present with `onLoanCondition` when lent out,
 * otherwise missing. Returns how many of each. Call inside `transaction()`.
 */
export function recordUnscanned(sql: Sql, stocktakeId: number, seriesIds: readonly number[], onLoanCondition: string, heldCondition: string): { onLoan: number; held: number; missing: number } {
  if (!seriesIds.length) return { onLoan: 0, held: 0, missing: 0 };
  const marks = seriesIds.map(() => '?').join(',');
  const notScanned = `FROM copy c WHERE c.status <> 'withdrawn' AND c.series_id IN (${marks})
    AND NOT EXISTS (SELECT 1 FROM stocktake_item si WHERE si.stocktake_id = ? AND si.copy_id = c.id)`;
  const openLoan = 'EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.returned_at IS NULL AND l.lost_at IS NULL)';
  const held = sql.prepare(`${INSERT_ITEM}
    SELECT ?, c.id, c.accession_code, 'present', ?, NULL ${notScanned} AND c.status = 'held' AND NOT ${openLoan} ORDER BY c.series_id, c.accession_number`)
    .run(stocktakeId, heldCondition, ...seriesIds, stocktakeId).changes;
  const lent = `(c.status = 'onLoan' OR ${openLoan})`;
  const onLoan = sql.prepare(`${INSERT_ITEM}
    SELECT ?, c.id, c.accession_code, 'present', ?, NULL ${notScanned} AND ${lent} ORDER BY c.series_id, c.accession_number`)
    .run(stocktakeId, onLoanCondition, ...seriesIds, stocktakeId).changes;
  const missing = sql.prepare(`${INSERT_ITEM}
    SELECT ?, c.id, c.accession_code, 'missing', '', NULL ${notScanned} ORDER BY c.series_id, c.accession_number`)
    .run(stocktakeId, ...seriesIds, stocktakeId).changes;
  return { onLoan, held, missing };
}

export function markStocktakeClosed(sql: Sql, stocktakeId: number, at: string): { scanned: number; extra: number } {
  const s = q(sql);
  s.close.run(at, stocktakeId);
  const c = s.closeCounts.get(stocktakeId) as { scanned: number | null; extra: number | null };
  return { scanned: c.scanned ?? 0, extra: c.extra ?? 0 };
}

/** The highest item id of a stocktake (0 when it has none): the list prints the items up to it. */
export const maxItemId = (sql: Sql, stocktakeId: number) => (q(sql).maxItemId.get(stocktakeId) as { m: number }).m;

/** Items of copies of one series, up to item `upTo`. */
export const listCount = (sql: Sql, stocktakeId: number, upTo: number, seriesId: number) =>
  (q(sql).listCount.get({ stocktakeId, upTo, seriesId }) as { n: number }).n;

/** The next LIST_CHUNK lines of one series after ĐKCB number `after`, in ĐKCB order (`n` is the number, for the next chunk). */
export const listChunk = (sql: Sql, stocktakeId: number, upTo: number, seriesId: number, after: number) =>
  q(sql).listChunk.all({ stocktakeId, upTo, seriesId, after }) as (ListLineRow & { n: number })[];

/** Lines of items stored without a copy (out-of-scope copies, unknown codes): other series first, unknown codes last. */
export const listOthers = (sql: Sql, stocktakeId: number, upTo: number) => q(sql).listOthers.all(stocktakeId, upTo) as ListLineRow[];
