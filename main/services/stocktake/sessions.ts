import type Database from 'better-sqlite3';
import {
  ON_LOAN_CONDITION, type StartStocktakeInput, type StocktakeCounts, type StocktakeDto, type StocktakeItemDto, type StocktakeProgress,
  type StocktakeReport, type StocktakeScanResult, type StocktakeSeriesCounts,
} from '../../../shared/contract/stocktake';
import { AppError } from '../../../shared/errors';
import { rawConnection } from '../../db/data-source';
import { auditRaw, rawWrite } from '../catalogue/core';
import type { ServiceContext } from '../context';
import { countRuns, type StocktakeLines, type StocktakePrintLine } from '../../pdf/stocktake';

/**
 * Kiểm kê. A stocktake covers some series (or all). Scans add items: a copy of the scope → present
 * (Còn), anything else → extra (Thừa); each copy or unknown code counts once. Closing records every
 * in-scope copy not scanned: lent out → present with condition "đang cho mượn", otherwise missing
 * (Mất). Closing never withdraws a copy (that is a biên bản xuất).
 *
 * An out-of-scope copy is Thừa for this stocktake but is stored without its copy_id, so the year's
 * Kiểm kê column of the registers (which reads results by copy) is not overwritten by a stocktake of
 * another series.
 */

interface StocktakeRow {
  id: number; name: string; school_year: string; scope: string; status: string; started_at: string; closed_at: string | null;
  members: string; note: string;
}

export const CONDITION_UNKNOWN = 'Mã không có trong kho';
export const CONDITION_WITHDRAWN = 'Đã thanh lọc (xuất kho)';
/** Notes kept on a copy found on the shelf while the catalogue says otherwise (shown in "Vừa quét" and the danh sách). */
export const NOTE_FOUND_ON_LOAN = 'Trên kệ nhưng đang ghi cho mượn — hãy nhận trả ở Lưu thông';
export const NOTE_FOUND_LOST = 'Đang ghi nhận mất — đã tìm thấy';
export const conditionOutOfScope = (series: string) => `Ngoài phạm vi (loại ${series})`;

function scopeOf(row: { scope: string }): string[] {
  return row.scope.split(',').map((s) => s.trim()).filter(Boolean);
}

function getRow(raw: Database.Database, id: number): StocktakeRow {
  const row = raw.prepare('SELECT * FROM stocktake WHERE id = ?').get(id) as StocktakeRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy đợt kiểm kê này.');
  return row;
}

/** The series ids a stocktake covers (every series when its scope is empty). */
function scopeSeries(raw: Database.Database, row: { scope: string }): { id: number; code: string; name: string }[] {
  const all = raw.prepare('SELECT id, code, name FROM collection_series ORDER BY sort_order, id').all() as { id: number; code: string; name: string }[];
  const scope = scopeOf(row);
  return scope.length ? all.filter((s) => scope.includes(s.code)) : all;
}

const zero = (): StocktakeCounts => ({ expected: 0, scanned: 0, present: 0, onLoan: 0, missing: 0, extra: 0 });

