// vitest: isolate — the OPAC's wrong PIN tries per address live in main/services/readers/pin.ts for the process's life.

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../services/demo';
import { tempContext, type TestContext } from '../test-utils';
import { startOpacServer, type OpacServer } from './opac-http';

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

async function signIn(who: Staff, pin: string): Promise<string> {
  const r = await fetch(`${base}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ card: who.card, pin }) });
  expect(r.status).toBe(200);
  return r.headers.get('set-cookie')!.split(';')[0];
}

async function me(cookie?: string, suffix = ''): Promise<{ status: number; body: { loans?: MyLoan[]; error?: string } }> {
  const r = await fetch(`${base}/api/me${suffix}`, { headers: cookie ? { cookie } : {} });
  return { status: r.status, body: await r.json() as { loans?: MyLoan[]; error?: string } };
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

    const a = await signIn(teacherA, '246813');
    const r = await me(a);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['loans']);
    const loans = r.body.loans!;
    expect(loans.map((l) => l.copyCode)).toEqual([mine[1], mine[0]]); // soonest due first
    expect(loans[0]).toMatchObject({ due: '25/11/2026', overdueDays: 5, dueText: 'Quá hạn 5 ngày (hạn trả 25/11/2026)', lent: '30/11/2026' });
    expect(loans[1]).toMatchObject({ due: `${d}/${m}/${y}`, overdueDays: 0, dueText: `Hạn trả ${d}/${m}/${y}` });
    const titleOf = (await ctx.query('SELECT t.title FROM copy c JOIN title t ON t.id = c.title_id WHERE c.accession_code = ?', [mine[0]]))[0].title as string;
    expect(loans[1].title.startsWith(titleOf)).toBe(true);

    // A reader id in the query is no part of the route: still A's own.
    expect((await me(a, `?readerId=${teacherB.id}`)).body).toEqual(r.body);
    expect((await fetch(`${base}/api/me/${teacherB.id}`, { headers: { cookie: a } })).status).toBe(404);

    const b = await signIn(teacherB, '135792');
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
    const a = await signIn(teacherA, '246813');
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
