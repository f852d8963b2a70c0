import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch';
import { tempContext, type TestContext } from '../../test-utils';

let ctx: TestContext;
afterEach(async () => ctx?.cleanup());

/** Five copies STK000001–STK000005 at 45.000 đ, and a draft biên bản holding three of them, given out of order. */
async function draftWithThree(c: TestContext) {
  const stk = (await c.call('settings.listSeries', {})).find((s) => s.code === 'STK')!;
  const t = await c.call('catalogue.saveTitle', { title: 'Dế Mèn phiêu lưu ký', authors: ['Tô Hoài'], seriesId: stk.id });
  const batch = await c.call('accession.saveDraft', { date: '2026-11-20', source: 'mua', lines: [{ titleId: t.id, quantity: 5, unitPrice: 45_000 }] });
  await c.call('accession.confirm', { id: batch.id });
  const { copies } = await c.call('withdrawal.resolveCopies', { text: 'STK000005 STK000001 STK000003' });
  const draft = await c.call('withdrawal.saveDraft', {
    number: '01/BB-TV', date: '2026-11-26', approvalDate: '2026-11-27', members: 'Nguyễn Văn An\nLê Thị Mai', decisionNumber: '15/QĐ-THCS', note: 'Thanh lọc cuối năm',
    items: [
      { copyId: copies[0].id, reason: 'damaged', reasonNote: 'rách gáy' },
      { copyId: copies[1].id, reason: 'outdated' },
      { copyId: copies[2].id, reason: 'other', reasonNote: 'trùng bản' },
    ],
  });
  return { draft, copies };
}

describe('withdrawal.get', () => {
  it('gives the biên bản with its copies in ĐKCB order, their reasons, prices and total; after confirming, the copies read withdrawn', async () => {
    ctx = await tempContext();
    const { draft, copies } = await draftWithThree(ctx);
    const w = await ctx.call('withdrawal.get', { id: draft.id });
    expect(w).toMatchObject({
      id: draft.id, status: 'draft', number: '01/BB-TV', date: '2026-11-26', approvalDate: '2026-11-27', members: 'Nguyễn Văn An\nLê Thị Mai',
      decisionNumber: '15/QĐ-THCS', note: 'Thanh lọc cuối năm', confirmedAt: null, totalValue: 135_000,
    });
    expect(w.items.map((i) => [i.accessionCode, i.reason, i.reasonNote, i.price, i.status, i.title])).toEqual([
      ['STK000001', 'outdated', '', 45_000, 'available', 'Dế Mèn phiêu lưu ký'],
      ['STK000003', 'other', 'trùng bản', 45_000, 'available', 'Dế Mèn phiêu lưu ký'],
      ['STK000005', 'damaged', 'rách gáy', 45_000, 'available', 'Dế Mèn phiêu lưu ký'],
    ]);
    expect(w.items.find((i) => i.accessionCode === 'STK000005')!.copyId).toBe(copies[0].id);

    await ctx.call('withdrawal.confirm', { id: draft.id });
    const after = await ctx.call('withdrawal.get', { id: draft.id });
    expect(after).toMatchObject({ status: 'confirmed', confirmedAt: '2026-11-26T02:00:00.000Z' });
    expect(after.items.map((i) => i.status)).toEqual(['withdrawn', 'withdrawn', 'withdrawn']);
  });

  it('says in Vietnamese when the biên bản does not exist', async () => {
    ctx = await tempContext();
    expect(await dispatch(ctx, 'withdrawal.get', { id: 77 })).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'Không tìm thấy biên bản này.' });
  });
});

describe('withdrawal.deleteDraft', () => {
  it('deletes a draft with its lines and leaves the copies as they were; a confirmed biên bản stays', async () => {
    ctx = await tempContext();
    const { draft } = await draftWithThree(ctx);
    const sql = ctx.sql;
    const count = (table: string) => sql.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();

    expect(await dispatch(ctx, 'withdrawal.deleteDraft', { id: draft.id })).toEqual({ ok: true, value: { ok: true } });
    expect([count('withdrawal'), count('withdrawal_item')]).toEqual([0, 0]);
    expect(await dispatch(ctx, 'withdrawal.get', { id: draft.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(sql.prepare("SELECT action, entity, entity_id AS id FROM audit_log WHERE entity = 'withdrawal' ORDER BY id DESC LIMIT 1").get())
      .toEqual({ action: 'delete', entity: 'withdrawal', id: draft.id });
    expect(sql.prepare("SELECT COUNT(*) FROM copy WHERE status = 'available' AND withdrawal_id IS NULL").pluck().get()).toBe(5);
    expect(await dispatch(ctx, 'withdrawal.deleteDraft', { id: draft.id })).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'Không tìm thấy biên bản này.' });

    const { copies } = await ctx.call('withdrawal.resolveCopies', { text: 'STK000002' });
    const kept = await ctx.call('withdrawal.saveDraft', { number: '02/BB-TV', date: '2026-11-28', items: [{ copyId: copies[0].id, reason: 'damaged' }] });
    await ctx.call('withdrawal.confirm', { id: kept.id });
    expect(await dispatch(ctx, 'withdrawal.deleteDraft', { id: kept.id }))
      .toMatchObject({ ok: false, code: 'ALREADY_CONFIRMED', message: 'Biên bản đã xác nhận thì không xóa được.' });
    expect((await ctx.call('withdrawal.get', { id: kept.id })).items.map((i) => i.accessionCode)).toEqual(['STK000002']);
  });
});