/** Counts per series (in the collection's series order) plus a row for codes of no known series. */
function seriesCounts(raw: Database.Database, row: StocktakeRow): StocktakeSeriesCounts[] {
  const inScope = scopeSeries(raw, row);
  const all = raw.prepare('SELECT id, code, name FROM collection_series ORDER BY sort_order, id').all() as { id: number; code: string; name: string }[];
  const by = new Map<number, StocktakeCounts>();
  for (const s of inScope) by.set(s.id, zero());
  const get = (sid: number | null) => {
    const key = sid ?? 0;
    let c = by.get(key);
    if (!c) by.set(key, (c = zero()));
    return c;
  };
  const items = raw.prepare(`SELECT COALESCE(c.series_id,
        (SELECT series_id FROM copy WHERE accession_code = si.scanned_code),
        (SELECT series_id FROM copy WHERE barcode = si.scanned_code)) AS sid,
      si.result, si.condition, si.scanned_at IS NOT NULL AS scanned, COUNT(*) AS n
    FROM stocktake_item si LEFT JOIN copy c ON c.id = si.copy_id WHERE si.stocktake_id = ?
    GROUP BY sid, si.result, si.condition, scanned`).all(row.id) as { sid: number | null; result: string; condition: string; scanned: number; n: number }[];
  for (const it of items) {
    const c = get(it.sid);
    if (it.result === 'extra') c.extra += it.n;
    else if (it.result === 'missing') c.missing += it.n;
    else if (it.result === 'present') {
      c.present += it.n;
      if (it.scanned) c.scanned += it.n;
      else if (it.condition === ON_LOAN_CONDITION) c.onLoan += it.n;
    }
  }
  if (row.status === 'closed') {
    for (const c of by.values()) c.expected = c.present + c.missing;
  } else {
    // Live: copies on the shelves now, and those lent out (they will count as present at closing).
    const ids = inScope.map((s) => s.id);
    if (ids.length) {
      const marks = ids.map(() => '?').join(',');
      const live = raw.prepare(`SELECT c.series_id AS sid, COUNT(*) AS expected,
          SUM(CASE WHEN c.status = 'onLoan' AND NOT EXISTS (SELECT 1 FROM stocktake_item si WHERE si.stocktake_id = ? AND si.copy_id = c.id)
            THEN 1 ELSE 0 END) AS onLoan
        FROM copy c WHERE c.status <> 'withdrawn' AND c.series_id IN (${marks}) GROUP BY c.series_id`).all(row.id, ...ids) as
        { sid: number; expected: number; onLoan: number }[];
      for (const l of live) {
        const c = get(l.sid);
        c.expected = l.expected;
        c.onLoan = l.onLoan;
        c.present = c.scanned + l.onLoan;
        c.missing = Math.max(0, l.expected - c.present);
      }
    }
  }
  // The series in scope first, then any other series whose copies turned up as Thừa.
  const out: StocktakeSeriesCounts[] = [];
  const ordered = [...inScope, ...all.filter((s) => !inScope.some((x) => x.id === s.id))];
  for (const s of ordered) {
    const c = by.get(s.id);
    if (c) out.push({ code: s.code, name: s.name, ...c });
  }
  const unknown = by.get(0);
  if (unknown) out.push({ code: '', name: 'Không rõ loại', ...unknown });
  return out;
}

function sum(series: StocktakeCounts[]): StocktakeCounts {
  const t = zero();
  for (const s of series) for (const k of Object.keys(t) as (keyof StocktakeCounts)[]) t[k] += s[k];
  return t;
}

function toDto(raw: Database.Database, row: StocktakeRow, counts?: StocktakeCounts): StocktakeDto {
  return {
    id: row.id, name: row.name, schoolYear: row.school_year, scope: scopeOf(row), status: row.status === 'closed' ? 'closed' : 'open',
    startedAt: row.started_at, closedAt: row.closed_at, members: row.members, note: row.note,
    counts: counts ?? sum(seriesCounts(raw, row)),
  };
}

export function listStocktakes(ctx: ServiceContext): StocktakeDto[] {
  const raw = rawConnection(ctx.db);
  const rows = raw.prepare('SELECT * FROM stocktake ORDER BY started_at DESC, id DESC').all() as StocktakeRow[];
  return rows.map((r) => toDto(raw, r));
}

export async function startStocktake(ctx: ServiceContext, input: Required<StartStocktakeInput>): Promise<StocktakeDto> {
  const now = ctx.now();
  const scope = [...new Set(input.scope)];
  const id = await rawWrite(ctx.db, (raw) => {
    const codes = new Set((raw.prepare('SELECT code FROM collection_series').all() as { code: string }[]).map((r) => r.code));
    const unknown = scope.filter((c) => !codes.has(c));
    if (unknown.length) throw new AppError('UNKNOWN_SERIES', `Không có loại sách: ${unknown.join(', ')}.`);
    for (const open of raw.prepare("SELECT * FROM stocktake WHERE status = 'open'").all() as StocktakeRow[]) {
      const other = scopeOf(open);
      if (other.length === 0 || scope.length === 0 || other.some((c) => scope.includes(c))) {
        throw new AppError('STOCKTAKE_OVERLAP',
          `Đợt kiểm kê "${open.name}" (${other.length ? other.join(', ') : 'toàn bộ kho'}) đang mở và trùng phạm vi. Hãy kết thúc đợt đó trước.`);
      }
    }
    const r = raw.prepare(`INSERT INTO stocktake (name, school_year, scope, status, started_at, members, note) VALUES (?, ?, ?, 'open', ?, ?, ?)`)
      .run(input.name, input.schoolYear, scope.join(','), now.toISOString(), input.members, input.note);
    const newId = Number(r.lastInsertRowid);
    auditRaw(raw, now, 'start', 'stocktake', newId, { name: input.name, schoolYear: input.schoolYear, scope });
    return newId;
  });
  const raw = rawConnection(ctx.db);
  return toDto(raw, getRow(raw, id));
}

