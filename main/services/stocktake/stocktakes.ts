import {
  HELD_CONDITION, ON_LOAN_CONDITION, type StartStocktakeInput, type StocktakeCounts, type StocktakeDto, type StocktakeItemDto, type StocktakeProgress,
  type StocktakeReport, type StocktakeScanResult, type StocktakeSeriesCounts,
} from '../../../shared/contract/stocktake';
import { AppError } from '../../../shared/errors';
import { writeAudit } from '../../db/queries/audit';
import {
  allSeries, allStocktakes, codeSeen, copySeen, insertStocktake, insertStocktakeItem, itemGroups, LIST_CHUNK, listChunk, listCount, listOthers,
  liveSeriesCounts, markStocktakeClosed, maxItemId, openStocktakes, recentItems, recordUnscanned, stocktakeById, stocktakeCopyByCode,
  type StocktakeRow,
} from '../../db/queries/stocktake';
import { transaction, type Sql } from '../../db/sql';
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

export const CONDITION_UNKNOWN = 'Mã không có trong kho';
export const CONDITION_WITHDRAWN = 'Đã thanh lọc (xuất kho)';
/** Notes kept on a copy found on the shelf while the catalogue says otherwise (shown in "Vừa quét" and the danh sách). */
export const NOTE_FOUND_ON_LOAN = 'Trên kệ nhưng đang ghi cho mượn — hãy nhận trả ở Lưu thông';
export const NOTE_FOUND_LOST = 'Đang ghi nhận mất — đã tìm thấy';
export const conditionOutOfScope = (series: string) => `Ngoài phạm vi (loại ${series})`;

function scopeOf(row: { scope: string }): string[] {
  return row.scope.split(',').map((s) => s.trim()).filter(Boolean);
}

function getRow(sql: Sql, id: number): StocktakeRow {
  const row = stocktakeById(sql, id);
  if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy đợt kiểm kê này.');
  return row;
}

/** The series ids a stocktake covers (every series when its scope is empty). */
function scopeSeries(sql: Sql, row: { scope: string }): { id: number; code: string; name: string }[] {
  const all = allSeries(sql);
  const scope = scopeOf(row);
  return scope.length ? all.filter((s) => scope.includes(s.code)) : all;
}

const zero = (): StocktakeCounts => ({ expected: 0, scanned: 0, present: 0, onLoan: 0, held: 0, missing: 0, extra: 0 });

