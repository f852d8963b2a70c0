import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';
import { opacSearch, opacTitleDetail } from '../opac/search';
import { readUnionBatch, unionSummary } from './feed';
import { UNION_BATCH_MAX } from './protocol';

/**
 * The change feed (migration UnionFeed1764140013100): the triggers put a title at the end of the feed
 * whenever its union record may change — a loan, a return, a withdrawal, a new copy, a title edit — and
 * the records built from it count copies exactly as the school's own OPAC does.
 */
let ctx: TestContext;
const sql = () => ctx.sql;
const one = <T>(text: string, ...params: unknown[]) => sql().prepare(text).get(...params) as T;
/** Everything after the feed's current end: what the next push would send. */
let cursor = 0;
function changedSince(): string[] {
  const ids: string[] = [];
  let since = cursor;
  for (;;) {
    const batch = readUnionBatch(sql(), since);
    ids.push(...batch.records.map((r) => r.id));
    since = batch.cursor;
    if (batch.last) break;
  }
  cursor = since;
  return ids;
}
const shelfCopy = () => one<{ id: number; code: string; titleId: number }>(`SELECT c.id, c.accession_code AS code, c.title_id AS titleId FROM copy c
  JOIN collection_series s ON s.id = c.series_id WHERE c.status = 'available' AND s.code = 'STN' AND c.id NOT IN (SELECT copy_id FROM withdrawal_item)
  ORDER BY c.id LIMIT 1`);
const student = () => one<{ id: number }>(`SELECT id FROM reader WHERE kind = 'student' AND active = 1
  AND id NOT IN (SELECT reader_id FROM loan WHERE returned_at IS NULL) ORDER BY id LIMIT 1`).id;

beforeAll(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 5, copies: 400, students: 60, teachers: 6, loans: 80, titles: 120, now: ctx.now() });
  changedSince();
}, 60_000);
afterAll(async () => ctx?.cleanup());

