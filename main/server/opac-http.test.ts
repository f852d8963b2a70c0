// vitest: isolate — the OPAC's wrong PIN tries per address live in main/services/readers/pin.ts for the process's life.

import http from 'node:http';
import net from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/contract';
import { generateDemo } from '../services/demo';
import { tempContext, type TestContext } from '../test-utils';
import { decodeBarcodes, pdfText } from '../../tests/pdf-read';
import { startOpacServer, type OpacServer } from './opac-http';
import { opacAddresses } from '../services/opac/settings';
import { OpacHost } from './opac-host';

let ctx: TestContext;
let read: Database.Database;
let server: OpacServer;
let base: string;
/** Every body the OPAC sent during these tests, to look for reader data at the end. */
const bodies: string[] = [];
const suggestions: unknown[] = [];

async function get(p: string, init: RequestInit = {}): Promise<Response> {
  const r = await fetch(base + p, init);
  bodies.push(await r.clone().text());
  return r;
}

beforeAll(async () => {
  ctx = await tempContext({ now: new Date('2026-11-30T09:00:00+07:00') });
  await generateDemo(ctx.sql, { seed: 1, now: ctx.now() });
  read = new Database(ctx.databaseFile, { readonly: true });
  server = await startOpacServer({
    ctx, read, host: '127.0.0.1', port: 0,
    suggest: async (s) => { suggestions.push(s); },
  });
  base = `http://127.0.0.1:${server.port}`;
}, 120_000);

afterAll(async () => {
  await server?.close();
  read?.close();
  await ctx?.cleanup();
});

function tableCounts(): Record<string, number> {
  const sql = ctx.sql;
  const tables = sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'title_fts%'").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, sql.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
}