/** Counts per series (in the collection's series order) plus a row for codes of no known series. */
function seriesCounts(sql: Sql, row: StocktakeRow): StocktakeSeriesCounts[] {
  const inScope = scopeSeries(sql, row);
  const all = allSeries(sql);
  const by = new Map<number, StocktakeCounts>();
  for (const s of inScope) by.set(s.id, zero());
  const get = (sid: number | null) => {
    const key = sid ?? 0;
    let c = by.get(key);
    if (!c) by.set(key, (c = zero()));
    return c;
  };
  const items = itemGroups(sql, row.id);
  for (const it of items) {
    const c = get(it.sid);
    if (it.result === 'extra') c.extra += it.n;
    else if (it.result === 'missing') c.missing += it.n;
    else if (it.result === 'present') {
      c.present += it.n;
      if (it.scanned) c.scanned += it.n;
      else if (it.condition === ON_LOAN_CONDITION) c.onLoan += it.n;
      else if (it.condition === HELD_CONDITION) c.held += it.n;
    }
  }
  if (row.status === 'closed') {
    for (const c of by.values()) c.expected = c.present + c.missing;
  } else {
    // Live: copies on the shelves now, and those lent out or on the hold shelf (they will count as present at closing).
    for (const l of liveSeriesCounts(sql, row.id, inScope.map((s) => s.id))) {
      const c = get(l.sid);
      c.expected = l.expected;
      c.onLoan = l.onLoan;
      c.held = l.held;
      c.present = c.scanned + l.onLoan + l.held;
      c.missing = Math.max(0, l.expected - c.present);
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

function toDto(sql: Sql, row: StocktakeRow, counts?: StocktakeCounts): StocktakeDto {
  return {
    id: row.id, name: row.name, schoolYear: row.school_year, scope: scopeOf(row), status: row.status === 'closed' ? 'closed' : 'open',
    startedAt: row.started_at, closedAt: row.closed_at, members: row.members, note: row.note,
    counts: counts ?? sum(seriesCounts(sql, row)),
  };
}

export function listStocktakes(ctx: ServiceContext): StocktakeDto[] {
  const sql = ctx.sql;
  return allStocktakes(sql).map((r) => toDto(sql, r));
}

export async function startStocktake(ctx: ServiceContext, input: Required<StartStocktakeInput>): Promise<StocktakeDto> {
  const now = ctx.now();
  const scope = [...new Set(input.scope)];
  const sql = ctx.sql;
  const id = transaction(sql, () => {
    const codes = new Set(allSeries(sql).map((r) => r.code));
    const unknown = scope.filter((c) => !codes.has(c));
    if (unknown.length) throw new AppError('UNKNOWN_SERIES', `Không có loại sách: ${unknown.join(', ')}.`);
    for (const open of openStocktakes(sql)) {
      const other = scopeOf(open);
      if (other.length === 0 || scope.length === 0 || other.some((c) => scope.includes(c))) {
        throw new AppError('STOCKTAKE_OVERLAP',
          `Đợt kiểm kê "${open.name}" (${other.length ? other.join(', ') : 'toàn bộ kho'}) đang mở và trùng phạm vi. Hãy kết thúc đợt đó trước.`);
      }
    }
    const newId = insertStocktake(sql, {
      name: input.name, schoolYear: input.schoolYear, scope: scope.join(','), startedAt: now.toISOString(), members: input.members, note: input.note,
    });
    writeAudit(sql, { at: now, action: 'start', entity: 'stocktake', entityId: newId, details: { name: input.name, schoolYear: input.schoolYear, scope } });
    return newId;
  });
  return toDto(sql, getRow(sql, id));
}

export async function scanStocktake(ctx: ServiceContext, stocktakeId: number, code: string): Promise<StocktakeScanResult> {
  const at = ctx.now().toISOString();
  const sql = ctx.sql;
  return transaction(sql, () => {
    const row = getRow(sql, stocktakeId);
    if (row.status !== 'open') throw new AppError('STOCKTAKE_CLOSED', `Đợt kiểm kê "${row.name}" đã kết thúc, không quét thêm được.`);
    const copy = stocktakeCopyByCode(sql, code);
    const insert = (copyId: number | null, scanned: string, result: string, condition: string) =>
      insertStocktakeItem(sql, stocktakeId, copyId, scanned, result, condition, at);
    if (!copy) {
      const seen = codeSeen(sql, stocktakeId, code);
      if (!seen) insert(null, code, 'extra', CONDITION_UNKNOWN);
      return { result: 'extra', reason: 'unknown', duplicate: !!seen, code, copy: null, message: `Thừa — mã ${code} không có trong kho sách.` };
    }
    const title = copy.volume ? `${copy.title}. ${copy.volume}` : copy.title;
    const dto = { id: copy.id, accessionCode: copy.code, title, seriesCode: copy.seriesCode, status: copy.status };
    const inScope = scopeSeries(sql, row).some((s) => s.id === copy.seriesId);
    if (!inScope) {
      const seen = codeSeen(sql, stocktakeId, copy.code);
      if (!seen) insert(null, copy.code, 'extra', conditionOutOfScope(copy.seriesCode));
      return {
        result: 'extra', reason: 'outOfScope', duplicate: !!seen, code: copy.code, copy: dto,
        message: `Thừa — ${copy.code} ${title}: loại ${copy.seriesCode} ngoài phạm vi đợt kiểm kê này.`,
      };
    }
    const seen = copySeen(sql, stocktakeId, copy.id);
    if (copy.status === 'withdrawn') {
      if (!seen) insert(copy.id, copy.code, 'extra', CONDITION_WITHDRAWN);
      return { result: 'extra', reason: 'withdrawn', duplicate: !!seen, code: copy.code, copy: dto, message: `Thừa — ${copy.code} ${title}: bản này đã thanh lọc (xuất kho).` };
    }
    // The per-copy note is stored with the item, so "Vừa quét" and the danh sách keep it after the message is gone.
    const note = copy.status === 'onLoan' ? NOTE_FOUND_ON_LOAN : copy.status === 'lost' ? NOTE_FOUND_LOST : '';
    if (!seen) insert(copy.id, copy.code, 'present', note);
    const hint = note ? ` (${note.charAt(0).toLowerCase()}${note.slice(1)})` : '';
    return { result: 'present', reason: null, duplicate: !!seen, code: copy.code, copy: dto, message: `Còn — ${copy.code} ${title}${hint}` };
  });
}

export function stocktakeProgress(ctx: ServiceContext, stocktakeId: number): StocktakeProgress {
  const sql = ctx.sql;
  const row = getRow(sql, stocktakeId);
  const series = seriesCounts(sql, row);
  return { stocktake: toDto(sql, row, sum(series)), series, recent: recentItems(sql, stocktakeId, 15) as StocktakeItemDto[] };
}

export function stocktakeReport(ctx: ServiceContext, stocktakeId: number): StocktakeReport {
  const sql = ctx.sql;
  const row = getRow(sql, stocktakeId);
  const series = seriesCounts(sql, row);
  const totals = sum(series);
  return { stocktake: toDto(sql, row, totals), series, totals };
}

/**
 * Ends a stocktake in one transaction: every in-scope copy that was not scanned and is not withdrawn
 * gets its result — present with "đang cho mượn" when it is lent out, "đang giữ …" when it waits on the hold shelf,
 * otherwise missing. Copies keep
 * their status (no withdrawal here). Audited with the counts.
 */
export async function closeStocktake(ctx: ServiceContext, stocktakeId: number): Promise<StocktakeReport> {
  const now = ctx.now();
  const sql = ctx.sql;
  transaction(sql, () => {
    const row = getRow(sql, stocktakeId);
    if (row.status !== 'open') throw new AppError('STOCKTAKE_CLOSED', `Đợt kiểm kê "${row.name}" đã kết thúc trước đây.`);
    const { onLoan, held, missing } = recordUnscanned(sql, stocktakeId, scopeSeries(sql, row).map((s) => s.id), ON_LOAN_CONDITION, HELD_CONDITION);
    const counts = markStocktakeClosed(sql, stocktakeId, now.toISOString());
    writeAudit(sql, {
      at: now, action: 'close', entity: 'stocktake', entityId: stocktakeId,
      details: { name: row.name, schoolYear: row.school_year, scope: scopeOf(row), scanned: counts.scanned, onLoan, held, missing, extra: counts.extra },
    });
  });
  return stocktakeReport(ctx, stocktakeId);
}

/**
 * Every item of a stocktake in series then ĐKCB order; copies of other series, then unknown codes, last.
 * Counted first, then read in keyset chunks along the (series, number) index as the pages are drawn, so a
 * 100,000-copy list is never held at once. Items are only ever added, so the items up to the highest id at
 * the start are the list: scans made while it prints do not change its page count.
 */
export function stocktakeLines(ctx: ServiceContext, stocktakeId: number): StocktakeLines {
  const sql = ctx.sql;
  const row = getRow(sql, stocktakeId);
  const upTo = maxItemId(sql, stocktakeId);
  const series = scopeSeries(sql, row)
    .map((s) => ({ id: s.id, lines: listCount(sql, stocktakeId, upTo, s.id) }))
    .filter((s) => s.lines > 0);
  const others = listOthers(sql, stocktakeId, upTo).map((l): StocktakePrintLine => ({ ...l, inScope: false }));
  async function* chunks(): AsyncGenerator<StocktakePrintLine[]> {
    for (const { id } of series) {
      let after = -1;
      for (;;) {
        const part = listChunk(sql, stocktakeId, upTo, id, after);
        yield part.map(({ n: _n, ...l }): StocktakePrintLine => ({ ...l, inScope: true }));
        if (part.length < LIST_CHUNK) break;
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
