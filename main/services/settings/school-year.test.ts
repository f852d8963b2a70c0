import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { dispatch } from '../dispatch';

let ctx: TestContext;
beforeEach(async () => { ctx = await tempContext(); });
afterEach(async () => ctx.cleanup());

const settingRows = () => ctx.db.query('SELECT * FROM setting ORDER BY key');

describe('the school year is not edited in the settings (settings.saveSchool)', () => {
  it('saves the other fields, but refuses another school year in Vietnamese, naming "Chuyển năm học", and stores nothing', async () => {
    const school = await ctx.call('settings.getSchool', {});
    expect(school.schoolYear).toBe('2026-2027');
    await ctx.call('settings.saveSchool', { ...school, librarian: 'Lê Thị Mai' });
    const before = await settingRows();
    const r = await dispatch(ctx, 'settings.saveSchool', { ...school, librarian: 'Người khác', schoolYear: '2027-2028' });
    expect(r).toMatchObject({ ok: false, code: 'SCHOOL_YEAR_BY_ROLLOVER' });
    if (r.ok) return;
    expect(r.message).toContain('Năm học hiện tại là 2026-2027');
    expect(r.message).toContain('"Chuyển năm học" trong màn hình Bạn đọc');
    // The message is also the school-year field's own, so the form shows it there.
    expect(r.details).toEqual([{ path: ['schoolYear'], message: r.message }]);
    expect(await settingRows()).toEqual(before);
    expect(await ctx.call('settings.getSchool', {})).toMatchObject({ schoolYear: '2026-2027', librarian: 'Lê Thị Mai' });
  });

  it('after a rollover the form saves with the new year, and cannot take the old one back (the undo can)', async () => {
    await ctx.call('readers.rollover', { to: '2027-2028', confirm: '2027-2028' });
    const school = await ctx.call('settings.getSchool', {});
    expect(school.schoolYear).toBe('2027-2028');
    expect(await ctx.call('settings.saveSchool', { ...school, principal: 'Nguyễn Văn An' })).toMatchObject({ schoolYear: '2027-2028', principal: 'Nguyễn Văn An' });
    expect(await dispatch(ctx, 'settings.saveSchool', { ...school, schoolYear: '2026-2027' })).toMatchObject({ ok: false, code: 'SCHOOL_YEAR_BY_ROLLOVER' });
    expect((await ctx.call('settings.getSchool', {})).schoolYear).toBe('2027-2028');
  });
});
