import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../../shared/contract';
import { holdUntilFor } from '../../../shared/loan-rules';
import { openContext } from '../../app-context';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import type { ServiceContext } from '../context';
import { dispatch } from '../dispatch';
import { importReadersFile } from '../readers/import';
import { opacMyPage } from '../opac/mine';
import { startReservationSweep } from './sweep';

/**
 * Đặt trước (issue 22): the queue at the desk — a returned copy goes to the hold shelf for the first reader waiting,
 * nobody else may borrow it, the holder's loan fulfils the reservation, expired and cancelled holds pass on.
 */

let ctx: TestContext;
const one = <T>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).all(...params) as T[];
const readerId = (code: string) => one<{ id: number }>('SELECT id FROM reader WHERE code = ?', code).id;
const TITLE = 'Tuổi thơ dữ dội'; // two copies
const titleId = () => one<{ id: number }>('SELECT id FROM title WHERE title = ?', TITLE).id;
const copies = () => all<{ code: string }>('SELECT accession_code AS code FROM copy WHERE title_id = ? ORDER BY id', titleId()).map((c) => c.code);
const copyStatus = (code: string) => one<{ status: string }>('SELECT status FROM copy WHERE accession_code = ?', code).status;
/** Every row the desk could change, to compare before and after a refusal. */
const snapshot = () => ({
  copy: all('SELECT id, status FROM copy ORDER BY id'),
  loan: all('SELECT * FROM loan ORDER BY id'),
  reservation: all('SELECT * FROM reservation ORDER BY id'),
  audit: all('SELECT id FROM audit_log ORDER BY id'),
});
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: Error & { code: string }) => ({ code: e.code, message: e.message }));
const at = (iso: string) => { ctx.now = () => new Date(iso); };

let hoa: number, trung: number, tai: number;
let borrowers: number[];

beforeEach(async () => {
  ctx = await tempContext(); // Thursday 26/11/2026
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  [hoa, trung, tai] = ['220561001', '220561002', '220561003'].map(readerId);
  borrowers = all<{ id: number }>("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 2 OFFSET 20").map((r) => r.id);
  // Every copy out: one each to two other pupils.
  for (const [i, code] of copies().entries()) await ctx.call('circulation.checkout', { readerId: borrowers[i], code });
});
afterEach(async () => ctx.cleanup());

async function reserve(...readers: number[]) {
  const out = [];
  for (const r of readers) out.push(await ctx.call('reservations.place', { titleId: titleId(), readerId: r }));
  return out;
}

