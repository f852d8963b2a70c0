import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../test-utils';
import { dispatch } from './dispatch';

let ctx: TestContext;
beforeEach(async () => { ctx = await tempContext(); });
afterEach(async () => ctx.cleanup());

describe('contract dispatch', () => {
  it('rejects malformed input with a Vietnamese message and writes nothing', async () => {
    const before = await ctx.query('SELECT COUNT(*) AS n FROM setting');
    const bad = await dispatch(ctx, 'settings.saveSchool', {
      managingBody: 'UBND', schoolName: 'THCS An Vĩnh', place: 'Lý Sơn', schoolYear: '2026-2028',
      schoolYearStart: '2026-09-05', schoolYearEnd: '2027-05-31',
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toContain('Năm học phải gồm hai năm liên tiếp');
    expect(await ctx.query('SELECT COUNT(*) AS n FROM setting')).toEqual(before);

    const wrongType = await dispatch(ctx, 'settings.saveSeries', { code: 'STK', name: 'x', prefix: 'STK', padding: 'sáu' });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.message).toBe('Số chữ số: cần một số');
  });

  it('names the field as the screens do, never by its key, and reads typed numbers strictly', async () => {
    const isbn = await dispatch(ctx, 'catalogue.findByIsbn', { isbn: 12 });
    expect(isbn.ok).toBe(false);
    if (!isbn.ok) {
      expect(isbn.message).not.toMatch(/trường isbn|\(trường|isbn\)|mong đợi|string|number/);
      expect(isbn.message).toContain('ISBN');
    }
    const year = await dispatch(ctx, 'readers.rollover', { to: '2027' });
    expect(year.ok).toBe(false);
    if (!year.ok) expect(year.message).not.toMatch(/schoolYear|\bto\b|trường/);

    const series = (await ctx.call('settings.listSeries', {}))[0];
    const before = await ctx.query('SELECT COUNT(*) AS n FROM title');
    for (const [field, typed] of [['coverPrice', '45,0x'], ['publicationYear', '20x2'], ['pages', 'abc']] as const) {
      const r = await dispatch(ctx, 'catalogue.saveTitle', { title: 'Sách thử', seriesId: series.id, [field]: typed });
      expect(r.ok, field).toBe(false);
      if (!r.ok) expect(r.message).toContain(`"${typed}"`);
    }
    expect(await ctx.query('SELECT COUNT(*) AS n FROM title')).toEqual(before);
    const saved = await ctx.call('catalogue.saveTitle', { title: 'Sách thử', seriesId: series.id, coverPrice: '45,000', publicationYear: '2022', pages: '1.200' });
    expect([saved.coverPrice, saved.publicationYear, saved.pages]).toEqual([45000, 2022, 1200]);
  });

  it('refuses unknown methods', async () => {
    const r = await dispatch(ctx, 'db.dropEverything', {});
    expect(r).toMatchObject({ ok: false, code: 'UNKNOWN_METHOD' });
  });

  it('saves and reads school settings (stored as NFC)', async () => {
    const decomposed = 'TRƯỜNG THCS AN VĨNH'.normalize('NFD');
    const saved = await ctx.call('settings.saveSchool', {
      managingBody: 'UBND ĐẶC KHU LÝ SƠN', schoolName: decomposed, place: 'Lý Sơn', schoolYear: '2026-2027',
      schoolYearStart: '2026-09-05', schoolYearEnd: '2027-05-31',
    });
    expect(saved.schoolName).toBe('TRƯỜNG THCS AN VĨNH'.normalize('NFC'));
    expect((await ctx.call('settings.getSchool', {})).schoolName).toBe(saved.schoolName);
  });

  it('keeps the ĐKCB format of a series once numbers were handed out', async () => {
    const [stk] = (await ctx.call('settings.listSeries', {})).filter((s) => s.code === 'STK');
    await ctx.query('UPDATE collection_series SET next_number = 5 WHERE id = ?', [stk.id]);
    await expect(ctx.call('settings.saveSeries', { ...stk, prefix: 'TK' })).rejects.toThrow(/không đổi được tiền tố/);
    const renamed = await ctx.call('settings.saveSeries', { ...stk, name: 'Sách tham khảo chung' });
    expect(renamed).toMatchObject({ name: 'Sách tham khảo chung', prefix: 'STK', nextNumber: 5 });
  });
});

describe('desktop-only file actions', () => {
  it('answer DESKTOP_ONLY in browser mode and never leave the exports folder', async () => {
    const r = await dispatch(ctx, 'files.open', { fileName: '../kesach.db' });
    expect(r).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    const fs = await import('node:fs');
    const path = await import('node:path');
    fs.writeFileSync(path.join(ctx.dataDir, 'exports', 'x.pdf'), '%PDF');
    expect(await dispatch(ctx, 'files.print', { fileName: 'x.pdf' })).toMatchObject({ ok: false, code: 'DESKTOP_ONLY' });
  });
});
