import { schoolInfo, type SchoolInfo } from '../../../shared/contract';
import { schoolYearOf, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import type { Sql } from '../../db/sql';
import { putSettingValue, settingValue, settingValues } from '../../db/queries/settings';
import { putSettingAudited, changedFields } from './store';

/**
 * The school settings of a fresh install on `now`'s date: its school year is the one `now` falls in (a
 * new year begins on 1 August, `shared/dates.ts`), teaching from 5 September to 31 May. A school
 * installing in October 2027 starts in 2027-2028, not in a year written into the code.
 */
export function defaultSchool(now: Date): SchoolInfo {
  const year = schoolYearOf(todayIso(now));
  return {
    managingBody: 'UBND ĐẶC KHU LÝ SƠN',
    schoolName: 'TRƯỜNG THCS AN VĨNH',
    place: 'Lý Sơn',
    address: '',
    principal: '',
    librarian: '',
    schoolYear: year,
    schoolYearStart: `${year.slice(0, 4)}-09-05`,
    schoolYearEnd: `${year.slice(5)}-05-31`,
    reportDeadline: '06-12',
    dateStyle: 'numeric',
  };
}

/**
 * Writes the school settings of a fresh install (see `defaultSchool`) when the database has none yet,
 * so the year is fixed from the day of installation on and moves only by "Chuyển năm học". Called
 * when the app, a CLI command or a test opens the database.
 */
export function ensureSchoolSettings(sql: Sql, now: Date): void {
  if (settingValue(sql, 'school') === undefined) putSettingValue(sql, 'school', JSON.stringify(defaultSchool(now)), now);
}

/**
 * The school settings and other settings in one read, synchronous (the desk's hot path): `school` is
 * parsed as `getSchool` does, each other key is its stored JSON value or undefined.
 */
export function schoolAndSettings(sql: Sql, keys: readonly string[]): { school: SchoolInfo; values: Map<string, unknown> } {
  const stored = settingValues(sql, ['school', ...keys]);
  const values = new Map<string, unknown>();
  for (const key of keys) if (stored.has(key)) values.set(key, JSON.parse(stored.get(key)!));
  return { school: schoolOf(stored.get('school')), values };
}

export function getSchool(sql: Sql): SchoolInfo {
  return schoolOf(settingValue(sql, 'school'));
}

/** The school settings from the stored JSON text (the defaults where nothing was saved). */
export function schoolOf(stored: string | undefined): SchoolInfo {
  // Every opened database has its settings (ensureSchoolSettings); a bare connection falls back to today's year.
  return schoolInfo.parse({ ...defaultSchool(new Date()), ...(stored !== undefined ? (JSON.parse(stored) as Partial<SchoolInfo>) : {}) });
}

/**
 * Saves the school's information. The school year is not changed here: it moves on only through the
 * readers' "Chuyển năm học" (rollover), which promotes the students, re-issues the cards, refuses
 * anything but the next year and can be undone — a year typed in the settings would bypass all that.
 */
export function saveSchool(sql: Sql, input: SchoolInfo, now: Date): SchoolInfo {
  const current = getSchool(sql);
  if (input.schoolYear !== current.schoolYear) {
    const message = `Năm học hiện tại là ${current.schoolYear}; năm học chỉ đổi bằng "Chuyển năm học" trong màn hình Bạn đọc `
      + '(cho học sinh lên lớp, cấp lại thẻ, hoàn tác được), không đổi ở Cài đặt. Thông tin nhà trường chưa được lưu.';
    throw new AppError('SCHOOL_YEAR_BY_ROLLOVER', message, [{ path: ['schoolYear'], message }]);
  }
  const changes = changedFields(current, input);
  if (Object.keys(changes).length) putSettingAudited(sql, 'school', input, now, { action: 'settings.school', details: { changes } });
  return getSchool(sql);
}