describe('over the desk contract (as scripts call it)', () => {
  it('A then B reserve; a return is held for A; B is refused and nothing changes; A borrows it; the next return is held for B', async () => {
    const [a, b] = await reserve(hoa, trung);
    const [first, second] = copies();

    const back = await ctx.call('circulation.return', { code: first });
    expect(back.hold).not.toBeNull();
    expect(back.hold!.message).toContain('Giữ cho');
    expect(back.hold!.message).toBe('Giữ cho Trương Kim Hoa — 6A1 (đến hết 30/11/2026)');
    expect(back.hold).toMatchObject({ reservationId: a.id, readerId: hoa, copyCode: first, holdUntil: '2026-11-30' });
    expect(copyStatus(first)).toBe('held');
    // Biên mục counts it in stock, not on the shelf, and says it is kept: "0 / 2 … 1 đang mượn 1 đang giữ".
    const hit = (await ctx.call('catalogue.search', { query: TITLE })).items.find((t) => t.id === titleId());
    expect(hit).toMatchObject({ copies: 2, available: 0, onLoan: 1, held: 1 });
    expect((await ctx.call('reservations.list', { titleId: titleId() })).map((r) => [r.readerName, r.status, r.position, r.copyCode]))
      .toEqual([['Trương Kim Hoa', 'ready', null, first], ['Trần Đức Trung', 'waiting', 1, null]]);

    // Lending the held copy to B: a hard block, with or without a reason; nothing at all is written.
    const before = snapshot();
    const refused = await failure(ctx.call('circulation.checkout', { readerId: trung, code: first }));
    expect(refused.code).toBe('HELD_FOR_OTHER');
    expect(refused.message).toContain('đang giữ cho Trương Kim Hoa — 6A1 đến hết 30/11/2026');
    expect((await failure(ctx.call('circulation.checkout', { readerId: trung, code: first, overrideReason: 'Em cần gấp' }))).code).toBe('HELD_FOR_OTHER');
    const scanned = await ctx.call('circulation.scan', { code: first, readerId: trung, mode: 'lend' });
    expect(scanned.action).toBe('blocked');
    expect(snapshot()).toEqual(before);

    // A's own loan fulfils A's reservation in the same transaction.
    const lent = await ctx.call('circulation.checkout', { readerId: hoa, code: first });
    expect(lent.fulfilled).toBe(a.id);
    expect(lent.panel.reservations).toEqual([]);
    expect(one<{ status: string; copy_id: number }>('SELECT status, copy_id FROM reservation WHERE id = ?', a.id).status).toBe('fulfilled');
    expect(copyStatus(first)).toBe('onLoan');

    // The next copy back goes to B (returned by a scan this time: the desk's message says so).
    const scan = await ctx.call('circulation.scan', { code: second, readerId: null, mode: 'lend' });
    expect(scan.action).toBe('return');
    if (scan.action !== 'return') return;
    expect(scan.hold).toMatchObject({ reservationId: b.id, readerName: 'Trần Đức Trung' });
    expect(scan.message).toContain('Giữ cho Trần Đức Trung — 6A1 (đến hết 30/11/2026)');
    expect(copyStatus(second)).toBe('held');
    const b2 = await ctx.call('circulation.scan', { code: second, readerId: trung, mode: 'lend' });
    expect(b2.action === 'checkout' && b2.fulfilled).toBe(b.id);
    expect(b2.message).toContain('(sách đặt trước)');
    const log = await ctx.call('audit.list', { filter: { kind: 'reservation' }, limit: 10 });
    expect(log.rows.map((r) => r.what)).toEqual([
      `Bạn đọc nhận sách đặt trước «${TITLE}»: bản ${second}.`,
      `Giữ bản ${second} «${TITLE}» cho bạn đọc đặt trước, đến hết 30/11/2026.`,
      `Bạn đọc nhận sách đặt trước «${TITLE}»: bản ${first}.`,
      `Giữ bản ${first} «${TITLE}» cho bạn đọc đặt trước, đến hết 30/11/2026.`,
      `Đặt trước «${TITLE}» (thứ 2 trong hàng chờ).`,
      `Đặt trước «${TITLE}» (thứ 1 trong hàng chờ).`,
    ]);
    // Thống kê: placed and fulfilled per month of the school year.
    const stats = await ctx.call('reports.statistics', { year: '2026-2027' });
    expect(stats.reservations).toEqual({ placed: 2, fulfilled: 2, byMonth: [{ month: '2026-11', placed: 2, fulfilled: 2 }] });
    expect((await ctx.call('stats.summary', {})).reservations).toEqual({ waiting: 0, ready: 0 });
  });

  it('a copy scanned on the shelf with no reader open goes to the hold shelf; "Trả và cho bạn này mượn" to someone else is refused whole', async () => {
    await reserve(hoa);
    const [first, second] = copies();
    // A copy that came back some other way (here: its loan undone) sits on the shelf: scanning it holds it.
    const loan = one<{ id: number }>("SELECT l.id FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = ? AND l.returned_at IS NULL", first).id;
    await ctx.call('circulation.undo', { action: 'checkout', loanId: loan });
    expect(copyStatus(first)).toBe('held'); // the undo already passed it to the queue
    const held = await ctx.call('circulation.scan', { code: first, readerId: null, mode: 'lend' });
    expect(held).toMatchObject({ action: 'hold', hold: { readerName: 'Trương Kim Hoa' } });
    expect(held.message).toContain('Giữ cho Trương Kim Hoa — 6A1');
    await reserve(trung);
    const before = snapshot();
    // Now Trung waits: the returned copy would be his, so giving it to Tài is refused and the return is rolled back too.
    expect((await failure(ctx.call('circulation.transfer', { readerId: tai, code: second }))).code).toBe('HELD_FOR_OTHER');
    expect(snapshot()).toEqual(before);
    // Trung himself: returned from its borrower and lent to him, fulfilling his reservation.
    const t = await ctx.call('circulation.transfer', { readerId: trung, code: second });
    expect(t.fulfilled).not.toBeNull();

    expect(copyStatus(second)).toBe('onLoan');
  });
});

