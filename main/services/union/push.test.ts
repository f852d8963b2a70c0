// vitest: shared — its console/stdout spies are undone in a finally block around each CLI call.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';
import { checkUnionAddress, isPrivateAddress, unionPushUrl } from './address';
import { readUnionBatch } from './feed';
import { UNION_KEY_HEADER, UNION_PUSH_PATH, unionPushRequestSchema, type UnionPushRequest, type UnionRecord } from './protocol';
import { pushToUnion } from './push';
import { unionState } from './settings';

/**
 * The push client against a small stand-in for the union server that keeps the protocol's promises (upsert by
 * title id, cursor stored and answered back, 409 with its own cursor when ours is ahead, 401 on a wrong key) and
 * can cut the connection at a chosen batch — before or after storing it — as a killed process or a dropped
 * network would. The end-to-end tests against the real PostgreSQL server are in union-e2e.test.ts.
 */

const KEY = 'khoa-cua-truong-an-vinh-0123456789';

interface Fake {
  url: string;
  /** The union as this server holds it: title id → record (removed ones dropped). */
  union: Map<string, UnionRecord>;
  cursor: number;
  requests: { url: string; headers: http.IncomingHttpHeaders; body: string }[];
  /** Cut the connection at this (1-based) batch from now: 'before' storing it or 'after'. */
  cut: { at: number; when: 'before' | 'after' } | null;
  hang: boolean;
  close(): Promise<void>;
}

async function fakeServer(): Promise<Fake> {
  const fake = { union: new Map(), cursor: 0, requests: [], cut: null, hang: false } as unknown as Fake;
  let seen = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      fake.requests.push({ url: req.url ?? '', headers: req.headers, body });
      if (fake.hang) return;
      const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.url !== UNION_PUSH_PATH || req.method !== 'POST') return send(404, { message: 'không có' });
      if (req.headers[UNION_KEY_HEADER] !== KEY) return send(401, { message: 'sai khoá' });
      const push: UnionPushRequest = unionPushRequestSchema.parse(JSON.parse(body));
      if (push.since > fake.cursor) return send(409, { acknowledged: fake.cursor, school: 'THCS An Vĩnh' });
      seen += 1;
      const cutHere = fake.cut && seen === fake.cut.at;
      if (cutHere && fake.cut!.when === 'before') return req.socket.destroy();
      for (const r of push.records) {
        if (r.removed) fake.union.delete(r.id);
        else fake.union.set(r.id, r);
      }
      fake.cursor = push.cursor;
      if (cutHere) return req.socket.destroy();
      send(200, { acknowledged: fake.cursor, school: 'THCS An Vĩnh' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  fake.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return fake;
}

let ctx: TestContext;
let fake: Fake;
const sql = () => ctx.sql;
/** The union the school's data should give: every record not removed, as built now. */
const expectedUnion = () => new Map(readUnionBatch(sql(), 0, 1_000_000).records.filter((r) => !r.removed).map((r) => [r.id, r]));
const resetClient = () => sql().prepare("DELETE FROM setting WHERE key = 'union.state'").run();

beforeAll(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 9, copies: 300, students: 40, teachers: 4, loans: 60, titles: 90, now: ctx.now() });
}, 60_000);
afterAll(async () => ctx?.cleanup());
beforeEach(async () => {
  await fake?.close();
  fake = await fakeServer();
  resetClient();
});

