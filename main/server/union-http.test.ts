import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase } from '../../tests/pg';
import { main as cli } from '../cli';
import type { UnionDb } from '../db/union/sql';
import { closeUnion, openUnion } from '../services/union/database';
import { UNION_KEY_HEADER, UNION_PUSH_PATH, type UnionPushRequest, type UnionRecord } from '../services/union/protocol';
import { addSchool } from '../services/union/schools';
import { startUnionServer, type UnionServer } from './union-http';

/** The union server against a real PostgreSQL (tests/pg.ts): push, search, keys, cursors, figures. */

const rec = (id: string, title: string, authors: string[], isbn: string | null, total: number, available: number, removed = false): UnionRecord =>
  ({ id, title, authors, isbn, publisher: 'NXB Kim Đồng', year: 2020, total, available, removed });

const summary = (students: number) => ({ students, titles: 3, copies: 10, digitalResources: 4, loansPerMonth: { '2026-10': 12, '2026-11': 30 } });

describe('union server (PostgreSQL)', () => {
  let url: string;
  let db: UnionDb;
  let server: UnionServer;
  let client: pg.Client;
  let keyA: string;
  let keyB: string;

  const push = async (key: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${UNION_PUSH_PATH}`, {
      method: 'POST', headers: { 'content-type': 'application/json', [UNION_KEY_HEADER]: key }, body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };
  const request = (since: number, cursor: number, records: UnionRecord[], sum: UnionPushRequest['summary'] = null): UnionPushRequest =>
    ({ protocol: 1, since, cursor, summary: sum, records });
  const search = async (q: string) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/search?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return await res.json() as { total: number; results: { title: string; authors: string[]; isbn: string | null; holdings: { school: string; available: number; total: number }[] }[] };
  };
  /** Everything a push may change: the records and each school's cursor, summary and last push. */
  const snapshot = async () => ({
    records: (await client.query('SELECT s.name, r.* FROM union_record r JOIN union_school s ON s.id = r.school_id ORDER BY s.name, r.id')).rows,
    schools: (await client.query('SELECT name, cursor, summary, last_push FROM union_school ORDER BY name')).rows,
  });

  beforeAll(async () => {
    url = await freshPgDatabase('union_http');
    ({ db } = await openUnion(url, { migrate: true }));
    server = await startUnionServer({ db, host: '127.0.0.1', port: 0 });
    client = new pg.Client({ connectionString: url });
    await client.connect();
    keyA = (await addSchool(db, 'THCS An Vĩnh', 'test')).key;
    keyB = (await addSchool(db, 'Tiểu học Lý Sơn', 'test')).key;
  });
  afterAll(async () => {
    await server?.close();
    await client?.end();
    if (db) await closeUnion(db);
  });

  it('union init on a current schema changes nothing; serve refuses a database never initialised', async () => {
    const again = await openUnion(url, { migrate: true });
    expect(again.applied).toEqual([]);
    await closeUnion(again.db);
    const empty = await freshPgDatabase('union_empty');
    await expect(openUnion(empty)).rejects.toThrow(/union init/);
  });

  it('two schools pushed: "de men" finds one work with both schools\' holdings, diacritics and đ folded', async () => {
    const a = await push(keyA, request(0, 3, [
      rec('1', 'Dế Mèn phiêu lưu ký', ['Tô Hoài'], '978-604-2-08899-2', 5, 3),
      rec('2', 'Đất rừng phương Nam', ['Đoàn Giỏi'], null, 2, 2),
      rec('3', 'Toán 6', ['Bộ GD&ĐT'], null, 40, 10),
    ], summary(400)));
    expect(a).toEqual({ status: 200, body: { acknowledged: 3, school: 'THCS An Vĩnh' } });
    // The other school has no ISBN and types the title differently: same folded title + first author, same work.
    const b = await push(keyB, request(0, 7, [
      rec('10', 'Dế mèn phiêu lưu ký', ['Tô Hoài', 'Tạ Huy Long'], null, 2, 0),
      rec('11', 'Dế Mèn phiêu lưu ký (tái bản)', ['Tô Hoài'], '9786042088992', 1, 1),
    ], summary(250)));
    expect(b.status).toBe(200);

    const r = await search('de men');
    expect(r.total).toBe(1);
    expect(r.results[0].isbn).toBe('9786042088992');
    expect(r.results[0].holdings).toEqual([
      { school: 'THCS An Vĩnh', available: 3, total: 5 },
      { school: 'Tiểu học Lý Sơn', available: 1, total: 3 },
    ]);
    expect((await search('DẾ MÈN')).results[0].holdings).toEqual(r.results[0].holdings);
    expect((await search('dat rung')).results.map((w) => w.title)).toEqual(['Đất rừng phương Nam']);
    expect((await search('doan gioi')).total).toBe(1);
    // Words match word starts, all required.
    expect((await search('men phieu')).total).toBe(1);
    expect((await search('en phieu')).total).toBe(0);
    expect((await search('de men toan')).total).toBe(0);
    expect((await search('9786042088992')).total).toBe(1);
    expect(await search('')).toEqual({ total: 0, results: [] });
  });

  it('a repeated push gives the same union; 3 copies added and pushed appear; removed drops the school\'s record', async () => {
    const before = await snapshot();
    const again = await push(keyA, request(0, 3, [
      rec('1', 'Dế Mèn phiêu lưu ký', ['Tô Hoài'], '978-604-2-08899-2', 5, 3),
      rec('2', 'Đất rừng phương Nam', ['Đoàn Giỏi'], null, 2, 2),
      rec('3', 'Toán 6', ['Bộ GD&ĐT'], null, 40, 10),
    ], summary(400)));
    expect(again.status).toBe(200);
    const after = await snapshot();
    expect(after.records).toEqual(before.records);

    expect((await push(keyA, request(3, 4, [rec('1', 'Dế Mèn phiêu lưu ký', ['Tô Hoài'], '978-604-2-08899-2', 8, 6)]))).status).toBe(200);
    expect((await search('de men')).results[0].holdings[0]).toEqual({ school: 'THCS An Vĩnh', available: 6, total: 8 });

    expect((await push(keyA, request(4, 5, [rec('2', 'Đất rừng phương Nam', ['Đoàn Giỏi'], null, 0, 0, true)]))).status).toBe(200);
    expect((await search('dat rung')).total).toBe(0);
    // Removing what is not there is a no-op (a repeated batch).
    expect((await push(keyA, request(4, 5, [rec('2', 'Đất rừng phương Nam', ['Đoàn Giỏi'], null, 0, 0, true)]))).status).toBe(200);
  });

  it('a wrong key and a revoked key get 401 and change nothing', async () => {
    const before = await snapshot();
    const attempt = request(0, 99, [rec('1', 'Dế Mèn phiêu lưu ký', ['Tô Hoài'], null, 99, 99)], summary(1));
    const wrong = await push('x'.repeat(43), attempt);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/Khoá của trường không đúng/);
    expect((await push('', attempt)).status).toBe(401);

    const c = await addSchool(db, 'THCS Bình Sơn', 'test');
    expect((await push(c.key, request(0, 1, [rec('a', 'Cánh đồng bất tận', ['Nguyễn Ngọc Tư'], null, 1, 1)]))).status).toBe(200);
    const mid = await snapshot();
    expect(await cli(['union', 'revoke-key', '--pg', url, '--name', 'THCS Bình Sơn'])).toBe(0);
    const revoked = await push(c.key, request(1, 2, [rec('a', 'Cánh đồng bất tận', ['Nguyễn Ngọc Tư'], null, 50, 50)]));
    expect(revoked.status).toBe(401);
    expect(await snapshot()).toEqual(mid);
    expect(mid.records.filter((r) => r.name !== 'THCS Bình Sơn')).toEqual(before.records);
  });

  it('since above the stored cursor → 409 with the stored cursor, nothing changed; a bad body → 400', async () => {
    const before = await snapshot();
    const ahead = await push(keyB, request(50, 60, [rec('10', 'Dế mèn phiêu lưu ký', ['Tô Hoài'], null, 9, 9)]));
    expect(ahead).toEqual({ status: 409, body: { acknowledged: 7, school: 'Tiểu học Lý Sơn' } });
    const bad = await push(keyB, { protocol: 1, since: 0, cursor: 1, summary: null, records: [{ id: '10', title: '' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/giao thức liên thông/);
    expect((await push(keyB, request(5, 4, []))).status).toBe(400);
    expect(await snapshot()).toEqual(before);
    // Nothing changed at the school: since = stored, no records, the summary.
    expect(await push(keyB, request(7, 7, [], summary(260)))).toEqual({ status: 200, body: { acknowledged: 7, school: 'Tiểu học Lý Sơn' } });
  });

  it('schools, stats and the Excel: aggregated numbers per school', async () => {
    const schools = await (await fetch(`http://127.0.0.1:${server.port}/api/schools`)).json() as { school: string; titles: number; copies: number; lastPush: string | null }[];
    expect(schools.map((s) => [s.school, s.titles, s.copies])).toEqual([
      ['THCS An Vĩnh', 2, 48], ['THCS Bình Sơn', 1, 1], ['Tiểu học Lý Sơn', 2, 3],
    ]);
    expect(schools.every((s) => s.lastPush && !Number.isNaN(Date.parse(s.lastPush)))).toBe(true);

    const stats = await (await fetch(`http://127.0.0.1:${server.port}/api/stats`)).json() as Record<string, unknown>[];
    expect(stats[0]).toMatchObject({ school: 'THCS An Vĩnh', titles: 2, copies: 48, students: 400, copiesPerStudent: 0.1, digitalResources: 4, loansPerMonth: { '2026-10': 12, '2026-11': 30 } });
    expect(stats[1]).toMatchObject({ school: 'THCS Bình Sơn', students: null, copiesPerStudent: null });
    expect(stats[2]).toMatchObject({ school: 'Tiểu học Lý Sơn', students: 260 });

    const res = await fetch(`http://127.0.0.1:${server.port}/api/stats.xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet('Thống kê theo trường')!;
    expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(['THCS An Vĩnh', 2, 48, 400, 4, 42]));
    expect(sheet.getRow(5).getCell(1).value).toBe('Toàn huyện');
  });

  it('add-school prints the key on its last line; a second live key for one school is refused', async () => {
    const out: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
    try {
      expect(await cli(['union', 'add-school', '--pg', url, '--name', '  THCS   Long Hải '])).toBe(0);
      await expect(cli(['union', 'add-school', '--pg', url, '--name', 'THCS Long Hải'])).rejects.toThrow(/đã có khoá đang dùng/);
    } finally {
      console.log = log;
    }
    const key = out.at(-1)!;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await push(key, request(0, 0, []))).toEqual({ status: 200, body: { acknowledged: 0, school: 'THCS Long Hải' } });
    // Stored only as a hash.
    const stored = await client.query('SELECT key_hash FROM union_key');
    expect(JSON.stringify(stored.rows)).not.toContain(key);
  });

  it('serves the union page and nothing of the desk', async () => {
    const page = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Mục lục liên hợp');
    expect((await fetch(`http://127.0.0.1:${server.port}/api/call`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}${UNION_PUSH_PATH}`)).status).toBe(405);
  });
});
