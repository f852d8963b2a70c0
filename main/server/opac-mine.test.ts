// vitest: isolate — the OPAC's wrong PIN tries per address live in main/services/readers/pin.ts for the process's life.

import http from 'node:http';
import net from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../services/demo';
import { tempContext, type TestContext } from '../test-utils';
import { holdForNext } from '../services/reservations/hold-shelf';
import { startOpacServer, type OpacServer } from './opac-http';
import { OpacHost } from './opac-host';

/**
 * "Của tôi" on the OPAC (issue 22): a signed-in teacher sees her own loans, and only hers; nobody else sees any.
 * The routes take no reader id: the reader is always the session's.
 */

let ctx: TestContext;
let read: Database.Database;
let server: OpacServer;
let base: string;
interface Staff { id: number; card: string; name: string }
let teacherA: Staff;
let teacherB: Staff;
let pupil: Staff;

interface MyLoan { title: string; copyCode: string; lent: string; due: string; overdueDays: number; dueText: string }

/** Signed-in sessions kept for the next test (the listener lets an address sign in only 10 times at once). */
const sessions = new Map<number, string>();
async function session(who: Staff, pin: string): Promise<string> {
  if (!sessions.has(who.id)) sessions.set(who.id, await signIn(who, pin));
  return sessions.get(who.id)!;
}

async function signIn(who: Staff, pin: string): Promise<string> {
  const r = await fetch(`${base}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ card: who.card, pin }) });
  expect(r.status).toBe(200);
  return r.headers.get('set-cookie')!.split(';')[0];
}

interface MyReservation { id: number; titleId: number; title: string; status: string; position: number | null; statusText: string }
interface MyPage { loans?: MyLoan[]; reservations?: MyReservation[]; homeroomClass?: string; classHolds?: { pupil: string; title: string; until: string }[]; error?: string }

async function me(cookie?: string, suffix = ''): Promise<{ status: number; body: MyPage }> {
  const r = await fetch(`${base}/api/me${suffix}`, { headers: cookie ? { cookie } : {} });
  return { status: r.status, body: await r.json() as MyPage };
}

/** A POST as the OPAC's page sends it (JSON, same origin), with this session's cookie if any. */
async function post(path: string, body: unknown, cookie?: string): Promise<{ status: number; body: { error?: string; message?: string } }> {
  const r = await fetch(`${base}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: base, ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() as { error?: string; message?: string } };
}

const reservationRows = () => ctx.query('SELECT * FROM reservation ORDER BY id');

/** A lendable title with `n` copies or more, none of them lent yet; its copies' codes. */
async function titleWithCopies(n: number, skipTitles: number[] = []): Promise<{ id: number; title: string; codes: string[] }> {
  const rows = await ctx.query(`SELECT t.id, t.title FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.code IN ('STK', 'STN')
    AND (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available') >= ?
    AND NOT EXISTS (SELECT 1 FROM copy c WHERE c.title_id = t.id AND c.status IN ('onLoan', 'held'))
    AND t.id NOT IN (SELECT value FROM json_each(?)) ORDER BY t.id LIMIT 1`, [n, JSON.stringify(skipTitles)]);
  const codes = (await ctx.query("SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'available' ORDER BY id", [rows[0].id]))
    .map((r: { code: string }) => r.code);
  return { ...rows[0], codes };
}

/** Lends every copy of a title to pupils (one each) through the desk's contract. */
async function lendAllToPupils(codes: string[]): Promise<number[]> {
  const pupils = (await ctx.query(`SELECT id FROM reader r WHERE kind = 'student' AND active = 1
    AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL) ORDER BY id DESC LIMIT ?`, [codes.length]))
    .map((r: { id: number }) => r.id);
  for (const [i, code] of codes.entries()) await ctx.call('circulation.checkout', { readerId: pupils[i], code });
  return pupils;
}

/** Lends `n` copies on the shelf to a reader through the desk's contract; returns their codes. */
async function lend(readerId: number, n: number, skip = 0): Promise<string[]> {
  const codes = (await ctx.query(`SELECT c.accession_code AS code FROM copy c JOIN collection_series s ON s.id = c.series_id
    WHERE c.status = 'available' AND s.code IN ('STK', 'STN') ORDER BY c.id LIMIT ? OFFSET ?`, [n, skip])).map((r: { code: string }) => r.code);
  for (const code of codes) await ctx.call('circulation.checkout', { readerId, code });
  return codes;
}

