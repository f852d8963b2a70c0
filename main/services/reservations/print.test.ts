import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../../shared/dates';
import { pdfText } from '../../../tests/pdf-read';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';

/** The reservations' two prints over the desk contract: the hold slip and "Phiếu báo sách đã về", read back. */

let ctx: TestContext;
const TITLE = 'Tuổi thơ dữ dội'; // two copies
const rows = async <T>(sql: string, ...params: unknown[]) => (await ctx.query(sql, params)) as T[];
let title: number, copies: string[], hoa: number, trung: number;

beforeAll(async () => {
  ctx = await tempContext();
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  const readerId = async (code: string) => (await rows<{ id: number }>('SELECT id FROM reader WHERE code = ?', code))[0].id;
  [hoa, trung] = [await readerId('220561001'), await readerId('220561002')];
  title = (await rows<{ id: number }>('SELECT id FROM title WHERE title = ?', TITLE))[0].id;
  copies = (await rows<{ code: string }>('SELECT accession_code AS code FROM copy WHERE title_id = ? ORDER BY id', title)).map((c) => c.code);
  const others = (await rows<{ id: number }>("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 2 OFFSET 20")).map((r) => r.id);
  for (const [i, code] of copies.entries()) await ctx.call('circulation.checkout', { readerId: others[i], code });
});
afterAll(async () => ctx.cleanup());

describe('reservations.slipPdf and reservations.noticesPdf', () => {
  it('print the ready hold with its reader, class, copy and last day; refuse a reservation that is not ready; follow a cancel', async () => {
    const a = await ctx.call('reservations.place', { titleId: title, readerId: hoa });
    const b = await ctx.call('reservations.place', { titleId: title, readerId: trung });
    await ctx.call('circulation.return', { code: copies[0] });
    const [ready] = await ctx.call('reservations.list', { status: 'ready' });
    expect(ready).toMatchObject({ id: a.id, copyCode: copies[0] });
    const until = formatDate(ready.holdUntil);

    const slip = await pdfText((await ctx.call('reservations.slipPdf', { ids: [] })).path);
    expect(slip).toContain('Giữ cho Trương Kim Hoa — 6A1');
    expect(slip).toContain(`đến hết ${until}`);
    expect(slip).toContain(`Số ĐKCB: ${copies[0]}`);
    expect(slip).toContain(TITLE);
    expect(await pdfText((await ctx.call('reservations.slipPdf', { ids: [a.id] })).path)).toBe(slip);

    // Per class, the class typed in any case; another class has nobody waiting.
    const notices = await pdfText((await ctx.call('reservations.noticesPdf', { className: '6a1' })).path);
    expect(notices).toContain('PHIẾU BÁO SÁCH ĐÃ VỀ');
    expect(notices).toContain('Trương Kim Hoa, lớp 6A1');
    expect(notices).toMatch(new RegExp(`${copies[0]}\\s+${TITLE}\\s+${until.replace(/\//g, '\\/')}`));
    expect(await pdfText((await ctx.call('reservations.noticesPdf', { className: '9A9' })).path)).toContain('Không có sách đặt trước nào đang chờ bạn đọc đến nhận.');

    // B only waits: no slip for B's reservation.
    await expect(ctx.call('reservations.slipPdf', { ids: [b.id] })).rejects.toMatchObject({ code: 'RESERVATION_NOT_READY' });

    // A cancels: the copy passes to B; A's slip is refused, the shelf's slips name B.
    await ctx.call('reservations.cancel', { id: a.id, reason: 'Bạn đọc không cần nữa' });
    await expect(ctx.call('reservations.slipPdf', { ids: [a.id] })).rejects.toThrow('Sách này không còn được giữ');
    const now = await pdfText((await ctx.call('reservations.slipPdf', { ids: [] })).path);
    expect(now).toContain('Giữ cho Trần Đức Trung — 6A1');
    expect(now).not.toContain('Trương Kim Hoa');
  });
});
