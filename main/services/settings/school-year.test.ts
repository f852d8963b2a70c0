import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { dispatch } from '../dispatch';
import { generateDemo } from '../demo';

let ctx: TestContext;
beforeEach(async () => { ctx = await tempContext(); });
afterEach(async () => ctx.cleanup());

const settingRows = () => ctx.query('SELECT * FROM setting ORDER BY key');

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

describe("a fresh install's school year follows today's date (a year begins on 1 August)", () => {
  // openContext is how `init`, `demo`, the app and browser mode open a database: one path for all of them.
  it.each([
    ['2027-10-15T10:00:00+07:00', '2027-2028', '2027-09-05', '2028-05-31'],
    ['2027-03-15T10:00:00+07:00', '2026-2027', '2026-09-05', '2027-05-31'],
    ['2027-08-01T08:00:00+07:00', '2027-2028', '2027-09-05', '2028-05-31'],
  ])('installed on %s → %s', async (at, year, start, end) => {
    const fresh = await tempContext({ now: new Date(at) });
    try {
      expect(await fresh.call('settings.getSchool', {})).toMatchObject({ schoolYear: year, schoolYearStart: start, schoolYearEnd: end });
      // Stored at install: a later day does not move it (only "Chuyển năm học" does).
      const stored = await fresh.query("SELECT value FROM setting WHERE key = 'school'") as { value: string }[];
      expect(JSON.parse(stored[0].value)).toMatchObject({ schoolYear: year });
    } finally {
      await fresh.cleanup();
    }
  });

  it('demo fills the library in the year of its clock', async () => {
    const fresh = await tempContext({ now: new Date('2027-10-15T10:00:00+07:00') });
    try {
      await generateDemo(fresh.sql, { seed: 1, copies: 200, students: 30, teachers: 4, loans: 20, titles: 60, now: fresh.now() });
      expect((await fresh.call('settings.getSchool', {})).schoolYear).toBe('2027-2028');
      expect((await fresh.call('readers.classes', {})).length).toBeGreaterThan(0);
    } finally {
      await fresh.cleanup();
    }
  });
});
