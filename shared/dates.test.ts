import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDayMonth, isMonthDay, parseDayMonth, parseViDate } from './dates';

describe('parseViDate (what a person types in a date field)', () => {
  it('reads day first, with /, - or . and without leading zeros', () => {
    expect(parseViDate('30/11/2026')).toEqual({ ok: true, iso: '2026-11-30' });
    expect(parseViDate('1/2/2027')).toEqual({ ok: true, iso: '2027-02-01' });
    expect(parseViDate(' 05-09-2026 ')).toEqual({ ok: true, iso: '2026-09-05' });
    expect(parseViDate('05.09.2026')).toEqual({ ok: true, iso: '2026-09-05' });
    expect(parseViDate('05 / 09 / 2026')).toEqual({ ok: true, iso: '2026-09-05' });
  });

  it('reads eight digits as ddmmyyyy and a pasted ISO date', () => {
    expect(parseViDate('30112026')).toEqual({ ok: true, iso: '2026-11-30' });
    expect(parseViDate('2026-11-30')).toEqual({ ok: true, iso: '2026-11-30' });
  });

  it('never takes the American order: 11/30/2026 is refused, not swapped', () => {
    const r = parseViDate('11/30/2026');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('Không có tháng 30. Hãy gõ ngày/tháng/năm, ví dụ 30/11/2026.');
  });

  it('refuses days that do not exist, with the month named', () => {
    expect(parseViDate('31/02/2027')).toEqual({ ok: false, message: 'Tháng 2/2027 không có ngày 31.' });
    expect(parseViDate('29/02/2028')).toEqual({ ok: true, iso: '2028-02-29' });
    expect(parseViDate('00/01/2027').ok).toBe(false);
  });

  it('refuses unreadable text instead of emptying it', () => {
    expect(parseViDate('mai')).toEqual({ ok: false, message: 'Không đọc được ngày "mai". Hãy gõ ngày/tháng/năm, ví dụ 30/11/2026.' });
    expect(parseViDate('30/11/26').ok).toBe(false);
    expect(parseViDate('30/11').ok).toBe(false);
    expect(parseViDate('30/11/0026').ok).toBe(false);
  });

  it('empty is empty (the form decides whether the date is required)', () => {
    expect(parseViDate('')).toEqual({ ok: true, iso: '' });
    expect(parseViDate('   ')).toEqual({ ok: true, iso: '' });
  });
});

describe('a yearly day typed day first', () => {
  it('reads 12/06, 12/6, 12-06 and 1.6 as month-day, and shows it back day first', () => {
    expect(parseDayMonth('12/06')).toEqual({ ok: true, monthDay: '06-12' });
    expect(parseDayMonth(' 12/6 ')).toEqual({ ok: true, monthDay: '06-12' });
    expect(parseDayMonth('12-06')).toEqual({ ok: true, monthDay: '06-12' });
    expect(parseDayMonth('1.6')).toEqual({ ok: true, monthDay: '06-01' });
    expect(parseDayMonth('29/02')).toEqual({ ok: true, monthDay: '02-29' });
    expect(formatDayMonth('06-12')).toBe('12/06');
  });

  it('refuses what is not a day of the year, with a Vietnamese message', () => {
    for (const bad of ['06/13', '31/04', '30/02', '12', 'abc', '12/06/2027']) {
      const parsed = parseDayMonth(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/ngày|tháng/);
    }
  });

  it('the stored form is checked by month and day, not by shape only', () => {
    expect(isMonthDay('06-12')).toBe(true);
    expect(isMonthDay('02-29')).toBe(true);
    expect(isMonthDay('13-01')).toBe(false);
    expect(isMonthDay('02-30')).toBe(false);
    expect(isMonthDay('6-12')).toBe(false);
  });
});

describe('an instant for people', () => {
  it('dd/mm/yyyy HH:mm, with seconds where two rows of one minute must not read the same (the backup list)', () => {
    const closing = new Date(2026, 10, 26, 16, 2, 5);
    expect(formatDateTime(closing)).toBe('26/11/2026 16:02');
    expect(formatDateTime(closing, { seconds: true })).toBe('26/11/2026 16:02:05');
    expect(formatDateTime(new Date(2026, 10, 26, 16, 2, 41), { seconds: true })).not.toBe(formatDateTime(closing, { seconds: true }));
  });
});
