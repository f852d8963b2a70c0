import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';
import { nextMidnight, startReservationSweep } from './sweep';

/**
 * The sweep of expired holds (issue 22) runs at start and again just after each local midnight: `holdUntil` is a date,
 * so a hold expires when the day changes, and reads never write (they rely on the sweep to keep the state right).
 */

let ctx: TestContext;
let now: Date;
const one = <T>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).get(...params) as T;
const local = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(y, m - 1, d, h, min, s);

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  ctx = await tempContext();
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  now = local(2026, 11, 26, 10);
  ctx.now = () => now;
});
afterEach(async () => {
  vi.useRealTimers();
  await ctx.cleanup();
});

it('the next local midnight, whatever the hour', () => {
  expect(nextMidnight(local(2026, 11, 30, 23, 59, 30))).toEqual(local(2026, 12, 1));
  expect(nextMidnight(local(2026, 12, 1, 0, 0, 0))).toEqual(local(2026, 12, 2));
  expect(nextMidnight(local(2026, 12, 31, 8))).toEqual(local(2027, 1, 1));
});

it('runs again just after midnight (not 24 h after start), passing on the hold whose last day just ended', async () => {
  const titleId = one<{ id: number }>('SELECT id FROM title WHERE title = ?', 'Tuổi thơ dữ dội').id;
  const codes = (ctx.sql.prepare('SELECT accession_code AS code FROM copy WHERE title_id = ? ORDER BY id').all(titleId) as { code: string }[]).map((c) => c.code);
  const pupils = (ctx.sql.prepare("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 3").all() as { id: number }[]).map((r) => r.id);
  for (const [i, code] of codes.entries()) await ctx.call('circulation.checkout', { readerId: pupils[i + 1], code });
  const r = await ctx.call('reservations.place', { titleId, readerId: pupils[0] });
  const back = await ctx.call('circulation.return', { code: codes[0] });
  expect(back.hold?.holdUntil).toBe('2026-11-30'); // Thursday 26/11, 3 open days

  now = local(2026, 11, 30, 23, 59, 30); // her last day, 30 s before it ends
  const sweep = startReservationSweep(ctx);
  try {
    expect(sweep.nextRunAt()).toEqual(local(2026, 12, 1));
    const status = () => one<{ status: string }>('SELECT status FROM reservation WHERE id = ?', r.id).status;
    expect(status()).toBe('ready');
    now = local(2026, 11, 30, 23, 59, 59);
    vi.advanceTimersByTime(29_000);
    expect(status()).toBe('ready');
    now = local(2026, 12, 1, 0, 0, 0);
    vi.advanceTimersByTime(1_000);
    expect(status()).toBe('expired');
    expect(one<{ status: string }>('SELECT status FROM copy WHERE accession_code = ?', codes[0]).status).toBe('available');
    expect(ctx.events.some((e) => e.event === 'reservations.changed')).toBe(true);
    // And again at the following midnight.
    expect(sweep.nextRunAt()).toEqual(local(2026, 12, 2));
  } finally {
    sweep.stop();
  }
  expect(sweep.nextRunAt()).toBeNull();
});