interface CopyHit { id: number; code: string; status: string; title: string; volume: string; seriesId: number; seriesCode: string }

export async function scanStocktake(ctx: ServiceContext, stocktakeId: number, code: string): Promise<StocktakeScanResult> {
  const at = ctx.now().toISOString();
  return rawWrite(ctx.db, (raw) => {
    const row = getRow(raw, stocktakeId);
    if (row.status !== 'open') throw new AppError('STOCKTAKE_CLOSED', `Đợt kiểm kê "${row.name}" đã kết thúc, không quét thêm được.`);
    const copy = raw.prepare(`SELECT c.id, c.accession_code AS code, c.status, t.title, t.volume, c.series_id AS seriesId, s.code AS seriesCode
      FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
      WHERE c.barcode = ? OR c.accession_code = ? LIMIT 1`).get(code, code) as CopyHit | undefined;
    const insert = raw.prepare(`INSERT INTO stocktake_item (stocktake_id, copy_id, scanned_code, result, condition, scanned_at) VALUES (?, ?, ?, ?, ?, ?)`);
    if (!copy) {
      const seen = raw.prepare('SELECT 1 FROM stocktake_item WHERE stocktake_id = ? AND copy_id IS NULL AND scanned_code = ?').get(stocktakeId, code);
      if (!seen) insert.run(stocktakeId, null, code, 'extra', CONDITION_UNKNOWN, at);
      return { result: 'extra', reason: 'unknown', duplicate: !!seen, code, copy: null, message: `Thừa — mã ${code} không có trong kho sách.` };
    }
    const title = copy.volume ? `${copy.title}. ${copy.volume}` : copy.title;
    const dto = { id: copy.id, accessionCode: copy.code, title, seriesCode: copy.seriesCode, status: copy.status };
    const inScope = scopeSeries(raw, row).some((s) => s.id === copy.seriesId);
    if (!inScope) {
      const seen = raw.prepare('SELECT 1 FROM stocktake_item WHERE stocktake_id = ? AND copy_id IS NULL AND scanned_code = ?').get(stocktakeId, copy.code);
      if (!seen) insert.run(stocktakeId, null, copy.code, 'extra', conditionOutOfScope(copy.seriesCode), at);
      return {
        result: 'extra', reason: 'outOfScope', duplicate: !!seen, code: copy.code, copy: dto,
        message: `Thừa — ${copy.code} ${title}: loại ${copy.seriesCode} ngoài phạm vi đợt kiểm kê này.`,
      };
    }
    const seen = raw.prepare('SELECT 1 FROM stocktake_item WHERE stocktake_id = ? AND copy_id = ?').get(stocktakeId, copy.id);
    if (copy.status === 'withdrawn') {
      if (!seen) insert.run(stocktakeId, copy.id, copy.code, 'extra', CONDITION_WITHDRAWN, at);
      return { result: 'extra', reason: 'withdrawn', duplicate: !!seen, code: copy.code, copy: dto, message: `Thừa — ${copy.code} ${title}: bản này đã thanh lọc (xuất kho).` };
    }
    // The per-copy note is stored with the item, so "Vừa quét" and the danh sách keep it after the message is gone.
    const note = copy.status === 'onLoan' ? NOTE_FOUND_ON_LOAN : copy.status === 'lost' ? NOTE_FOUND_LOST : '';
    if (!seen) insert.run(stocktakeId, copy.id, copy.code, 'present', note, at);
    const hint = note ? ` (${note.charAt(0).toLowerCase()}${note.slice(1)})` : '';
    return { result: 'present', reason: null, duplicate: !!seen, code: copy.code, copy: dto, message: `Còn — ${copy.code} ${title}${hint}` };
  });
}

