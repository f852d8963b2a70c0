import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';

/** Đặt trước (issue 22): placing, refusing, cancelling and listing, over the desk contract. */

let ctx: TestContext;
const one = <T>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).get(...params) as T;
const readerId = (code: string) => one<{ id: number }>('SELECT id FROM reader WHERE code = ?', code).id;
const titleId = (title: string) => one<{ id: number }>('SELECT id FROM title WHERE title = ?', title).id;
const copiesOf = (title: string) => (ctx.sql.prepare('SELECT accession_code AS code FROM copy WHERE title_id = ? ORDER BY id').all(titleId(title)) as { code: string }[]).map((c) => c.code);
const count = (table: string) => one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).n;
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: Error & { code: string }) => ({ code: e.code, message: e.message }));

const TITLE = 'Tuổi thơ dữ dội'; // two copies
let hoa: number, trung: number, tai: number;

beforeEach(async () => {
  ctx = await tempContext(); // Thursday 26/11/2026
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  [hoa, trung, tai] = ['220561001', '220561002', '220561003'].map(readerId);
});
afterEach(async () => ctx.cleanup());

/** Lends every copy of the title to other readers (ids past the first few of the class list). */
async function lendAllOut(title = TITLE) {
  const others = (ctx.sql.prepare("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 10 OFFSET 20").all() as { id: number }[]).map((r) => r.id);
  for (const [i, code] of copiesOf(title).entries()) await ctx.call('circulation.checkout', { readerId: others[i], code });
}

