import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch';
import { tempContext, type TestContext } from '../../test-utils';

let ctx: TestContext;
afterEach(async () => ctx?.cleanup());

/** Two titles in two series, one confirmed phiếu (register 1) with kept and new numbers, one later confirmed, one draft. */
async function threeBatches(c: TestContext) {
  const series = await c.call('settings.listSeries', {});
  const stk = series.find((s) => s.code === 'STK')!;
  const sgk = series.find((s) => s.code === 'SGK')!;
  const toan = await c.call('catalogue.saveTitle', { title: 'Toán 6', volume: 'Tập một', authors: ['Hà Huy Khoái'], seriesId: sgk.id, publicationYear: 2021 });
  const tudien = await c.call('catalogue.saveTitle', { title: 'Từ điển tiếng Việt', authors: ['Hoàng Phê'], seriesId: stk.id, publicationYear: 2021 });
  const first = await c.call('accession.saveDraft', {
    date: '2026-11-20', source: 'cap_phat', voucherNumber: 'PX-12', supplier: 'Phòng GD&ĐT', lines: [
      { titleId: toan.id, quantity: 2, unitPrice: 0, acquisitionMode: 'free', existingCodes: ['SGK50-SGK51'] },
      { titleId: tudien.id, quantity: 3, unitPrice: 120_000 },
    ],
  });
  await c.call('accession.confirm', { id: first.id });
  const second = await c.call('accession.saveDraft', { date: '2026-11-24', source: 'mua', lines: [{ titleId: tudien.id, quantity: 1, unitPrice: 125_000 }] });
  await c.call('accession.confirm', { id: second.id });
  const draft = await c.call('accession.saveDraft', { date: '2026-11-25', source: 'bieu_tang', supplier: 'Hội cha mẹ học sinh', lines: [{ titleId: tudien.id, quantity: 4, unitPrice: 0 }] });
  return { toan, tudien, first, second, draft };
}

describe('accession.list', () => {
  it('lists drafts first, then confirmed phiếu from the latest Sổ ĐKTQ number down, with their ĐKCB ranges; filters by status and limits', async () => {
    ctx = await tempContext();
    const { first, second, draft } = await threeBatches(ctx);
    const list = await ctx.call('accession.list', {});
    expect(list.map((b) => [b.id, b.status, b.registerNumber])).toEqual([
      [draft.id, 'draft', null], [second.id, 'confirmed', 2], [first.id, 'confirmed', 1],
    ]);
    expect(list[2]).toMatchObject({
      date: '2026-11-20', source: 'cap_phat', voucherNumber: 'PX-12', supplier: 'Phòng GD&ĐT', totalCopies: 5, totalValue: 360_000,
      firstCode: 'SGK50', lastCode: 'STK000003', codeRanges: 'SGK50–SGK51, STK000001–STK000003', confirmedAt: '2026-11-26T02:00:00.000Z',
    });
    expect(list[1]).toMatchObject({ codeRanges: 'STK000004', totalCopies: 1, totalValue: 125_000 });
    // A draft holds no numbers yet; the list never carries the lines.
    expect(list[0]).toMatchObject({ totalCopies: 4, codeRanges: '', firstCode: null, lastCode: null, confirmedAt: null });
    expect(list.every((b) => !('lines' in b))).toBe(true);

    expect((await ctx.call('accession.list', { status: 'draft' })).map((b) => b.id)).toEqual([draft.id]);
    expect((await ctx.call('accession.list', { status: 'confirmed' })).map((b) => b.id)).toEqual([second.id, first.id]);
    expect((await ctx.call('accession.list', { status: 'confirmed', limit: 1 })).map((b) => b.id)).toEqual([second.id]);
  });

  it('refuses a limit out of range and an unknown status', async () => {
    ctx = await tempContext();
    expect(await dispatch(ctx, 'accession.list', { limit: 0 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await dispatch(ctx, 'accession.list', { status: 'cancelled' } as never)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});

describe('accession.get', () => {
  it('gives a confirmed phiếu with each line named with its volume, its series, kept numbers and the ĐKCB handed out', async () => {
    ctx = await tempContext();
    const { toan, tudien, first, draft } = await threeBatches(ctx);
    const batch = await ctx.call('accession.get', { id: first.id });
    expect(batch).toMatchObject({ id: first.id, status: 'confirmed', registerNumber: 1, codeRanges: 'SGK50–SGK51, STK000001–STK000003' });
    expect(batch.lines).toEqual([
      { id: expect.any(Number), titleId: toan.id, title: 'Toán 6 – Tập một', seriesCode: 'SGK', quantity: 2, unitPrice: 0, acquisitionMode: 'free',
        existingCodes: ['SGK50', 'SGK51'], codes: ['SGK50', 'SGK51'] },
      { id: expect.any(Number), titleId: tudien.id, title: 'Từ điển tiếng Việt', seriesCode: 'STK', quantity: 3, unitPrice: 120_000, acquisitionMode: 'purchase',
        existingCodes: null, codes: ['STK000001', 'STK000002', 'STK000003'] },
    ]);

    // A draft shows its lines but no codes.
    const d = await ctx.call('accession.get', { id: draft.id });
    expect(d).toMatchObject({ status: 'draft', registerNumber: null, supplier: 'Hội cha mẹ học sinh' });
    expect(d.lines.map((l) => [l.title, l.quantity, l.codes])).toEqual([['Từ điển tiếng Việt', 4, []]]);
  });

  it('says in Vietnamese when the phiếu does not exist', async () => {
    ctx = await tempContext();
    expect(await dispatch(ctx, 'accession.get', { id: 4242 })).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'Không tìm thấy phiếu nhập này.' });
  });
});