describe('push to the union', () => {
  it('sends every title in batches of at most the batch size, the key in a header only, then nothing when nothing changed', async () => {
    const r = await pushToUnion(ctx, { server: fake.url, key: KEY, batchSize: 25 });
    const titles = (sql().prepare('SELECT COUNT(*) FROM title').pluck().get() as number);
    expect(r.records).toBe(titles);
    expect(r.batches).toBe(Math.ceil(titles / 25));
    expect(fake.union).toEqual(expectedUnion());
    for (const q of fake.requests) {
      expect(q.url).toBe(UNION_PUSH_PATH);
      expect(q.headers[UNION_KEY_HEADER]).toBe(KEY);
      expect(q.url).not.toContain(KEY);
      const push = JSON.parse(q.body) as UnionPushRequest;
      expect(push.records.length).toBeLessThanOrEqual(25);
    }
    const last = JSON.parse(fake.requests.at(-1)!.body) as UnionPushRequest;
    expect(last.summary).not.toBeNull();
    expect(fake.requests.slice(0, -1).every((q) => (JSON.parse(q.body) as UnionPushRequest).summary === null)).toBe(true);
    expect(unionState(sql())).toMatchObject({ cursor: r.cursor, lastError: null, school: 'THCS An Vĩnh' });

    fake.requests.length = 0;
    const again = await pushToUnion(ctx, { server: fake.url, key: KEY, batchSize: 25 });
    expect(again).toMatchObject({ records: 0, batches: 1 });
    expect(fake.requests).toHaveLength(1);
    expect((JSON.parse(fake.requests[0].body) as UnionPushRequest).records).toEqual([]);
    expect(again.bytes).toBeLessThan(1_000);
  });

  for (const when of ['before', 'after'] as const) {
    it(`a push cut at a batch (connection dropped ${when} the server stored it) and repeated gives exactly the same union`, async () => {
      fake.cut = { at: 3, when };
      await expect(pushToUnion(ctx, { server: fake.url, key: KEY, batchSize: 10 })).rejects.toMatchObject({ code: 'UNION_UNREACHABLE' });
      expect(fake.union.size).toBeGreaterThan(0);
      expect(fake.union.size).toBeLessThan(expectedUnion().size);
      expect(unionState(sql()).lastError).toMatch(/Không kết nối được máy chủ liên thông/);
      const stored = unionState(sql()).cursor;
      expect(stored).toBeGreaterThan(0);

      // The library keeps working in between: a copy is lent.
      const code = sql().prepare("SELECT accession_code FROM copy WHERE status = 'available' ORDER BY id DESC LIMIT 1").pluck().get() as string;
      const readerId = sql().prepare("SELECT id FROM reader WHERE kind = 'student' AND active = 1 AND id NOT IN (SELECT reader_id FROM loan WHERE returned_at IS NULL) LIMIT 1").pluck().get() as number;
      await ctx.call('circulation.checkout', { readerId, code });

      fake.cut = null;
      const r = await pushToUnion(ctx, { server: fake.url, key: KEY, batchSize: 10 });
      expect(fake.union).toEqual(expectedUnion());
      expect(unionState(sql())).toMatchObject({ cursor: r.cursor, lastError: null });
      // Resumed from the stored cursor: the first request of the second push starts there.
      const resumed = fake.requests.map((q) => JSON.parse(q.body) as UnionPushRequest).find((p, i, all) => i > 0 && p.since === stored && all[i - 1].since !== stored);
      expect(resumed).toBeDefined();
      await ctx.call('circulation.return', { code });
    });
  }

  it('a server that lost the school\'s data (409 with its cursor) gets everything again', async () => {
    await pushToUnion(ctx, { server: fake.url, key: KEY });
    fake.union.clear();
    fake.cursor = 0;
    const r = await pushToUnion(ctx, { server: fake.url, key: KEY });
    expect(r.restarted).toBe(true);
    expect(fake.union).toEqual(expectedUnion());
  });

  it('a wrong key: 401 in Vietnamese, nothing changes on the server or in the school\'s cursor', async () => {
    await pushToUnion(ctx, { server: fake.url, key: KEY });
    const before = { union: new Map(fake.union), cursor: fake.cursor, state: unionState(sql()).cursor };
    const title = sql().prepare('SELECT id, title FROM title ORDER BY id LIMIT 1').get() as { id: number; title: string };
    sql().prepare('UPDATE title SET title = ? WHERE id = ?').run(`${title.title} (sửa)`, title.id);
    await expect(pushToUnion(ctx, { server: fake.url, key: 'khoa-sai' })).rejects.toThrow('Khoá của trường không đúng hoặc đã bị thu hồi');
    expect({ union: fake.union, cursor: fake.cursor, state: unionState(sql()).cursor }).toEqual(before);
    expect(unionState(sql()).lastError).toMatch(/^Khoá của trường không đúng hoặc đã bị thu hồi/);
    sql().prepare('UPDATE title SET title = ? WHERE id = ?').run(title.title, title.id);
  });

  it('a key that cannot be a key (spaces, diacritics) is refused in Vietnamese before anything is sent', async () => {
    await expect(pushToUnion(ctx, { server: fake.url, key: 'khoá của trường' })).rejects.toThrow(/^Khoá của trường là một dãy ký tự không dấu/);
    expect(fake.requests).toHaveLength(0);
  });

  it('a server that does not answer: a Vietnamese timeout, the cursor unchanged', async () => {
    fake.hang = true;
    await expect(pushToUnion(ctx, { server: fake.url, key: KEY, timeoutMs: 300 })).rejects.toMatchObject({ code: 'UNION_TIMEOUT', message: expect.stringMatching(/không trả lời sau/) });
    expect(unionState(sql()).cursor).toBe(0);
  });

  it('a server nobody listens on: "Không kết nối được"', async () => {
    const url = fake.url;
    await fake.close();
    await expect(pushToUnion(ctx, { server: url, key: KEY })).rejects.toThrow(/^Không kết nối được máy chủ liên thông 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('no reader name, code or card in anything sent', async () => {
    await pushToUnion(ctx, { server: fake.url, key: KEY, batchSize: 20 });
    const sent = fake.requests.map((q) => `${q.url}\n${JSON.stringify(q.headers)}\n${q.body}`).join('\n');
    expect(sent).toContain('"title"');
    // A reader who shares a name with an author of the catalogue is bibliographic data there, not a reader's.
    const printed = (sql().prepare("SELECT group_concat(authors, ';') FROM title").pluck().get() as string).split(';').map((a) => a.trim());
    const readers = sql().prepare('SELECT full_name AS name, code, card_number AS card FROM reader').all() as { name: string; code: string; card: string }[];
    expect(readers.length).toBeGreaterThan(40);
    const leaks = readers.flatMap((r) => [r.code, r.card, ...(printed.includes(r.name) ? [] : [r.name])]).filter((text) => sent.includes(text));
    expect(leaks).toEqual([]);
  });
});

describe('npm run cli -- union push', () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => { out += String(c); return true; });
    const l = vi.spyOn(console, 'log').mockImplementation((...a) => { out += `${a.join(' ')}\n`; });
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => { err += String(c); return true; });
    try {
      return { code: await runCli(argv), out, err };
    } finally {
      o.mockRestore();
      l.mockRestore();
      e.mockRestore();
    }
  }

  it('sends in batches, one line per batch, then the total; nothing to send the second time', async () => {
    const r = await cli('union', 'push', '--server', fake.url, '--key', KEY, '--db', ctx.databaseFile, '--batch', '40');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Gói 1: đã gửi 40 đầu sách\.$/m);
    expect(r.out).toMatch(/^Đã gửi [\d.]+ đầu sách \([\d.]+ gói, [\d.]+ byte\) lên mục lục liên hợp — trường THCS An Vĩnh\.$/m);
    expect(fake.union).toEqual(expectedUnion());
    const again = await cli('union', 'push', '--server', fake.url, '--key', KEY, '--db', ctx.databaseFile);
    expect(again.out).toMatch(/Không có gì thay đổi từ lần gửi trước/);
  });

  it('usage errors and a wrong key: Vietnamese, exit 2 and 1, nothing sent', async () => {
    expect(await cli('union', 'push', '--key', KEY, '--db', ctx.databaseFile)).toMatchObject({ code: 2, err: expect.stringMatching(/^Thiếu --server/) });
    expect(await cli('union', 'push', '--server', fake.url, '--db', ctx.databaseFile)).toMatchObject({ code: 2, err: expect.stringMatching(/^Thiếu --key/) });
    expect(await cli('union', 'push', '--server', fake.url, '--key', KEY, '--batch', '501', '--db', ctx.databaseFile)).toMatchObject({ code: 2 });
    expect(fake.requests).toHaveLength(0);
    expect(await cli('union', 'push', '--server', fake.url, '--key', 'khoa-sai', '--db', ctx.databaseFile))
      .toMatchObject({ code: 1, err: expect.stringMatching(/^Lỗi: Khoá của trường không đúng hoặc đã bị thu hồi/) });
    expect(fake.union.size).toBe(0);
  });
});

