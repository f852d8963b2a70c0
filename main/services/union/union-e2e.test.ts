import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../../tests/cli';
import { freshPgDatabase } from '../../../tests/pg';
import { startUnionServer, type UnionServer } from '../../server/union-http';
import type { UnionDb } from '../../db/union/sql';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { backupNow } from '../backup/backups';
import { restoreInContext } from '../backup/handlers';
import { backupsDirFor } from '../backup/manifest';
import { generateDemo } from '../demo';
import { opacSearch } from '../opac/search';
import { closeUnion, openUnion } from './database';
import { readUnionBatch } from './feed';
import { pushToUnion } from './push';
import { addSchool } from './schools';
import { unionState } from './settings';

/**
 * Issue 21's acceptance, end to end: two school libraries (real SQLite files, demo data) push to the REAL union
 * server on a real PostgreSQL (tests/pg.ts). "de men" shows both schools' holdings with each school's own OPAC
 * counts; a `union push` process killed with SIGKILL mid-way and run again gives exact totals; 3 copies added
 * and pushed appear; a wrong key changes nothing; nothing in the union's database names a reader.
 */

const root = path.resolve(__dirname, '../../..');
let url: string;
let db: UnionDb;
let server: UnionServer;
let client: pg.Client;
const schools: { name: string; key: string; ctx: TestContext }[] = [];