/** Joins an item to its copy: by copy_id, or by the code scanned (an out-of-scope copy is stored without copy_id). */
const ITEM_COPY = `LEFT JOIN copy c ON c.id = COALESCE(si.copy_id, (SELECT id FROM copy WHERE accession_code = si.scanned_code),
      (SELECT id FROM copy WHERE barcode = si.scanned_code))
    LEFT JOIN title t ON t.id = c.title_id LEFT JOIN collection_series s ON s.id = c.series_id`;
const TITLE_OF = "CASE WHEN t.id IS NULL THEN NULL WHEN t.volume <> '' THEN t.title || '. ' || t.volume ELSE t.title END";

function recentItems(raw: Database.Database, stocktakeId: number, limit: number): StocktakeItemDto[] {
  return raw.prepare(`SELECT si.id, COALESCE(c.accession_code, si.scanned_code) AS code, si.result, si.condition, si.scanned_at AS scannedAt,
      ${TITLE_OF} AS title, s.code AS seriesCode
    FROM stocktake_item si ${ITEM_COPY}
    WHERE si.stocktake_id = ? AND si.scanned_at IS NOT NULL ORDER BY si.id DESC LIMIT ?`).all(stocktakeId, limit) as StocktakeItemDto[];
}

export function stocktakeProgress(ctx: ServiceContext, stocktakeId: number): StocktakeProgress {
  const raw = rawConnection(ctx.db);
  const row = getRow(raw, stocktakeId);
  const series = seriesCounts(raw, row);
  return { stocktake: toDto(raw, row, sum(series)), series, recent: recentItems(raw, stocktakeId, 15) };
}

export function stocktakeReport(ctx: ServiceContext, stocktakeId: number): StocktakeReport {
  const raw = rawConnection(ctx.db);
  const row = getRow(raw, stocktakeId);
  const series = seriesCounts(raw, row);
  const totals = sum(series);
  return { stocktake: toDto(raw, row, totals), series, totals };
}

/**
 * Ends a stocktake in one transaction: every in-scope copy that was not scanned and is not withdrawn
 * gets its result — present with "đang cho mượn" when it is lent out, otherwise missing. Copies keep
 * their status (no withdrawal here). Audited with the counts.
 */
export async function closeStocktake(ctx: ServiceContext, stocktakeId: number): Promise<StocktakeReport> {
  const now = ctx.now();
  await rawWrite(ctx.db, (raw) => {
    const row = getRow(raw, stocktakeId);
    if (row.status !== 'open') throw new AppError('STOCKTAKE_CLOSED', `Đợt kiểm kê "${row.name}" đã kết thúc trước đây.`);
    const ids = scopeSeries(raw, row).map((s) => s.id);
    let onLoan = 0, missing = 0;
    if (ids.length) {
      const marks = ids.map(() => '?').join(',');
      const notScanned = `FROM copy c WHERE c.status <> 'withdrawn' AND c.series_id IN (${marks})
        AND NOT EXISTS (SELECT 1 FROM stocktake_item si WHERE si.stocktake_id = ? AND si.copy_id = c.id)`;
      const lent = `(c.status = 'onLoan' OR EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.returned_at IS NULL AND l.lost_at IS NULL))`;
      onLoan = raw.prepare(`INSERT INTO stocktake_item (stocktake_id, copy_id, scanned_code, result, condition, scanned_at)
        SELECT ?, c.id, c.accession_code, 'present', ?, NULL ${notScanned} AND ${lent} ORDER BY c.series_id, c.accession_number`)
        .run(stocktakeId, ON_LOAN_CONDITION, ...ids, stocktakeId).changes;
      missing = raw.prepare(`INSERT INTO stocktake_item (stocktake_id, copy_id, scanned_code, result, condition, scanned_at)
        SELECT ?, c.id, c.accession_code, 'missing', '', NULL ${notScanned} ORDER BY c.series_id, c.accession_number`)
        .run(stocktakeId, ...ids, stocktakeId).changes;
    }
    raw.prepare("UPDATE stocktake SET status = 'closed', closed_at = ? WHERE id = ?").run(now.toISOString(), stocktakeId);
    const counts = raw.prepare(`SELECT SUM(result = 'present' AND scanned_at IS NOT NULL) AS scanned, SUM(result = 'extra') AS extra
      FROM stocktake_item WHERE stocktake_id = ?`).get(stocktakeId) as { scanned: number | null; extra: number | null };
    auditRaw(raw, now, 'close', 'stocktake', stocktakeId, {
      name: row.name, schoolYear: row.school_year, scope: scopeOf(row), scanned: counts.scanned ?? 0, onLoan, missing, extra: counts.extra ?? 0,
    });
  });
  return stocktakeReport(ctx, stocktakeId);
}