beforeAll(async () => {
  ctx = await tempContext({ now: new Date('2026-11-30T09:00:00+07:00') });
  await generateDemo(ctx.sql, { seed: 4, copies: 300, students: 30, teachers: 6, loans: 40, titles: 90, now: ctx.now() });
  read = new Database(ctx.databaseFile, { readonly: true });
  server = await startOpacServer({ ctx, read, host: '127.0.0.1', port: 0, burst: 1e6, perSecond: 1e6 });
  base = `http://127.0.0.1:${server.port}`;
  const teachers = await ctx.query("SELECT id, card_number AS card, full_name AS name FROM reader WHERE kind = 'teacher' AND active = 1 ORDER BY id LIMIT 2") as Staff[];
  [teacherA, teacherB] = teachers;
  [pupil] = await ctx.query("SELECT id, card_number AS card, full_name AS name FROM reader WHERE kind = 'student' AND active = 1 ORDER BY id LIMIT 1") as Staff[];
  // Each starts from no open loan, so what "Của tôi" lists is exactly what the test lent.
  await ctx.query('UPDATE loan SET returned_at = ? WHERE reader_id IN (?, ?) AND returned_at IS NULL', ['2026-11-01T08:00:00.000Z', teacherA.id, teacherB.id]);
  await ctx.call('readers.setPin', { id: teacherA.id, pin: '246813' });
  await ctx.call('readers.setPin', { id: teacherB.id, pin: '135792' });
}, 120_000);

afterAll(async () => {
  await server?.close();
  read?.close();
  await ctx?.cleanup();
});