describe('the address rule', () => {
  it('private and loopback addresses, and only those', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.254', '192.168.1.10', '::1', 'fd12:3456::1', 'fc00::1', '::ffff:192.168.0.2']) expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '172.15.0.1', '192.169.0.1', '169.254.1.1', '100.64.0.1', '2001:db8::1', 'fe80::1', '::ffff:8.8.8.8']) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('http:// only inside the school network; https:// anywhere; never a key or parameter in the address', async () => {
    await expect(checkUnionAddress(unionPushUrl('http://203.113.1.5:8090/'))).rejects.toThrow(/không nằm trong mạng nội bộ: hãy dùng https:\/\//);
    await expect(checkUnionAddress(unionPushUrl('http://[2001:db8::5]/'))).rejects.toMatchObject({ code: 'UNION_INSECURE' });
    await expect(checkUnionAddress(unionPushUrl('http://192.168.1.10:8090/'))).resolves.toEqual({ address: '192.168.1.10' });
    await expect(checkUnionAddress(unionPushUrl('http://localhost:8090'))).resolves.toEqual({ address: '127.0.0.1' });
    await expect(checkUnionAddress(unionPushUrl('https://lienthong.phonggd.edu.vn/'))).resolves.toEqual({ address: null });
    expect(unionPushUrl('https://phonggd.edu.vn/lien-thong/').href).toBe('https://phonggd.edu.vn/lien-thong/api/push');
    expect(() => unionPushUrl('https://x.vn/?key=abc')).toThrow(/không được chứa tên, mật khẩu, khoá hay tham số/);
    expect(() => unionPushUrl('https://truong:matkhau@x.vn/')).toThrow(/không được chứa/);
    expect(() => unionPushUrl('ftp://x.vn/')).toThrow(/phải bắt đầu bằng https:\/\//);
    expect(() => unionPushUrl('lien thong')).toThrow(/không đọc được/);
  });

  it('a refused address sends nothing', async () => {
    await expect(pushToUnion(ctx, { server: 'http://8.8.8.8:9/', key: KEY })).rejects.toMatchObject({ code: 'UNION_INSECURE' });
    expect(unionState(sql()).lastError).toMatch(/không nằm trong mạng nội bộ/);
  });
});