const LINE_FIELDS = `COALESCE(t.classification, '') AS classification, COALESCE(${TITLE_OF}, '') AS title, COALESCE(t.authors, '') AS authors,
  COALESCE(t.publisher, '') AS publisher, t.publication_year AS year, si.result, si.condition, s.code AS seriesCode, s.name AS seriesName`;

/**
 * Every item of a stocktake in series then ĐKCB order; copies of other series, then unknown codes, last.
 * Counted first, then read in keyset chunks along the (series, number) index as the pages are drawn, so a
 * 100,000-copy list is never held at once. Items are only ever added, so the items up to the highest id at
 * the start are the list: scans made while it prints do not change its page count.
 */
export function stocktakeLines(ctx: ServiceContext, stocktakeId: number): StocktakeLines {
  const raw = rawConnection(ctx.db);
  const row = getRow(raw, stocktakeId);
  const upTo = (raw.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM stocktake_item WHERE stocktake_id = ?').get(stocktakeId) as { m: number }).m;
  // CROSS JOIN keeps SQLite on the copy index: walk the series in ĐKCB order, look each item up.
  const FROM = `FROM copy c CROSS JOIN stocktake_item si ON si.stocktake_id = ? AND si.copy_id = c.id AND si.id <= ?
    JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id`;
  const count = raw.prepare(`SELECT COUNT(*) AS n ${FROM} WHERE c.series_id = ?`);
  const chunk = raw.prepare(`SELECT c.accession_code AS code, c.accession_number AS n, ${LINE_FIELDS}
    ${FROM} WHERE c.series_id = ? AND c.accession_number > ? ORDER BY c.accession_number LIMIT 2000`);
  const series = scopeSeries(raw, row)
    .map((s) => ({ id: s.id, lines: (count.get(stocktakeId, upTo, s.id) as { n: number }).n }))
    .filter((s) => s.lines > 0);
  const others = (raw.prepare(`SELECT si.scanned_code AS code, ${LINE_FIELDS} FROM stocktake_item si ${ITEM_COPY}
    WHERE si.stocktake_id = ? AND si.id <= ? AND si.copy_id IS NULL ORDER BY s.id IS NULL, s.sort_order, s.id, c.accession_number, si.scanned_code`)
    .all(stocktakeId, upTo) as Omit<StocktakePrintLine, 'inScope'>[]).map((l): StocktakePrintLine => ({ ...l, inScope: false }));
  async function* chunks(): AsyncGenerator<StocktakePrintLine[]> {
    for (const { id } of series) {
      let after = -1;
      for (;;) {
        const part = chunk.all(stocktakeId, upTo, id, after) as (Omit<StocktakePrintLine, 'inScope'> & { n: number })[];
        yield part.map(({ n: _n, ...l }): StocktakePrintLine => ({ ...l, inScope: true }));
        if (part.length < 2000) break;
        after = part[part.length - 1].n;
      }
    }
    yield others;
  }
  return {
    count: series.reduce((a, s) => a + s.lines, 0) + others.length,
    runs: series.length + countRuns(others),
    chunks: chunks(),
  };
}