describe('the queue (unit)', () => {
  it('keeps the order reservations were placed, across two connections with different clocks', async () => {
    // A second context on the same file whose clock is an hour behind: order is arrival, not the clock's word.
    const other: ServiceContext = await openContext({ dataDir: ctx.dataDir, mode: 'cli', now: () => new Date('2026-11-26T08:00:00+07:00') });
    try {
      const readers = all<{ id: number }>("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 6").map((r) => r.id);
      const placed: number[] = [];
      for (const [i, r] of readers.entries()) {
        const res = await dispatch(i % 2 ? other : ctx, 'reservations.place', { titleId: titleId(), readerId: r });
        expect(res.ok).toBe(true);
        placed.push(r);
      }
      const seen = (await ctx.call('reservations.list', { titleId: titleId() })).map((r) => [r.readerId, r.position]);
      expect(seen).toEqual(placed.map((r, i) => [r, i + 1]));
      // The same reader placing again from the other connection: refused (one open reservation per reader and title).
      const again = await dispatch(other, 'reservations.place', { titleId: titleId(), readerId: placed[0] });
      expect(again.ok ? null : again.code).toBe('ALREADY_RESERVED');
      // The first copy back goes to the first placed, whichever connection returns it.
      const back = await dispatch(other, 'circulation.return', { code: copies()[0] });
      expect(back.ok && (back.value as MethodOutput<'circulation.return'>).hold?.readerId).toBe(placed[0]);
    } finally {
      await other.database.close();
    }
  });

  it('an expired hold passes to the next reader (new last day), then the copy goes back to the shelf', async () => {
    const [a, b] = await reserve(hoa, trung);
    const [first] = copies();
    await ctx.call('circulation.return', { code: first }); // held for Hoa until Mon 30/11
    at('2026-11-30T16:00:00+07:00'); // still her last day
    expect((await ctx.call('reservations.list', {})).find((r) => r.id === a.id)?.status).toBe('ready');
    at('2026-12-01T08:00:00+07:00'); // Tuesday: over — passed on by the sweep after midnight (a read writes nothing)
    startReservationSweep(ctx).stop();
    const list = await ctx.call('reservations.list', {});
    expect(list.map((r) => [r.id, r.status, r.copyCode, r.holdUntil])).toEqual([[b.id, 'ready', first, '2026-12-04']]);
    const expired = await ctx.call('reservations.list', { status: 'expired' });
    expect(expired).toMatchObject([{ id: a.id, closedReason: 'Hết hạn giữ', readerName: 'Trương Kim Hoa' }]);
    expect(copyStatus(first)).toBe('held');
    // Nobody after Trung: when his hold runs out too, the copy is back on the shelf — here through the daily sweep.
    at('2026-12-07T08:00:00+07:00');
    const sweep = startReservationSweep(ctx);
    sweep.stop();
    expect(copyStatus(first)).toBe('available');
    expect(one<{ status: string }>('SELECT status FROM reservation WHERE id = ?', b.id).status).toBe('expired');
    const rows = await ctx.call('audit.list', { filter: { kind: 'reservation' }, limit: 1 });
    expect(rows.rows[0]).toMatchObject({ who: 'Đặt trước tự động' });
    expect(rows.rows[0].what).toContain('Hết hạn giữ sách đặt trước');
  });

  it('cancelling the head while its copy is held promotes the next reader at once', async () => {
    const [a, b, c] = await reserve(hoa, trung, readerId('220561004'));
    const [first] = copies();
    await ctx.call('circulation.return', { code: first });
    const cancelled = await ctx.call('reservations.cancel', { id: a.id, reason: 'Em chuyển trường' });
    expect(cancelled.status).toBe('cancelled');
    const open = await ctx.call('reservations.list', {});
    expect(open.map((r) => [r.id, r.status, r.position, r.copyCode])).toEqual([[b.id, 'ready', null, first], [c.id, 'waiting', 1, null]]);
    expect(copyStatus(first)).toBe('held');
    // A cancelled waiting reader simply leaves the queue.
    await ctx.call('reservations.cancel', { id: c.id, reason: 'Không cần nữa' });
    await ctx.call('reservations.cancel', { id: b.id, reason: 'Không đến lấy' });
    expect(copyStatus(first)).toBe('available');
  });

  it('a reader who left (card inactive) loses the turn when it comes; the next reader gets the copy', async () => {
    const [a, b] = await reserve(hoa, trung);
    ctx.sql.prepare('UPDATE reader SET active = 0 WHERE id = ?').run(hoa);
    const back = await ctx.call('circulation.return', { code: copies()[0] });
    expect(back.hold).toMatchObject({ reservationId: b.id, readerName: 'Trần Đức Trung' });
    expect(one<{ status: string; closed_reason: string }>('SELECT status, closed_reason FROM reservation WHERE id = ?', a.id))
      .toEqual({ status: 'cancelled', closed_reason: 'Bạn đọc đã thôi hoạt động (thẻ hết hạn)' });
  });

  it('reads never write: the panel, the lists, the prints and the OPAC page show a hold past its day without passing it on', async () => {
    const [a, b] = await reserve(hoa, trung);
    const [first] = copies();
    await ctx.call('circulation.return', { code: first }); // held for Hoa until Mon 30/11
    at('2026-12-01T08:00:00+07:00'); // her last day is over; the sweep has not run yet
    const tables = all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((t) => t.name);
    const state = () => ({
      counts: tables.map((t) => [t, one<{ n: number }>(`SELECT COUNT(*) AS n FROM "${t}"`).n]),
      reservation: all('SELECT * FROM reservation ORDER BY id'),
      copy: all('SELECT id, status FROM copy ORDER BY id'),
    });
    const before = state();
    const events = ctx.events.length;

    const panel = await ctx.call('circulation.panel', { readerId: hoa });
    expect(panel.reservations).toMatchObject([{ id: a.id, status: 'ready', holdUntil: '2026-11-30' }]);
    expect((await ctx.call('circulation.panel', { readerId: trung })).reservations).toMatchObject([{ id: b.id, status: 'waiting', position: 1 }]);
    expect((await ctx.call('reservations.list', {})).map((r) => [r.id, r.status])).toEqual([[a.id, 'ready'], [b.id, 'waiting']]);
    await ctx.call('reservations.list', { status: 'ready' });
    await ctx.call('reservations.list', { titleId: titleId() });
    await ctx.call('catalogue.search', { query: TITLE });
    // The prints leave the lapsed hold out: no slip with a stale name.
    expect((await failure(ctx.call('reservations.slipPdf', { ids: [a.id] }))).code).toBe('RESERVATION_NOT_READY');
    await ctx.call('reservations.noticesPdf', { className: '' });
    // Her OPAC page says it in words.
    ctx.sql.prepare("UPDATE reader SET kind = 'teacher' WHERE id = ?").run(hoa);
    const before2 = state();
    expect(opacMyPage(ctx.sql, hoa, ctx.now()).reservations.map((r) => r.statusText)).toEqual(['Hết hạn giữ (đến hết 30/11/2026)']);
    expect(state()).toEqual(before2);
    ctx.sql.prepare("UPDATE reader SET kind = 'student' WHERE id = ?").run(hoa);

    expect(state()).toEqual(before);
    expect(ctx.events.slice(events).filter((e) => e.event === 'reservations.changed')).toEqual([]);
    // A write passes it on inside its own transaction: here, placing another reservation.
    await ctx.call('reservations.place', { titleId: titleId(), readerId: tai });
    expect((await ctx.call('circulation.panel', { readerId: trung })).reservations).toMatchObject([{ id: b.id, status: 'ready', holdUntil: '2026-12-04' }]);
  });

  it('undoing a loan that fulfilled a reservation, when the reader has reserved the title again since: one reservation, the earlier place kept', async () => {
    const [a, b] = await reserve(hoa, trung);
    const [first] = copies();
    await ctx.call('circulation.return', { code: first }); // held for Hoa
    const lent = await ctx.call('circulation.checkout', { readerId: hoa, code: first });
    expect(lent.fulfilled).toBe(a.id);
    // Hoa's second reservation of the title, placed since (the desk refuses it while her loan is open, so it is written
    // here as it stands in a library where it happened: after Trung in the queue).
    const again = Number(ctx.sql.prepare(`INSERT INTO reservation (title_id, reader_id, status, placed_at, placed_by) VALUES (?, ?, 'waiting', ?, 'Thủ thư')`)
      .run(titleId(), hoa, ctx.now().toISOString()).lastInsertRowid);

    const undone = await ctx.call('circulation.undo', { action: 'checkout', loanId: lent.loan.id });
    expect(undone.message).toBe(`Đã hủy cho mượn ${first}.`);
    // Her first reservation is back as it was (ready, this copy kept for her), ahead of Trung; the later one is merged into it.
    const open = await ctx.call('reservations.list', { titleId: titleId() });
    expect(open.map((r) => [r.id, r.status, r.position, r.copyCode])).toEqual([[a.id, 'ready', null, first], [b.id, 'waiting', 1, null]]);
    expect(copyStatus(first)).toBe('held');
    expect(one<{ status: string; closed_reason: string }>('SELECT status, closed_reason FROM reservation WHERE id = ?', again))
      .toEqual({ status: 'cancelled', closed_reason: 'Gộp vào lượt đặt trước trước đó của bạn đọc (hoàn tác cho mượn)' });
    const rows = await ctx.call('audit.list', { filter: { kind: 'reservation' }, limit: 5 });
    expect(rows.rows.some((r) => r.what.includes('Gộp vào lượt đặt trước trước đó'))).toBe(true);
  });

  it('the same undo when the later reservation was already ready with another copy: the earlier one takes that hold over', async () => {
    const [a, b] = await reserve(hoa, trung);
    const [first, second] = copies();
    // Hoa, still waiting, is lent a copy that reached the shelf another way: her reservation is fulfilled from waiting.
    ctx.sql.prepare("UPDATE loan SET returned_at = '2026-11-26T02:00:00.000Z' WHERE copy_id = (SELECT id FROM copy WHERE accession_code = ?)").run(first);
    ctx.sql.prepare("UPDATE copy SET status = 'available' WHERE accession_code = ?").run(first);
    const lent = await ctx.call('circulation.checkout', { readerId: hoa, code: first });
    expect(lent.fulfilled).toBe(a.id);
    // Her later reservation, ready with the second copy (as it stands in a library where it happened).
    const copyId = one<{ id: number }>('SELECT id FROM copy WHERE accession_code = ?', second).id;
    ctx.sql.prepare('UPDATE loan SET returned_at = ? WHERE copy_id = ? AND returned_at IS NULL').run(ctx.now().toISOString(), copyId);
    ctx.sql.prepare("UPDATE copy SET status = 'held' WHERE id = ?").run(copyId);
    const again = Number(ctx.sql.prepare(`INSERT INTO reservation (title_id, reader_id, status, placed_at, placed_by, copy_id, ready_at, hold_until)
      VALUES (?, ?, 'ready', ?, 'Thủ thư', ?, ?, '2026-11-30')`).run(titleId(), hoa, ctx.now().toISOString(), copyId, ctx.now().toISOString()).lastInsertRowid);

    await ctx.call('circulation.undo', { action: 'checkout', loanId: lent.loan.id });
    const open = await ctx.call('reservations.list', { titleId: titleId() });
    // Her earlier reservation holds the second copy until the same day; the undone copy goes to Trung, next in the queue.
    expect(open.map((r) => [r.id, r.status, r.copyCode, r.holdUntil])).toEqual([
      [a.id, 'ready', second, '2026-11-30'], [b.id, 'ready', first, '2026-11-30'],
    ]);
    expect(one<{ status: string }>('SELECT status FROM reservation WHERE id = ?', again).status).toBe('cancelled');
    expect([copyStatus(first), copyStatus(second)]).toEqual(['held', 'held']);
  });

  it('a loan of a title others wait for is not renewed without a reason', async () => {
    const loan = one<{ id: number }>('SELECT l.id FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = ? AND l.returned_at IS NULL', copies()[0]).id;
    await reserve(hoa);
    const refused = await failure(ctx.call('circulation.renew', { loanId: loan }));
    expect(refused).toEqual({ code: 'RENEW_BLOCKED', message: `Có 1 bạn đọc đang chờ đặt trước «${TITLE}»: không gia hạn, hãy trả sách đúng hạn.` });
    expect((await ctx.call('circulation.renew', { loanId: loan, overrideReason: 'Em đang ôn thi' })).loan.renewals).toBe(1);
  });

  it('a class set taken back sends one copy to the hold shelf for the reader waiting for that textbook', async () => {
    const sgk = (await ctx.call('circulation.classSetTitles', { className: '6A1' })).find((t) => t.title.startsWith('Toán 6 - Tập một'))!;
    await ctx.call('circulation.lendClassSet', { className: '6A1', titleIds: [sgk.titleId] });
    await ctx.call('circulation.lendClassSet', { className: '6A2', titleIds: [sgk.titleId] }); // the 40 copies are all out now
    const waiting = one<{ id: number }>("SELECT id FROM reader WHERE class_name = '7A1' ORDER BY id LIMIT 1").id;
    const r = await ctx.call('reservations.place', { titleId: sgk.titleId, readerId: waiting });
    const set = (await ctx.call('circulation.classSets', {})).find((c) => c.className === '6A1')!;
    const back = await ctx.call('circulation.returnClassSet', { classSet: set.classSet });
    expect(back.holds).toHaveLength(1);
    expect(back.holds[0]).toMatchObject({ reservationId: r.id, readerId: waiting });
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM copy WHERE title_id = ? AND status = 'held'", sgk.titleId).n).toBe(1);
  });

  it('a waiting reader lent a copy that reached the shelf another way (a new accession) has the reservation fulfilled', async () => {
    const [, b] = await reserve(hoa, trung);
    const second = copies()[1];
    // As if a new copy were put on the shelf: no loan, status available (the desk's return would have held it for Hoa).
    ctx.sql.prepare("UPDATE loan SET returned_at = '2026-11-26T02:00:00.000Z' WHERE copy_id = (SELECT id FROM copy WHERE accession_code = ?)").run(second);
    ctx.sql.prepare("UPDATE copy SET status = 'available' WHERE accession_code = ?").run(second);
    const lent = await ctx.call('circulation.checkout', { readerId: trung, code: second });
    expect(lent.fulfilled).toBe(b.id);
    expect((await ctx.call('audit.list', { filter: { kind: 'reservation' }, limit: 1 })).rows[0].what)
      .toBe(`Bạn đọc nhận sách đặt trước «${TITLE}»: bản ${second}.`);
  });

  it('copies accessioned for a title readers wait for are listed to take from the shelf; scanned with no reader open, the first goes to the head of the queue', async () => {
    await reserve(hoa, trung);
    expect(await ctx.call('reservations.toPull', {})).toEqual([]);
    const batch = await ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'mua', lines: [{ titleId: titleId(), quantity: 2, unitPrice: 45_000 }] });
    await ctx.call('accession.confirm', { id: batch.id });
    const fresh = copies().slice(2);
    const pull = await ctx.call('reservations.toPull', {});
    // The head of the queue is offered the copy on the shelf at the desk; the second is not promised one ahead of her.
    expect((await ctx.call('reservations.list', { titleId: titleId() })).map((r) => [r.position, r.shelfCopy])).toEqual([[1, fresh[0]], [2, null]]);
    expect(pull.map((p) => [p.copyCode, p.title, p.waiting])).toEqual(fresh.map((code) => [code, TITLE, 2]));
    expect(pull[0].shelfMark).toMatch(/ \/ /);
    const scanned = await ctx.call('circulation.scan', { code: fresh[0] });
    expect(scanned).toMatchObject({ action: 'hold' });
    expect(copyStatus(fresh[0])).toBe('held');
    // One reader still waits, one copy still on the shelf for her.
    expect((await ctx.call('reservations.toPull', {})).map((p) => [p.copyCode, p.waiting])).toEqual([[fresh[1], 1]]);
  });

  it('a held copy is not written off: a biên bản xuất refuses it until the reservation is cancelled', async () => {
    await reserve(hoa);
    const [first] = copies();
    await ctx.call('circulation.return', { code: first });
    const copyId = one<{ id: number }>('SELECT id FROM copy WHERE accession_code = ?', first).id;
    const before = snapshot();
    const refused = await failure(ctx.call('withdrawal.saveDraft', { number: '01/BB', date: '2026-11-26', items: [{ copyId, reason: 'damaged' }] }));
    expect(refused).toEqual({ code: 'COPY_HELD', message: `Bản ${first} đang giữ cho Trương Kim Hoa — 6A1 (sách đặt trước). Hãy hủy đặt trước đó (ghi lý do) rồi mới xuất bản này.` });
    expect(snapshot()).toEqual(before);
  });

  it('a hold waits open days: Sundays and holidays are skipped, as for due dates', async () => {
    // Thursday 26/11/2026, 3 days: Fri 27, Sat 28, (Sun 29) Mon 30.
    expect(holdUntilFor('2026-11-26', 3, [])).toBe('2026-11-30');
    // With Saturday 28 and Monday 30 off: Fri 27, Tue 1, Wed 2.
    expect(holdUntilFor('2026-11-26', 3, ['2026-11-28', '2026-11-30'])).toBe('2026-12-02');
    // Through the desk, with the saved days off and the rule's hold days.
    await ctx.call('loanRules.saveHolidays', { dates: ['2026-11-28', '2026-11-30'] });
    const rule = (await ctx.call('loanRules.list', {})).find((p) => p.readerKind === 'student' && p.seriesCode === '*')!;
    await ctx.call('loanRules.save', { ...rule, holdDays: 2 });
    await reserve(hoa);
    const back = await ctx.call('circulation.return', { code: copies()[0] });
    expect(back.hold?.holdUntil).toBe('2026-12-01');
  });
});