describe('OPAC search JSON', () => {
  it('"de men" finds Dế Mèn phiêu lưu ký with its availability, in exactly the documented shape', async () => {
    const r = await get('/api/search?q=de%20men');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await r.json() as { total: number; results: Record<string, unknown>[] };
    expect(Object.keys(body)).toEqual(['total', 'results']);
    const hit = body.results.find((h) => h.title === 'Dế Mèn phiêu lưu ký')!;
    expect(Object.keys(hit)).toEqual(['id', 'title', 'authors', 'available', 'total', 'shelfMark', 'files']);
    const counts = ctx.sql.prepare(`SELECT SUM(status = 'available') AS available, SUM(status IN ('available', 'onLoan')) AS total
      FROM copy WHERE title_id = ?`).get(hit.id) as { available: number; total: number };
    expect(hit).toMatchObject({ authors: 'Tô Hoài', available: counts.available, total: counts.total, files: [] });
    expect(Number.isInteger(hit.available)).toBe(true);
    expect(hit.shelfMark).toMatch(/^895\.9223/);
  });

  it('filters by loại sách, môn and khối', async () => {
    const sql = ctx.sql;
    const { subject, grade } = sql.prepare("SELECT subject, grade_level AS grade FROM title WHERE subject <> '' AND grade_level IS NOT NULL LIMIT 1").get() as { subject: string; grade: number };
    const body = await (await get(`/api/search?q=&subject=${encodeURIComponent(subject)}&grade=${grade}&limit=50`)).json() as { total: number; results: { id: number }[] };
    expect(body.total).toBe(sql.prepare('SELECT COUNT(*) FROM title WHERE subject = ? AND grade_level = ?').pluck().get(subject, grade));
    const series = sql.prepare("SELECT id FROM collection_series WHERE code = 'STN'").pluck().get() as number;
    const stn = await (await get(`/api/search?q=de%20men&series=${series}`)).json() as { total: number };
    expect(stn.total).toBe(1);
    const sgk = sql.prepare("SELECT id FROM collection_series WHERE code = 'SGK'").pluck().get() as number;
    expect((await (await get(`/api/search?q=de%20men&series=${sgk}`)).json() as { total: number }).total).toBe(0);
  });

  it('the title page says how many copies are on the shelf now, of how many, and where', async () => {
    const sql = ctx.sql;
    const id = sql.prepare("SELECT id FROM title WHERE title = 'Dế Mèn phiêu lưu ký'").pluck().get() as number;
    const t = await (await get(`/api/titles/${id}`)).json() as { availability: string; available: number; total: number; shelves: { location: string }[] };
    expect(t.availability).toMatch(new RegExp(`^Còn ${t.available}/${t.total} bản — Kho STN`));
    expect((await get('/api/titles/99999999')).status).toBe(404);
  });

  it('a repeated search is answered from the cache, yet a checkout at the desk shows in the very next answer', async () => {
    const sql = ctx.sql;
    const id = sql.prepare("SELECT id FROM title WHERE title = 'Dế Mèn phiêu lưu ký'").pluck().get() as number;
    const onShelf = () => sql.prepare(`SELECT SUM(status = 'available') AS available, SUM(status IN ('available', 'onLoan')) AS total
      FROM copy WHERE title_id = ?`).get(id) as { available: number; total: number };
    const hit = async (q: string) => ((await (await get(`/api/search?q=${q}`)).json()) as { results: { id: number; available: number; total: number }[] })
      .results.find((h) => h.id === id)!;
    const first = await hit('de%20men');
    expect(first).toMatchObject(onShelf());
    expect(first.available).toBeGreaterThan(0);
    expect(await hit('de%20%20men')).toEqual(first); // the same words, spaced differently: the same cached answer
    // The desk lends a copy on its own connection; the OPAC's read-only connection sees data_version move.
    const code = sql.prepare("SELECT accession_code FROM copy WHERE title_id = ? AND status = 'available' LIMIT 1").pluck().get(id) as string;
    const reader = sql.prepare(`SELECT id FROM reader r WHERE kind = 'student' AND active = 1
      AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL) LIMIT 1`).pluck().get() as number;
    await ctx.call('circulation.checkout', { readerId: reader, code });
    const after = await hit('de%20men');
    expect(after).toMatchObject({ available: first.available - 1, total: first.total });
    expect(after).toMatchObject(onShelf());
    const detail = await (await get(`/api/titles/${id}`)).json() as { availability: string };
    expect(detail.availability).toMatch(new RegExp(`^Còn ${first.available - 1}/${first.total} bản`));
  });

  it('counts searches per day (not browsing, not title pages) for the statistics', async () => {
    server.flush();
    const before = (await ctx.call('opac.searchCounts', { from: '2026-11-30', to: '2026-11-30' })).total;
    await get('/api/search?q=toan');
    await get('/api/search?q=van');
    await get('/api/search?q=');
    server.flush();
    const after = await ctx.call('opac.searchCounts', { from: '2026-11-30', to: '2026-11-30' });
    expect(after.total).toBe(before + 2);
    expect(after.days).toEqual([{ day: '2026-11-30', searches: after.total }]);
    // …and the statistics and the report read them.
    const stats = await ctx.call('reports.statistics', { year: '2026-2027' });
    expect(stats.opacSearches).toEqual({ total: after.total, byMonth: [{ month: '2026-11', searches: after.total }] });
  });
});