describe('the union change feed', () => {
  it('holds every title once after the demo, and nothing after the cursor once read', () => {
    const titles = one<{ n: number }>('SELECT COUNT(*) AS n FROM title').n;
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM union_feed').n).toBe(titles);
    expect(changedSince()).toEqual([]);
  });

  it('a loan and a return each put the lent title (only it) at the end', async () => {
    const copy = shelfCopy();
    await ctx.call('circulation.checkout', { readerId: student(), code: copy.code });
    expect(changedSince()).toEqual([String(copy.titleId)]);
    await ctx.call('circulation.return', { code: copy.code });
    expect(changedSince()).toEqual([String(copy.titleId)]);
  });

  it('a confirmed withdrawal puts the title at the end; the last copy withdrawn makes its record "removed"', async () => {
    const copy = shelfCopy();
    const { id } = await ctx.call('withdrawal.saveDraft', { number: '90/BB', date: '2026-11-25', approvalDate: '2026-11-25', items: [{ copyId: copy.id, reason: 'outdated' }] });
    expect(changedSince()).toEqual([]);
    await ctx.call('withdrawal.confirm', { id });
    expect(changedSince()).toEqual([String(copy.titleId)]);

    const others = sql().prepare(`SELECT id FROM copy WHERE title_id = ? AND status <> 'withdrawn'`).pluck().all(copy.titleId) as number[];
    if (others.length) {
      const last = await ctx.call('withdrawal.saveDraft', { number: '91/BB', date: '2026-11-25', approvalDate: '2026-11-25', items: others.map((copyId) => ({ copyId, reason: 'outdated' as const })) });
      await ctx.call('withdrawal.confirm', { id: last.id });
    }
    const before = cursor;
    expect(changedSince()).toEqual(others.length ? [String(copy.titleId)] : []);
    const record = readUnionBatch(sql(), 0, 10_000).records.find((r) => r.id === String(copy.titleId))!;
    expect(record).toMatchObject({ removed: true, total: 0, available: 0 });
    expect(before).toBeLessThanOrEqual(cursor);
  });

  it('new copies accessioned and a title edit put the title at the end; an edit of a field the record lacks does not', async () => {
    const titleId = shelfCopy().titleId;
    const batch = await ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'mua', lines: [{ titleId, quantity: 3, unitPrice: 10_000 }] });
    await ctx.call('accession.confirm', { id: batch.id });
    expect(changedSince()).toEqual([String(titleId)]);

    const { title } = await ctx.call('catalogue.getTitle', { id: titleId });
    await ctx.call('catalogue.saveTitle', { ...title, isbn: title.isbn ?? '', summary: 'Tóm tắt mới' });
    expect(changedSince()).toEqual([]);
    await ctx.call('catalogue.saveTitle', { ...title, isbn: title.isbn ?? '', title: `${title.title} (tái bản)` });
    expect(changedSince()).toEqual([String(titleId)]);
  });

  it('a new title enters the feed; a copy marked lost changes availability', async () => {
    const seriesId = (await ctx.call('settings.listSeries', {}))[0].id;
    const created = await ctx.call('catalogue.saveTitle', { title: 'Sách mới cho liên thông', seriesId });
    expect(changedSince()).toEqual([String(created.id)]);
    expect(readUnionBatch(sql(), 0, 10_000).records.find((r) => r.id === String(created.id))).toMatchObject({ removed: true });

    const copy = shelfCopy();
    const loan = (await ctx.call('circulation.checkout', { readerId: student(), code: copy.code })).loan;
    changedSince();
    await ctx.call('circulation.markLost', { loanId: loan.id, compensation: 'none' });
    expect(changedSince()).toEqual([String(copy.titleId)]);
  });

  it('records count copies exactly as the school OPAC shows them (total in stock, available on the shelf), lost ones included in neither', () => {
    const records = readUnionBatch(sql(), 0, 10_000).records.filter((r) => !r.removed);
    expect(records.length).toBeGreaterThan(50);
    for (const r of records) {
      // The OPAC's search result and its title page count the same way (opac/search.ts); both are compared.
      const page = opacTitleDetail(sql(), Number(r.id))!;
      expect({ id: r.id, total: r.total, available: r.available }).toEqual({ id: r.id, total: page.total, available: page.available });
    }
    for (const r of records.slice(0, 20)) {
      const hit = opacSearch(sql(), { q: r.title, limit: 50 }).results.find((h) => String(h.id) === r.id);
      expect(hit, r.title).toBeDefined();
      expect({ id: r.id, total: r.total, available: r.available }).toEqual({ id: r.id, total: hit!.total, available: hit!.available });
    }
    expect(records.some((r) => r.total > r.available)).toBe(true);
    // Titles with a lost copy are among them (the demo's, and the one marked lost above).
    const withLost = new Set((sql().prepare("SELECT DISTINCT title_id FROM copy WHERE status = 'lost'").pluck().all() as number[]).map(String));
    expect(records.filter((r) => withLost.has(r.id)).length).toBeGreaterThan(0);
  });

  it('batches are bounded and end where the next begins', () => {
    const all = readUnionBatch(sql(), 0, 10_000).records.map((r) => r.id);
    const ids: string[] = [];
    let since = 0;
    for (;;) {
      const b = readUnionBatch(sql(), since, 7);
      expect(b.records.length).toBeLessThanOrEqual(7);
      ids.push(...b.records.map((r) => r.id));
      since = b.cursor;
      if (b.last) break;
    }
    expect(ids).toEqual(all);
    expect(UNION_BATCH_MAX).toBeLessThanOrEqual(500);
  });

  it('the summary: active students, titles and copies in stock, digital resources, loans taken home per month', () => {
    const s = unionSummary(sql(), ctx.now());
    expect(s.students).toBe(one<{ n: number }>("SELECT COUNT(*) AS n FROM reader WHERE kind = 'student' AND active = 1").n);
    expect(s.copies).toBe(one<{ n: number }>("SELECT COUNT(*) AS n FROM copy WHERE status IN ('available', 'onLoan')").n);
    const loans = Object.values(s.loansPerMonth).reduce((a, b) => a + b, 0);
    expect(loans).toBe(one<{ n: number }>("SELECT COUNT(*) AS n FROM loan WHERE kind <> 'inLibrary' AND checkout_at >= '2025-08-01'").n);
    expect(loans).toBeGreaterThan(0);
  });
});
