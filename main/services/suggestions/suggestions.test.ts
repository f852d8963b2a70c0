import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOf } from '../../db/sql';
import { tempContext, type TestContext } from '../../test-utils';
import { addSuggestion } from './suggestions';

let ctx: TestContext;
beforeAll(async () => { ctx = await tempContext(); }, 60_000);
afterAll(async () => ctx?.cleanup());

const count = () => (sqlOf(ctx.db).prepare('SELECT COUNT(*) AS n FROM suggestion').get() as { n: number }).n;
const audits = (action: string) => sqlOf(ctx.db).prepare('SELECT entity_id AS id, details FROM audit_log WHERE action = ? ORDER BY id').all(action) as { id: number; details: string }[];

describe('addSuggestion (the OPAC entry) and suggestions.add', () => {
  it('stores a typed suggestion as "new", with clean text, audited', async () => {
    const s = await ctx.call('suggestions.add', { title: '  Dế Mèn   phiêu lưu ký ', author: 'Tô Hoài', who: 'cô Lan, GV Ngữ văn', why: 'Dạy bài đọc lớp 6' });
    expect(s).toMatchObject({ title: 'Dế Mèn phiêu lưu ký', author: 'Tô Hoài', who: 'cô Lan, GV Ngữ văn', source: 'typed', status: 'new', planLineId: null });
    expect(s.createdAt).toBe(ctx.now().toISOString());
    expect(audits('suggestion.add').map((a) => a.id)).toContain(s.id);
  });

  it('the plain function takes the OPAC source and validates on its own', () => {
    const s = addSuggestion(ctx, { title: 'Hoàng tử bé', who: 'Em Minh, lớp 7A' }, 'opac');
    expect(s).toMatchObject({ source: 'opac', author: '', why: '', status: 'new' });
    const before = count();
    expect(() => addSuggestion(ctx, { title: '   ' }, 'opac')).toThrow('Hãy nhập nhan đề sách đề xuất.');
    expect(() => addSuggestion(ctx, { title: 'x'.repeat(301) }, 'opac')).toThrow('Nhan đề tối đa 300 ký tự.');
    expect(() => addSuggestion(ctx, { title: 'Sách', why: 'y'.repeat(1001) }, 'opac')).toThrow('Lý do tối đa 1000 ký tự.');
    expect(() => addSuggestion(ctx, { title: 'Sách', who: 'z'.repeat(121) }, 'opac')).toThrow('Người đề xuất tối đa 120 ký tự.');
    expect(() => addSuggestion(ctx, { title: 'Sách' }, 'web' as 'opac')).toThrow('Nguồn đề xuất không hợp lệ.');
    expect(count()).toBe(before);
  });

  it('suggestions.add refuses a missing title through the contract', async () => {
    await expect(ctx.call('suggestions.add', { title: '' })).rejects.toThrow('Hãy nhập nhan đề sách đề xuất.');
  });
});

describe('suggestions.list and suggestions.setStatus', () => {
  it('lists newest first and filters by status', async () => {
    const all = await ctx.call('suggestions.list', {});
    expect(all.map((s) => s.title)).toEqual(['Hoàng tử bé', 'Dế Mèn phiêu lưu ký']);
    expect(await ctx.call('suggestions.list', { status: 'rejected' })).toEqual([]);
  });

  it('moves a suggestion to "Không mua" and back, audited; a plan line only with "planned"', async () => {
    const [hoangTu] = await ctx.call('suggestions.list', {});
    const rejected = await ctx.call('suggestions.setStatus', { id: hoangTu.id, status: 'rejected' });
    expect(rejected).toMatchObject({ status: 'rejected', planLineId: null });
    expect((await ctx.call('suggestions.list', { status: 'rejected' })).map((s) => s.id)).toEqual([hoangTu.id]);
    await expect(ctx.call('suggestions.setStatus', { id: hoangTu.id, status: 'new', planLineId: 5 })).rejects.toThrow('Chỉ đề xuất "Đã đưa vào kế hoạch"');
    const planned = await ctx.call('suggestions.setStatus', { id: hoangTu.id, status: 'planned', planLineId: 7 });
    expect(planned).toMatchObject({ status: 'planned', planLineId: 7 });
    await expect(ctx.call('suggestions.setStatus', { id: 9999, status: 'new' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const a = audits('suggestion.status').map((r) => JSON.parse(r.details));
    expect(a).toEqual([
      { before: { status: 'new', planLineId: null }, after: { status: 'rejected', planLineId: null } },
      { before: { status: 'rejected', planLineId: null }, after: { status: 'planned', planLineId: 7 } },
    ]);
  });
});