describe('OPAC security', () => {
  it('no method of the desk contract is reachable, with or without the desk token, and nothing changes', async () => {
    // A listener without a rate limit here, so every refusal seen is the router's, not the flood guard's.
    const open = await startOpacServer({ ctx, read, host: '127.0.0.1', port: 0, burst: 1e9, perSecond: 1e9 });
    const at = async (p: string, init: RequestInit = {}) => {
      const r = await fetch(`http://127.0.0.1:${open.port}${p}`, init);
      bodies.push(await r.clone().text());
      return r;
    };
    try {
      const before = tableCounts();
      const paths = (m: string) => [`/api/call/${m}`, `/api/${m}`, `/rpc/${m}`, `/rpc`, `/${m}`, `/api/call/${encodeURIComponent(m)}`];
      for (const method of methodNames) {
        for (const p of paths(method)) {
          for (const headers of [{}, { 'x-kesach-token': 'any-token' }] as Record<string, string>[]) {
            const r = await at(p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
            expect([404, 405], `${p}`).toContain(r.status);
          }
        }
        const g = await at(`/api/call/${method}?token=x`);
        expect([404, 405]).toContain(g.status);
      }
      expect(tableCounts()).toEqual(before);
    } finally {
      await open.close();
    }
  }, 60_000);

  it('known pages refuse other methods with 405 and their Allow list', async () => {
    const r = await get('/api/search?q=a', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
    expect((await get('/api/signin')).status).toBe(405);
    expect((await get('/', { method: 'DELETE' })).status).toBe(405);
  });

  it('serves its page with a strict CSP, the script and styles as separate files, nosniff', async () => {
    const page = await get('/');
    const html = await page.text();
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html).toContain('<script src="/opac.js" defer></script>');
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|\son\w+=|style="|https?:\/\//);
    expect((await get('/opac.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/opac.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('/../kesach.db')).status).toBe(404);
    expect((await get('/files/../../kesach.db')).status).toBe(404);
  });

  it('caps request bodies and wants JSON', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(10_000) });
    expect((await get('/api/suggestions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })).status).toBe(413);
    expect((await get('/api/suggestions', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
  });

  it('a staff PIN signs in with an HttpOnly, SameSite=Strict cookie that expires; a student card never does', async () => {
    const sql = ctx.sql;
    const t = sql.prepare("SELECT id, card_number AS card FROM reader WHERE kind = 'teacher' AND active = 1 LIMIT 1").get() as { id: number; card: string };
    const s = sql.prepare("SELECT id, card_number AS card FROM reader WHERE kind = 'student' AND active = 1 LIMIT 1").get() as { id: number; card: string };
    await ctx.call('readers.setPin', { id: t.id, pin: '579135' });
    sql.prepare("INSERT INTO reader_pin (reader_id, hash, salt, updated_at) SELECT ?, hash, salt, updated_at FROM reader_pin WHERE reader_id = ?").run(s.id, t.id);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      get('/api/signin', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const studentTry = await post({ card: s.card, pin: '579135' });
    expect(studentTry.status).toBe(401);
    expect(studentTry.headers.get('set-cookie')).toBeNull();
    const wrong = await post({ card: t.card, pin: '000000' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toContain('Số thẻ hoặc mã PIN không đúng');
    const ok = await post({ card: t.card.toLowerCase(), pin: '579135' });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kesach_opac=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+$/);
    const session = cookie.split(';')[0];
    expect(await (await get('/api/session', { headers: { cookie: session } })).json()).toEqual({ signedIn: true });
    expect(await (await get('/api/session', { headers: { cookie: 'kesach_opac=forged' } })).json()).toEqual({ signedIn: false });
    await get('/api/signout', { method: 'POST', headers: { cookie: session, 'content-type': 'application/json' }, body: '{}' });
    expect(await (await get('/api/session', { headers: { cookie: session } })).json()).toEqual({ signedIn: false });
    sql.prepare('DELETE FROM reader_pin WHERE reader_id = ?').run(s.id);
  });

  it('a phone guessing a teacher\'s PIN waits on its own; the teacher signs in from another device meanwhile', async () => {
    const sql = ctx.sql;
    const t = sql.prepare("SELECT id, card_number AS card FROM reader WHERE kind = 'teacher' AND active = 1 ORDER BY id DESC LIMIT 1").get() as { id: number; card: string };
    await ctx.call('readers.setPin', { id: t.id, pin: '864213' });
    const signIn = (from: string, pin: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: '/api/signin', method: 'POST', localAddress: from,
        headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ card: t.card, pin }));
    });
    for (let i = 0; i < 5; i++) expect((await signIn('127.0.0.3', '000000')).status).toBe(401);
    const phone = await signIn('127.0.0.3', '864213');
    expect(phone.status).toBe(401);
    expect(phone.body).toContain('Máy này đã nhập sai nhiều lần');
    const teacher = await signIn('127.0.0.4', '864213');
    expect(teacher.status).toBe(200);
    bodies.push(phone.body, teacher.body);
  });

  it('takes a purchase suggestion, and rate-limits them per address', async () => {
    const send = (title: string) => get('/api/suggestions', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, author: 'Nguyễn Nhật Ánh', who: 'HS lớp 7', why: 'Hay' }),
    });
    expect((await send('')).status).toBe(400);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(`Cho tôi xin một vé đi tuổi thơ ${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(suggestions[0]).toEqual({ title: 'Cho tôi xin một vé đi tuổi thơ 0', author: 'Nguyễn Nhật Ánh', who: 'HS lớp 7', why: 'Hay' });
  });

  it('stops a flood from one address with 429 in Vietnamese', async () => {
    // No refill: the 40 requests may take over a second to arrive on a loaded machine (a refilled token made it 21).
    const small = await startOpacServer({ ctx, read, host: '127.0.0.1', port: 0, burst: 20, perSecond: 0, tarpitMs: 50 });
    try {
      const statuses = await Promise.all(Array.from({ length: 40 }, () => fetch(`http://127.0.0.1:${small.port}/api/session`).then(async (r) => {
        bodies.push(await r.clone().text());
        return r.status;
      })));
      expect(statuses.filter((s) => s === 200).length).toBe(20);
      expect(statuses.filter((s) => s === 429).length).toBe(20);
      const r = await fetch(`http://127.0.0.1:${small.port}/api/session`);
      expect(((await r.json()) as { error: string }).error).toContain('quá nhiều yêu cầu');
    } finally {
      await small.close();
    }
  });

  it('makes a phone firing requests back-to-back over its rate wait: a few answers in 1.5 s, not hundreds', async () => {
    // The view flood: one connection asking as fast as it can. Its 20-request burst is answered at once; each
    // refusal after it is held about a second, so the answers in a 1.5 s window are counted, not timed.
    const small = await startOpacServer({ ctx, read, host: '127.0.0.1', port: 0, burst: 20, perSecond: 0 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const once = () => new Promise<number>((resolve, reject) => {
      http.get(`http://127.0.0.1:${small.port}/api/session`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject);
    });
    try {
      const statuses: number[] = [];
      const start = performance.now();
      while (performance.now() - start < 1500) statuses.push(await once());
      expect(statuses.filter((s) => s === 200).length).toBe(20);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      expect(statuses.length).toBeLessThanOrEqual(24);
    } finally {
      agent.destroy();
      await small.close();
    }
  });

  it('holds at most its cap of refusals per address and closes the connections past it', async () => {
    const small = await startOpacServer({ ctx, read, host: '127.0.0.1', port: 0, burst: 1, perSecond: 0, tarpitMs: 200, tarpitPerAddress: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => fetch(`http://127.0.0.1:${small.port}/api/session`).then((r) => r.status, () => 'closed')));
      expect(results.filter((r) => r === 200).length).toBe(1);
      expect(results.filter((r) => r === 429).length).toBe(2);
      expect(results.filter((r) => r === 'closed').length).toBe(3);
    } finally {
      await small.close();
    }
  });

  it('never builds anything from the Host header', async () => {
    const r = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.write('GET /api/home HTTP/1.1\r\nHost: evil.example:666\r\nConnection: close\r\n\r\n');
      });
      let out = '';
      socket.on('data', (c) => (out += c.toString()));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(r).toMatch(/^HTTP\/1\.1 200/);
    expect(r).not.toContain('evil.example');
    bodies.push(r);
  });

  it('no response carried a reader name, code or card number (checked last, over everything above)', async () => {
    for (const p of ['/', '/opac.js', '/api/home', '/api/search?q=a', '/api/search?q=nguyen', '/api/search?q=', '/api/session']) await get(p);
    const titleIds = ctx.sql.prepare('SELECT id FROM title ORDER BY id LIMIT 40').pluck().all() as number[];
    for (const id of titleIds) await get(`/api/titles/${id}`);
    const readers = ctx.sql.prepare('SELECT full_name AS name, code, card_number AS card, class_name AS cls FROM reader').all() as
      { name: string; code: string; card: string; cls: string }[];
    const all = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(600);
    const leaks = readers.flatMap((r) => [r.name, r.code, r.card].filter((v) => v.length >= 5 && all.includes(v)));
    expect(leaks).toEqual([]);
    expect(all).not.toMatch(/"(fullName|cardNumber|className|readerId|dueAt|loan)"/);
  });
});

