import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { describeAudit } from '../audit/describe';
import { getOpacSettings } from '../opac/settings';
import { addSuggestion, opacSuggestionBox } from './suggestions';

let ctx: TestContext;
beforeAll(async () => { ctx = await tempContext(); }, 60_000);
afterAll(async () => ctx?.cleanup());

const count = () => (ctx.sql.prepare('SELECT COUNT(*) AS n FROM suggestion').get() as { n: number }).n;
const audits = (action: string) => ctx.sql.prepare('SELECT entity_id AS id, details FROM audit_log WHERE action = ? ORDER BY id').all(action) as { id: number; details: string }[];

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

describe('suggestions a phone cannot flood the inbox with (issue 17 case 8)', () => {
  it('merges identical suggestions into one row with a count; an OPAC one writes no audit row', async () => {
    const auditRows = () => ctx.sql.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
    const before = { rows: count(), audit: auditRows() };
    const first = addSuggestion(ctx, { title: 'Kính vạn hoa', author: 'Nguyễn Nhật Ánh', who: 'Em Hà, 6A2' }, 'opac');
    const again = addSuggestion(ctx, { title: '  kinh VAN hoa ', author: 'nguyen nhat anh' }, 'opac');
    expect(again).toMatchObject({ id: first.id, count: 2, title: 'Kính vạn hoa', who: 'Em Hà, 6A2' });
    expect(again.lastAt).toBe(ctx.now().toISOString());
    addSuggestion(ctx, { title: 'Kính vạn hoa', author: 'Tô Hoài' }, 'opac'); // another author: another suggestion
    expect(count()).toBe(before.rows + 2);
    expect(auditRows()).toBe(before.audit);
    const inbox = await ctx.call('suggestions.list', {});
    expect(inbox.filter((s) => s.title === 'Kính vạn hoa').map((s) => s.count).sort()).toEqual([1, 2]);
  });

  it('takes at most the day\'s cap from the OPAC over all devices (a setting, 50 by default), then refuses in Vietnamese', async () => {
    expect((await ctx.call('opac.status', {})).settings.suggestionsPerDay).toBe(50);
    await expect(ctx.call('opac.saveSettings', { enabled: false, host: '0.0.0.0', port: 8080, suggestionsPerDay: -1 }))
      .rejects.toThrow(/^Số đề xuất mỗi ngày là một số từ 0 đến 1\.000\.$/);
    await expect(ctx.call('opac.saveSettings', { enabled: false, host: '0.0.0.0', port: Number.NaN })).rejects.toThrow(/^Cổng là một số từ 1024 đến 65535\.$/);
    await ctx.call('opac.saveSettings', { enabled: false, host: '0.0.0.0', port: 8080, suggestionsPerDay: 3 });
    let now = new Date('2026-12-02T08:00:00+07:00');
    const day = Object.assign(Object.create(ctx) as TestContext, { now: () => now });
    const box = opacSuggestionBox(day, () => getOpacSettings(ctx.sql).suggestionsPerDay);
    const before = count();
    for (let i = 0; i < 3; i++) box({ title: `Sách số ${i}` });
    expect(() => box({ title: 'Sách số 3' })).toThrow('Hôm nay thư viện đã nhận đủ đề xuất qua mạng');
    expect(() => box({ title: 'Sách số 0' })).toThrow('Hôm nay thư viện đã nhận đủ đề xuất qua mạng');
    expect(count()).toBe(before + 3);
    // A new box (the OPAC restarted) starts from the rows already created today.
    expect(() => opacSuggestionBox(day, () => 3)({ title: 'Sách số 4' })).toThrow('đã nhận đủ');
    now = new Date('2026-12-03T08:00:00+07:00');
    expect(box({ title: 'Sách số 4' }).status).toBe('new');
  });

  it('the librarian marks spam: it leaves the inbox in one audited action naming how many, and identical ones join it there', async () => {
    const a = addSuggestion(ctx, { title: 'Sách bậy bạ 1' }, 'opac');
    const b = addSuggestion(ctx, { title: 'Sách bậy bạ 2' }, 'opac');
    expect(await ctx.call('suggestions.markSpam', { ids: [a.id, b.id] })).toEqual({ marked: 2 });
    const inbox = (await ctx.call('suggestions.list', {})).map((s) => s.id);
    expect(inbox).not.toContain(a.id);
    expect((await ctx.call('suggestions.list', { status: 'spam' })).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    const rows = audits('suggestion.spam');
    expect(rows).toHaveLength(1);
    expect(describeAudit('suggestion.spam', 'suggestion', rows[0].details)).toBe('Đánh dấu 2 đề xuất mua sách là thư rác, bỏ khỏi hộp đề xuất.');
    const again = addSuggestion(ctx, { title: 'sach bay ba 1' }, 'opac');
    expect(again).toMatchObject({ id: a.id, status: 'spam', count: 2 });
    await expect(ctx.call('suggestions.markSpam', { ids: [a.id] })).rejects.toThrow('Không có đề xuất mới nào');
  });
});