describe('"Của tôi": a teacher\'s own loans', () => {
  it('anonymous visitors get 401 in Vietnamese, and no loan', async () => {
    const r = await me();
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'Hãy đăng nhập bằng số thẻ và mã PIN của thầy cô để xem trang này.' });
    expect((await me('kesach_opac=forged')).status).toBe(401);
  });

  it('teacher A sees her loans with dd/mm/yyyy due dates, the overdue one marked; never B\'s, whatever reader id she sends', async () => {
    const mine = await lend(teacherA.id, 2);
    const theirs = await lend(teacherB.id, 1, 2);
    // One of A's is late: its due date moved back by the test's own SQL (the desk never lends overdue).
    await ctx.query("UPDATE loan SET due_at = '2026-11-25' WHERE reader_id = ? AND returned_at IS NULL AND copy_id = (SELECT id FROM copy WHERE accession_code = ?)", [teacherA.id, mine[1]]);
    const due = (await ctx.query("SELECT due_at AS dueAt FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = ? AND l.returned_at IS NULL", [mine[0]]))[0].dueAt as string;
    const [y, m, d] = due.split('-');

    const a = await session(teacherA, '246813');
    const r = await me(a);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['loans', 'reservations', 'homeroomClass', 'classHolds']);
    const loans = r.body.loans!;
    expect(loans.map((l) => l.copyCode)).toEqual([mine[1], mine[0]]); // soonest due first
    expect(loans[0]).toMatchObject({ due: '25/11/2026', overdueDays: 5, dueText: 'Quá hạn 5 ngày (hạn trả 25/11/2026)', lent: '30/11/2026' });
    expect(loans[1]).toMatchObject({ due: `${d}/${m}/${y}`, overdueDays: 0, dueText: `Hạn trả ${d}/${m}/${y}` });
    const titleOf = (await ctx.query('SELECT t.title FROM copy c JOIN title t ON t.id = c.title_id WHERE c.accession_code = ?', [mine[0]]))[0].title as string;
    expect(loans[1].title.startsWith(titleOf)).toBe(true);

    // A reader id in the query is no part of the route: still A's own.
    expect((await me(a, `?readerId=${teacherB.id}`)).body).toEqual(r.body);
    expect((await fetch(`${base}/api/me/${teacherB.id}`, { headers: { cookie: a } })).status).toBe(404);

    const b = await session(teacherB, '135792');
    const rb = await me(b);
    expect(rb.body.loans!.map((l) => l.copyCode)).toEqual(theirs);
    expect(JSON.stringify(rb.body)).not.toContain(mine[0]);
    expect(JSON.stringify(r.body)).not.toContain(theirs[0]);
  });

  it('a pupil cannot sign in, so sees nothing', async () => {
    await ctx.query('INSERT INTO reader_pin (reader_id, hash, salt, updated_at) SELECT ?, hash, salt, updated_at FROM reader_pin WHERE reader_id = ?', [pupil.id, teacherA.id]);
    try {
      const r = await fetch(`${base}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ card: pupil.card, pin: '246813' }) });
      expect(r.status).toBe(401);
      expect(r.headers.get('set-cookie')).toBeNull();
    } finally {
      await ctx.query('DELETE FROM reader_pin WHERE reader_id = ?', [pupil.id]);
    }
  });

  it('a session ends when the librarian sets a new PIN, clears it, or the teacher is no longer active', async () => {
    const a = await session(teacherA, '246813');
    expect((await me(a)).status).toBe(200);
    await ctx.call('readers.setPin', { id: teacherA.id, pin: '975310' });
    expect((await me(a)).status).toBe(401);
    expect(await (await fetch(`${base}/api/session`, { headers: { cookie: a } })).json()).toEqual({ signedIn: false });

    const again = await signIn(teacherA, '975310');
    expect((await me(again)).status).toBe(200);
    await ctx.call('readers.clearPin', { id: teacherA.id });
    expect((await me(again)).status).toBe(401);

    await ctx.call('readers.setPin', { id: teacherA.id, pin: '246813' });
    const third = await signIn(teacherA, '246813');
    sessions.delete(teacherA.id);
    expect((await me(third)).status).toBe(200);
    await ctx.query('UPDATE reader SET active = 0 WHERE id = ?', [teacherA.id]);
    try {
      expect((await me(third)).status).toBe(401);
    } finally {
      await ctx.query('UPDATE reader SET active = 1 WHERE id = ?', [teacherA.id]);
    }
    // Active again: the ended session stays ended.
    expect((await me(third)).status).toBe(401);
  });
});

/** The title teachers A and B reserve. */
let X: { id: number; title: string; codes: string[] };

describe('reservations in "Của tôi"', () => {
  it('a teacher reserves a title whose copies are all out, first come first served; each sees only her own place; the desk hears of it', async () => {
    X = await titleWithCopies(1);
    await lendAllToPupils(X.codes);
    const a = await session(teacherA, '246813');
    const b = await session(teacherB, '135792');
    const heard = ctx.events.length;
    const ra = await post('/api/reservations', { titleId: X.id }, a);
    expect(ra).toEqual({ status: 200, body: expect.objectContaining({ message: `Đã đặt trước «${X.title}»: thứ 1 trong hàng chờ. Thư viện sẽ giữ sách khi có bản trả về.` }) });
    const rb = await post('/api/reservations', { titleId: X.id }, b);
    expect(rb.body.message).toContain('thứ 2 trong hàng chờ');
    // The desk's lists read again at once (the app's emit: IPC, or SSE in browser mode).
    expect(ctx.events.slice(heard).filter((e) => e.event === 'reservations.changed')).toHaveLength(2);

    const meA = (await me(a)).body;
    const meB = (await me(b)).body;
    expect(meA.reservations).toEqual([{ id: expect.any(Number), titleId: X.id, title: X.title, status: 'waiting', position: 1, statusText: 'Thứ 1 trong hàng chờ' }]);
    expect(meB.reservations).toEqual([{ id: expect.any(Number), titleId: X.id, title: X.title, status: 'waiting', position: 2, statusText: 'Thứ 2 trong hàng chờ' }]);
    for (const [page, other] of [[meA, teacherB], [meB, teacherA]] as const) {
      const text = JSON.stringify(page);
      expect(text).not.toContain(other.name);
      expect(text).not.toContain(other.card);
      expect(text).not.toMatch(/"(readerId|readerName|cardNumber)"/);
    }
    const rows = await reservationRows();
    expect(rows.map((r: { reader_id: number; placed_by: string; status: string }) => [r.reader_id, r.placed_by, r.status]))
      .toEqual([[teacherA.id, 'Tra cứu trực tuyến', 'waiting'], [teacherB.id, 'Tra cứu trực tuyến', 'waiting']]);
    // Nhật ký names her, and where from.
    const log = await ctx.call('audit.list', { limit: 2 });
    expect(log.rows.map((r) => [r.who, r.what])).toEqual([
      [`Tra cứu qua mạng: ${teacherB.name} (địa chỉ 127.0.0.1)`, `Đặt trước «${X.title}» (thứ 2 trong hàng chờ), qua tra cứu trực tuyến.`],
      [`Tra cứu qua mạng: ${teacherA.name} (địa chỉ 127.0.0.1)`, `Đặt trước «${X.title}» (thứ 1 trong hàng chờ), qua tra cứu trực tuyến.`],
    ]);
    // Twice is refused in the service's words.
    const again = await post('/api/reservations', { titleId: X.id }, a);
    expect(again.status).toBe(409);
    expect(again.body.error).toContain(`đã đặt trước «${X.title}»`);
  });

  it('nobody reserves for someone else or without a session; a title on the shelf is refused in the service\'s words; nothing changes', async () => {
    const a = await session(teacherA, '246813');
    const Y = await titleWithCopies(1, [X.id]);
    const before = await reservationRows();
    const forged = await post('/api/reservations', { titleId: Y.id, readerId: teacherB.id }, a);
    expect(forged).toEqual({ status: 400, body: { error: 'Yêu cầu không hợp lệ: chỉ gửi sách cần đặt trước (hoặc lượt cần hủy và lý do hủy).' } });
    expect((await post('/api/reservations', { titleId: X.id })).status).toBe(401);
    expect((await post('/api/reservations', { titleId: X.id }, 'kesach_opac=forged')).status).toBe(401);
    const onShelf = await post('/api/reservations', { titleId: Y.id }, a);
    expect(onShelf.status).toBe(409);
    expect(onShelf.body.error).toContain(`«${Y.title}» còn`);
    expect(onShelf.body.error).toContain('trên giá');
    expect((await post('/api/reservations', { titleId: 999_999 }, a))).toEqual({ status: 404, body: { error: 'Không tìm thấy đầu sách này.' } });
    expect(await reservationRows()).toEqual(before);
  });

  it('she cancels only her own, with a reason; the next in the queue moves up', async () => {
    const a = await session(teacherA, '246813');
    const b = await session(teacherB, '135792');
    const [mine, theirs] = await reservationRows() as { id: number }[];
    const before = await reservationRows();
    const notHers = await post('/api/reservations/cancel', { id: theirs.id, reason: 'Nhầm' }, a);
    expect(notHers).toEqual({ status: 404, body: { error: 'Không tìm thấy lượt đặt trước này của thầy cô (có thể đã được hủy hoặc đã nhận sách).' } });
    expect(await post('/api/reservations/cancel', { id: theirs.id + 1000, reason: 'Nhầm' }, a)).toEqual(notHers);
    expect(await post('/api/reservations/cancel', { id: mine.id, reason: '   ' }, a)).toEqual({ status: 400, body: { error: 'Hãy ghi lý do hủy đặt trước.' } });
    expect((await post('/api/reservations/cancel', { id: mine.id, reason: 'x' })).status).toBe(401);
    expect(await reservationRows()).toEqual(before);

    const heard = ctx.events.length;
    const done = await post('/api/reservations/cancel', { id: mine.id, reason: 'Đã mượn được ở thư viện khác' }, a);
    expect(done).toEqual({ status: 200, body: { message: `Đã hủy đặt trước «${X.title}».` } });
    expect(ctx.events.slice(heard).map((e) => e.event)).toContain('reservations.changed');
    const [row] = await ctx.query('SELECT status, closed_reason FROM reservation WHERE id = ?', [mine.id]);
    expect(row).toEqual({ status: 'cancelled', closed_reason: 'Đã mượn được ở thư viện khác' });
    expect((await me(a)).body.reservations).toEqual([]);
    expect((await me(b)).body.reservations).toMatchObject([{ id: theirs.id, position: 1, statusText: 'Thứ 1 trong hàng chờ' }]);
  });

  it('the class teacher sees her pupils\' books waiting on the hold shelf, and until when; nobody else does', async () => {
    const Z = await titleWithCopies(1, [X.id]);
    await lendAllToPupils(Z.codes);
    const [pupilP] = await ctx.query(`SELECT id, full_name AS name, class_name AS cls FROM reader r WHERE kind = 'student' AND active = 1
      AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL) ORDER BY id LIMIT 1`);
    await ctx.call('reservations.place', { titleId: Z.id, readerId: pupilP.id });
    await ctx.call('circulation.return', { code: Z.codes[0] });
    // The return puts it on the hold shelf (or, before the desk does so itself, the shelf scan's hold).
    const ready = async () => (await ctx.query("SELECT hold_until AS until FROM reservation WHERE reader_id = ? AND status = 'ready'", [pupilP.id]))[0];
    if (!(await ready())) {
      const [c] = await ctx.query(`SELECT c.id, c.accession_code AS code, c.title_id AS titleId, s.code AS seriesCode FROM copy c
        JOIN collection_series s ON s.id = c.series_id WHERE c.accession_code = ?`, [Z.codes[0]]);
      holdForNext(ctx, ctx.sql, c);
    }
    const { until } = await ready();
    const [y, m, d] = (until as string).split('-');
    const got = await ctx.call('readers.get', { id: teacherA.id });
    await ctx.call('readers.save', { id: got.id, kind: got.kind, code: got.code, fullName: got.fullName, department: got.department, homeroomClass: pupilP.cls });

    const a = await session(teacherA, '246813');
    const b = await session(teacherB, '135792');
    const meA = (await me(a)).body;
    expect(meA.homeroomClass).toBe(pupilP.cls);
    expect(meA.classHolds).toEqual([{ pupil: pupilP.name, title: Z.title, until: `${d}/${m}/${y}` }]);
    expect(meA.reservations).toEqual([]); // the pupil's reservation is not hers
    const meB = (await me(b)).body;
    expect(meB).toMatchObject({ homeroomClass: '', classHolds: [] });
    expect(JSON.stringify(meB)).not.toContain(pupilP.name);
  });

  it('a device placing and cancelling over and over is slowed down, in Vietnamese', async () => {
    const a = await session(teacherA, '246813');
    const from = (address: string) => new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: '/api/reservations', method: 'POST', localAddress: address,
        headers: { 'content-type': 'application/json', cookie: a } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end('{}');
    });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push(await from('127.0.0.9'));
    expect(statuses.filter((x) => x === 400)).toHaveLength(20);
    expect(statuses[20]).toBe(429);
    expect(await from('127.0.0.10')).toBe(400); // another device is not slowed
  });
});

describe('the OPAC\'s own thread tells the desk', () => {
  it('a reservation made on the listener\'s thread reaches the app\'s emit (IPC, or SSE in browser mode)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    let heard: (e: { event: string; payload: unknown }) => void = () => undefined;
    const told = new Promise<{ event: string; payload: unknown }>((resolve) => { heard = resolve; });
    ctx.opac = new OpacHost({ dataDir: ctx.dataDir, databaseFile: ctx.databaseFile }, (event, payload) => heard({ event, payload }));
    try {
      expect((await ctx.call('opac.saveSettings', { enabled: true, host: '127.0.0.1', port })).running).toBe(true);
      const W = await titleWithCopies(1, [X.id]);
      await lendAllToPupils(W.codes);
      const at = `http://127.0.0.1:${port}`;
      const signin = await fetch(`${at}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ card: teacherB.card, pin: '135792' }) });
      const cookie = signin.headers.get('set-cookie')!.split(';')[0];
      const r = await fetch(`${at}/api/reservations`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ titleId: W.id }) });
      expect(r.status).toBe(200);
      // Posted from the listener's thread to this one (no polling: the test waits for the event itself).
      expect(await told).toEqual({ event: 'reservations.changed', payload: {} });
    } finally {
      await ctx.opac.close();
      ctx.opac = undefined;
    }
  }, 60_000);
});

describe('writes come only from the OPAC\'s own page', () => {
  const signOut = (headers: Record<string, string>) =>
    fetch(`${base}/api/signout`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

  it('refuses a POST another site sends (Origin or Sec-Fetch-Site), and takes the page\'s own', async () => {
    const host = new URL(base).host;
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example' }, { origin: 'null' }, { origin: `http://${host}.evil.example` }, { origin: `file://${host}` },
      { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: `http://${host}`, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of foreign) {
      const r = await signOut(headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(await r.json()).toEqual({ error: 'Yêu cầu này không đến từ trang tra cứu của thư viện.' });
    }
    expect((await signOut({ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await signOut({})).status).toBe(200); // a script without a browser: no Origin to check, the JSON body still required
  });
});