describe('the setting opens, moves and closes the listener', () => {
  it('offers only addresses a phone can reach, never loopback', () => {
    const lo = { name: 'lo (chỉ máy này)', address: '127.0.0.1' };
    const wifi = { name: 'wlan0', address: '192.168.1.10' };
    expect(opacAddresses('0.0.0.0', 8080, [wifi, lo])).toEqual([{ name: 'wlan0', url: 'http://192.168.1.10:8080/' }]);
    expect(opacAddresses('0.0.0.0', 8080, [lo])).toEqual([]);
    expect(opacAddresses('127.0.0.1', 8080, [wifi, lo])).toEqual([]);
    expect(opacAddresses('192.168.1.10', 8080, [wifi, lo])).toEqual([{ name: 'wlan0', url: 'http://192.168.1.10:8080/' }]);
  });

  it('is off by default; switched on it answers on its port from its own thread; switched off it closes; a poster carries the address as a QR code', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const first = await ctx.call('opac.status', {});
    expect(first.settings).toEqual({ enabled: false, host: '0.0.0.0', port: 8080, suggestionsPerDay: 50 });
    expect(first.available).toBe(false);
    ctx.opac = new OpacHost({ dataDir: ctx.dataDir, databaseFile: ctx.databaseFile });
    try {
      const on = await ctx.call('opac.saveSettings', { enabled: true, host: '127.0.0.1', port });
      expect(on.running).toBe(true);
      // Loopback only: no address a phone could open is offered, and Cài đặt warns.
      expect(on.addresses).toEqual([]);
      expect(on.loopbackOnly).toBe(true);
      const found = await (await fetch(`http://127.0.0.1:${port}/api/search?q=de%20men`)).json() as { total: number };
      expect(found.total).toBe(1);
      // Survives a restart: the setting is stored.
      expect(JSON.parse(ctx.sql.prepare("SELECT value FROM setting WHERE key = 'opac'").pluck().get() as string)).toEqual({ enabled: true, host: '127.0.0.1', port, suggestionsPerDay: 50 });

      // A loopback poster is refused in Vietnamese; a school-network address prints.
      await expect(ctx.call('opac.printPoster', { url: `http://127.0.0.1:${port}/` })).rejects.toThrow(/^Không in áp phích cho địa chỉ 127\.0\.0\.1: .*điện thoại/);
      const lan = `http://192.168.1.10:${port}/`;
      const poster = await ctx.call('opac.printPoster', { url: lan });
      const text = await pdfText(poster.path);
      expect(text).toContain('TRA CỨU SÁCH THƯ VIỆN');
      expect(text).toContain(lan);
      expect(await decodeBarcodes(poster.path, { dpi: 150, format: 'QRCode' })).toEqual([lan]);

      const bad = ctx.call('opac.saveSettings', { enabled: true, host: '10.254.254.254', port });
      await expect(bad).rejects.toThrow('Máy này không có địa chỉ 10.254.254.254');

      const off = await ctx.call('opac.saveSettings', { enabled: false, host: '127.0.0.1', port });
      expect(off.running).toBe(false);
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    } finally {
      await ctx.opac.close();
      ctx.opac = undefined;
    }
  }, 60_000);
});