describe('placing a reservation', () => {
  it('queues readers in the order they reserve, with positions, and audits who', async () => {
    await lendAllOut();
    const a = await ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: hoa });
    const b = await ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: trung });
    expect([a.position, b.position]).toEqual([1, 2]);
    expect(a).toMatchObject({ status: 'waiting', title: TITLE, readerName: 'Trương Kim Hoa', className: '6A1', copyCode: null, holdUntil: null });
    const list = await ctx.call('reservations.list', { titleId: titleId(TITLE) });
    expect(list.map((r) => [r.readerName, r.position])).toEqual([['Trương Kim Hoa', 1], ['Trần Đức Trung', 2]]);
    const log = await ctx.call('audit.list', { filter: { kind: 'reservation' }, limit: 10 });
    expect(log.rows.map((r) => r.what)).toEqual([
      `Đặt trước «${TITLE}» (thứ 2 trong hàng chờ).`, `Đặt trước «${TITLE}» (thứ 1 trong hàng chờ).`,
    ]);
    expect(ctx.events.filter((e) => e.event === 'reservations.changed')).toHaveLength(2);
  });

  it('a waiting reservation says when a copy is due back (an overdue one first) and when no copy is left to lend', async () => {
    await lendAllOut();
    const [first] = copiesOf(TITLE);
    ctx.sql.prepare("UPDATE loan SET due_at = '2026-11-20' WHERE returned_at IS NULL AND copy_id = (SELECT id FROM copy WHERE accession_code = ?)").run(first);
    await ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: hoa });
    const [waiting] = await ctx.call('reservations.list', { titleId: titleId(TITLE) });
    expect(waiting).toMatchObject({ copiesInStock: 2, nextDueAt: '2026-11-20' });
    // Both borrowers lose their copies: nobody can be served until the library buys another.
    const loans = ctx.sql.prepare('SELECT l.id FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.title_id = ? AND l.returned_at IS NULL').all(titleId(TITLE)) as { id: number }[];
    for (const l of loans) await ctx.call('circulation.markLost', { loanId: l.id, compensation: 'none' });
    const [stranded] = await ctx.call('reservations.list', { titleId: titleId(TITLE) });
    expect(stranded).toMatchObject({ status: 'waiting', copiesInStock: 0, nextDueAt: null });
  });

  it('refuses, changing nothing, a title with a copy on the shelf — and says where that copy is', async () => {
    await ctx.call('circulation.checkout', { readerId: trung, code: copiesOf(TITLE)[0] });
    ctx.sql.prepare("UPDATE copy SET location = 'Kho B — Kệ 3' WHERE accession_code = ?").run(copiesOf(TITLE)[1]);
    const before = [count('reservation'), count('audit_log')];
    const e = await failure(ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: hoa }));
    expect(e.code).toBe('COPY_ON_SHELF');
    expect(e.message).toBe(`«${TITLE}» còn 1 bản trên giá (bản ${copiesOf(TITLE)[1]}, kho/kệ Kho B — Kệ 3, ký hiệu xếp giá 895.9223 / PHU): hãy lấy sách trên giá, không cần đặt trước.`);
    expect([count('reservation'), count('audit_log')]).toEqual(before);
  });

  it('refuses a title the reader holds, one already reserved, an inactive reader, a kind that may not reserve, and over the count', async () => {
    await lendAllOut();
    await lendAllOut('Búp sen xanh');
    await lendAllOut('Góc sân và khoảng trời');
    const held = copiesOf(TITLE)[0];
    // The reader holds a copy of it.
    const holder = one<{ id: number; name: string }>('SELECT l.reader_id AS id, r.full_name AS name FROM loan l JOIN copy c ON c.id = l.copy_id JOIN reader r ON r.id = l.reader_id WHERE c.accession_code = ?', held);
    expect(await failure(ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: holder.id })))
      .toEqual({ code: 'ALREADY_ON_LOAN', message: `${holder.name} đang mượn bản ${held} của «${TITLE}», không cần đặt trước.` });
    await ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: hoa });
    expect(await failure(ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: hoa })))
      .toEqual({ code: 'ALREADY_RESERVED', message: `Trương Kim Hoa đã đặt trước «${TITLE}» (đang chờ, thứ 1 trong hàng).` });
    // Students may hold 2 reservations by default.
    await ctx.call('reservations.place', { titleId: titleId('Búp sen xanh'), readerId: hoa });
    expect(await failure(ctx.call('reservations.place', { titleId: titleId('Góc sân và khoảng trời'), readerId: hoa })))
      .toEqual({ code: 'RESERVE_LIMIT', message: 'Trương Kim Hoa đã đặt trước 2 đầu sách, tối đa 2 theo quy định mượn.' });
    ctx.sql.prepare('UPDATE reader SET active = 0 WHERE id = ?').run(tai);
    expect((await failure(ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: tai }))).message)
      .toBe('Bạn đọc Phạm Quốc Tài đã thôi hoạt động (thẻ hết hạn), không đặt trước được.');
    const rule = (await ctx.call('loanRules.list', {})).find((p) => p.readerKind === 'student' && p.seriesCode === '*')!;
    expect(rule).toMatchObject({ maxReservations: 2, holdDays: 3 });
    await ctx.call('loanRules.save', { ...rule, maxReservations: 0 });
    expect(await failure(ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: trung })))
      .toEqual({ code: 'RESERVE_NOT_ALLOWED', message: 'Quy định mượn không cho học sinh đặt trước sách.' });
    expect(count('reservation')).toBe(2);
  });
});

describe('cancelling', () => {
  it('needs a reason, closes the reservation, moves the queue up and names the reason in the Nhật ký', async () => {
    await lendAllOut();
    const a = await ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: hoa });
    await ctx.call('reservations.place', { titleId: titleId(TITLE), readerId: trung });
    expect((await failure(ctx.call('reservations.cancel', { id: a.id, reason: '  ' }))).message).toContain('Hãy ghi lý do hủy đặt trước.');
    const cancelled = await ctx.call('reservations.cancel', { id: a.id, reason: 'Em đã mượn được sách của bạn' });
    expect(cancelled).toMatchObject({ status: 'cancelled', position: null, closedReason: 'Em đã mượn được sách của bạn' });
    expect((await ctx.call('reservations.list', { titleId: titleId(TITLE) })).map((r) => [r.readerName, r.position])).toEqual([['Trần Đức Trung', 1]]);
    expect((await failure(ctx.call('reservations.cancel', { id: a.id, reason: 'lần nữa' }))).code).toBe('RESERVATION_CLOSED');
    const log = await ctx.call('audit.list', { filter: { kind: 'reservation' }, limit: 1 });
    expect(log.rows[0].what).toBe(`Hủy đặt trước «${TITLE}». Lý do: Em đã mượn được sách của bạn.`);
  });
});