interface Hit { title: string; authors: string[]; isbn: string | null; holdings: { school: string; available: number; total: number }[] }
async function unionSearch(q: string): Promise<Hit[]> {
  const res = await fetch(`${server.url}api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Hit[] }).results;
}
/** The school's own OPAC for a query, summed: copies on the shelf and held. */
function ownOpac(ctx: TestContext, q: string): { available: number; total: number } {
  const hits = opacSearch(ctx.sql, { q, limit: 50 }).results;
  return { available: hits.reduce((n, h) => n + h.available, 0), total: hits.reduce((n, h) => n + h.total, 0) };
}
/** The union's holdings of one school for a query, summed. */
async function unionHoldings(school: string, q: string): Promise<{ available: number; total: number }> {
  const held = (await unionSearch(q)).flatMap((r) => r.holdings).filter((h) => h.school === school);
  return { available: held.reduce((n, h) => n + h.available, 0), total: held.reduce((n, h) => n + h.total, 0) };
}
/** The union's rows of a school, and what the school's own data says they must be. */
async function unionRows(school: string) {
  return (await client.query(`SELECT r.id, r.total, r.available FROM union_record r JOIN union_school s ON s.id = r.school_id
    WHERE s.name = $1 ORDER BY r.id`, [school])).rows.map((r: { id: string; total: number; available: number }) => ({ id: r.id, total: Number(r.total), available: Number(r.available) }));
}
function expectedRows(ctx: TestContext) {
  return readUnionBatch(ctx.sql, 0, 1_000_000).records.filter((r) => !r.removed)
    .map((r) => ({ id: r.id, total: r.total, available: r.available })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
const dump = async () => {
  const tables = (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map((r: { tablename: string }) => r.tablename);
  const parts: string[] = [];
  for (const t of tables) parts.push(...(await client.query(`SELECT row_to_json(x)::text AS j FROM "${t}" x`)).rows.map((r: { j: string }) => r.j));
  return parts.join('\n');
};

/** `npm run cli -- union push …` as its own process, killed with SIGKILL once it has printed `killAfter` batch lines. */
function pushProcess(ctx: TestContext, key: string, killAfter: number): Promise<{ out: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI,
      'union', 'push', '--server', server.url, '--key', key, '--db', ctx.databaseFile, '--batch', '5'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (d) => {
      out += String(d);
      if (!killed && (out.match(/^Gói /gm) ?? []).length >= killAfter) {
        killed = true;
        // The whole group, as a power cut would (the CLI bundle runs in this one process).
        try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
      }
    });
    child.stderr.on('data', (d) => { err += String(d); });
    child.on('error', reject);
    child.on('close', (code) => (killed || code === 0 ? resolve({ out, killed }) : reject(new Error(`union push failed (${code}): ${err}${out}`))));
  });
}

beforeAll(async () => {
  url = await freshPgDatabase('union_push');
  ({ db } = await openUnion(url, { migrate: true }));
  server = await startUnionServer({ db, host: '127.0.0.1', port: 0 });
  client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const [name, seed] of [['THCS An Vĩnh', 11], ['Tiểu học Lý Sơn', 12]] as const) {
    const ctx = await tempContext();
    await generateDemo(ctx.sql, { seed, copies: 250, students: 30, teachers: 3, loans: 60, titles: 60, now: ctx.now() });
    schools.push({ name, key: (await addSchool(db, name, 'test')).key, ctx });
  }
}, 120_000);
afterAll(async () => {
  await server?.close();
  await client?.end();
  if (db) await closeUnion(db);
  for (const s of schools) await s.ctx.cleanup();
});

describe('two schools and the real union server', () => {
  it('both pushed: "de men" shows both schools\' holdings with the counts of each school\'s own OPAC', async () => {
    for (const s of schools) await pushToUnion(s.ctx, { server: server.url, key: s.key });
    const hits = await unionSearch('de men');
    const de = hits.find((h) => h.title.startsWith('Dế Mèn'))!;
    expect(de.holdings.map((h) => h.school).sort()).toEqual(schools.map((s) => s.name).sort());
    for (const s of schools) {
      const own = ownOpac(s.ctx, 'de men');
      expect(own.total).toBeGreaterThan(0);
      expect({ school: s.name, ...(await unionHoldings(s.name, 'de men')) }).toEqual({ school: s.name, ...own });
      expect(await unionRows(s.name)).toEqual(expectedRows(s.ctx));
    }
  });

  it('a `union push` process killed with SIGKILL mid-way, then run again, gives exact totals', { timeout: 120_000 }, async () => {
    const s = schools[1];
    // Changes to send: every copy on the shelf of a few titles lent out, so many titles move in the feed.
    const codes = s.ctx.sql.prepare(`SELECT accession_code FROM copy WHERE status = 'available' GROUP BY title_id ORDER BY title_id LIMIT 40`).pluck().all() as string[];
    const readers = s.ctx.sql.prepare(`SELECT id FROM reader WHERE active = 1 AND kind = 'teacher' ORDER BY id`).pluck().all() as number[];
    let lent = 0;
    for (const code of codes) {
      const r = await s.ctx.call('circulation.checkout', { readerId: readers[lent % readers.length], code, overrideReason: 'thử liên thông' }).catch(() => null);
      if (r) lent++;
    }
    expect(lent).toBeGreaterThan(15);
    const before = unionState(s.ctx.sql).cursor;
    const first = await pushProcess(s.ctx, s.key, 2);
    expect(first.killed).toBe(true);
    const mid = unionState(s.ctx.sql).cursor;
    expect(mid).toBeGreaterThan(before);
    expect(await unionRows(s.name)).not.toEqual(expectedRows(s.ctx));

    // Run again (in this process: one more start of the CLI would only cost time): it starts at the stored cursor.
    const second = await pushToUnion(s.ctx, { server: server.url, key: s.key, batchSize: 5 });
    expect(second.records).toBeGreaterThan(0);
    expect(await unionRows(s.name)).toEqual(expectedRows(s.ctx));
    const totals = s.ctx.sql.prepare(`SELECT SUM(status IN ('available', 'onLoan')) AS total, SUM(status = 'available') AS available FROM copy`).get() as { total: number; available: number };
    const union = (await client.query(`SELECT SUM(r.total)::int AS total, SUM(r.available)::int AS available FROM union_record r
      JOIN union_school s ON s.id = r.school_id WHERE s.name = $1`, [s.name])).rows[0] as { total: number; available: number };
    expect(union).toEqual({ total: Number(totals.total), available: Number(totals.available) });
  });

  it('3 copies added at one school and pushed appear in the union', async () => {
    const s = schools[0];
    const titleId = Number(opacSearch(s.ctx.sql, { q: 'de men', limit: 5 }).results[0].id);
    const before = await unionHoldings(s.name, 'de men');
    const batch = await s.ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'mua', lines: [{ titleId, quantity: 3, unitPrice: 45_000 }] });
    await s.ctx.call('accession.confirm', { id: batch.id });
    const r = await pushToUnion(s.ctx, { server: server.url, key: s.key });
    expect(r.records).toBe(1);
    expect(await unionHoldings(s.name, 'de men')).toEqual({ total: before.total + 3, available: before.available + 3 });
    expect(await unionHoldings(s.name, 'de men')).toEqual(ownOpac(s.ctx, 'de men'));
  });

  it('a wrong key: 401 in Vietnamese and nothing changes in the union', async () => {
    const s = schools[0];
    const title = s.ctx.sql.prepare('SELECT id, title FROM title ORDER BY id LIMIT 1').get() as { id: number; title: string };
    s.ctx.sql.prepare('UPDATE title SET title = ? WHERE id = ?').run(`${title.title} (sửa)`, title.id);
    const before = await dump();
    await expect(pushToUnion(s.ctx, { server: server.url, key: `${s.key}x` })).rejects.toThrow(/^Khoá của trường không đúng hoặc đã bị thu hồi/);
    expect(await dump()).toBe(before);
    await pushToUnion(s.ctx, { server: server.url, key: s.key });
    expect(await dump()).not.toBe(before);
  });

  it('https: the certificate is verified; a district\'s own CA file makes its certificate trusted', async () => {
    // e2e/fixtures/union-tls: a test CA and a certificate it signed for 127.0.0.1 and localhost (valid to 2126).
    const tls = { cert: fs.readFileSync(fixturePath('union-tls/server.pem')), key: fs.readFileSync(fixturePath('union-tls/server-key.pem')) };
    const secure = await startUnionServer({ db, host: '127.0.0.1', port: 0, tls });
    try {
      expect(secure.url).toMatch(/^https:\/\//);
      const s = schools[0];
      const before = await dump();
      await expect(pushToUnion(s.ctx, { server: secure.url, key: s.key })).rejects.toMatchObject({
        code: 'UNION_CERTIFICATE', message: expect.stringMatching(/^Chứng chỉ của máy chủ liên thông 127\.0\.0\.1:\d+ không được tin cậy/),
      });
      expect(await dump()).toBe(before);
      const r = await pushToUnion(s.ctx, { server: secure.url, key: s.key, caFile: fixturePath('union-tls/ca.pem') });
      expect(r.school).toBe(s.name);
    } finally {
      await secure.close();
    }
  });

  it('the union\'s database holds no reader name, code or card of either school', async () => {
    const all = await dump();
    expect(all).toContain('Dế Mèn');
    for (const s of schools) {
      // A reader who shares a name with an author of the catalogue is bibliographic data there, not a reader's.
      const printed = new Set((s.ctx.sql.prepare("SELECT group_concat(authors, ';') FROM title").pluck().get() as string).split(';').map((a) => a.trim()));
      const readers = s.ctx.sql.prepare('SELECT full_name AS name, code, card_number AS card FROM reader').all() as { name: string; code: string; card: string }[];
      expect(readers.length).toBeGreaterThan(30);
      const leaks = readers.flatMap((r) => [r.code, r.card, ...(printed.has(r.name) ? [] : [r.name])]).filter((text) => all.includes(text));
      expect(leaks).toEqual([]);
    }
  });
});

describe('a school restored from a backup', () => {
  it('its next push is a full one: a title made after the backup leaves the union; cut mid-way it removes nothing, run again it completes', { timeout: 120_000 }, async () => {
    const name = 'THCS Long Hải';
    const key = (await addSchool(db, name, 'test')).key;
    const ctx = await tempContext();
    try {
      await generateDemo(ctx.sql, { seed: 13, copies: 60, students: 10, teachers: 2, loans: 10, titles: 25, now: ctx.now() });
      const seriesId = (await ctx.call('settings.listSeries', {}))[0].id;
      const newTitle = async (title: string) => {
        const { id } = await ctx.call('catalogue.saveTitle', { title, seriesId });
        const batch = await ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'mua', lines: [{ titleId: id, quantity: 2, unitPrice: 30_000 }] });
        await ctx.call('accession.confirm', { id: batch.id });
        return String(id);
      };
      // A (the demo's titles) and B pushed; the backup; then C pushed.
      const b = await newTitle('Sách B trước sao lưu');
      await pushToUnion(ctx, { server: server.url, key });
      const backup = path.join(backupsDirFor(ctx.databaseFile), (await backupNow(ctx.databaseFile, 'manual', ctx.now())).file);
      const c = await newTitle('Sách C sau sao lưu');
      await pushToUnion(ctx, { server: server.url, key });
      const withC = await unionRows(name);
      expect(withC.map((r) => r.id)).toEqual(expect.arrayContaining([b, c]));

      await restoreInContext(ctx, backup);
      const restored = expectedRows(ctx);
      expect(restored.map((r) => r.id)).toContain(b);
      expect(restored.map((r) => r.id)).not.toContain(c);
      // The full push killed after two batches (of 5): nothing is lost, C is still there.
      const cut = await pushProcess(ctx, key, 2);
      expect(cut.killed).toBe(true);
      expect(await unionRows(name)).toEqual(withC);
      // Run again: it continues the same full push; at its last batch C goes, A and B stay exactly as the school has them.
      await pushToUnion(ctx, { server: server.url, key, batchSize: 5 });
      expect(await unionRows(name)).toEqual(restored);
      expect(unionState(ctx.sql).fullPush).toBeNull();
      // An ordinary push afterwards removes nothing more.
      await pushToUnion(ctx, { server: server.url, key });
      expect(await unionRows(name)).toEqual(restored);
    } finally {
      await ctx.cleanup();
    }
  });
});
