import { schoolInfo, type SchoolInfo, type Series } from '../../../shared/contract';
import type { seriesInput } from '../../../shared/contract/settings';
import type { z } from 'zod';
import { schoolYearOf, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { transaction, type Sql } from '../../db/sql';
import { writeAudit } from '../../db/queries/audit';
import { insertSeries, putSettingValue, seriesByCode, seriesById, seriesRows, settingValue, settingValues, updateSeries, type SeriesRow } from '../../db/queries/settings';

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

/** A setting's stored JSON value, or `fallback` when it was never saved. Synchronous: one prepared read. */
export function getSetting<T>(sql: Sql, key: string, fallback: T): T {
  const value = settingValue(sql, key);
  return value !== undefined ? (JSON.parse(value) as T) : fallback;
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

export async function putSetting(sql: Sql, key: string, value: unknown, now: Date): Promise<void> {
  putSettingValue(sql, key, JSON.stringify(value), now);
}

/**
 * A setting the librarian changed, with its audit row, in one transaction: `action` names the change
 * for the Nhật ký (main/services/audit/describe.ts), `details` what it was and became.
 */
export function putSettingAudited(sql: Sql, key: string, value: unknown, now: Date, audit: { action: string; details?: unknown }): void {
  transaction(sql, () => {
    putSettingValue(sql, key, JSON.stringify(value), now);
    writeAudit(sql, { action: audit.action, entity: 'setting', details: audit.details, at: now });
  });
}

/** What changed between two flat records, key by key: `{ principal: ['', 'Nguyễn Văn An'] }`. */
export function changedFields<T extends object>(before: T, after: T): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = [before[key] ?? null, after[key] ?? null];
  }
  return out;
}

export async function getSchool(sql: Sql): Promise<SchoolInfo> {
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
export async function saveSchool(sql: Sql, input: SchoolInfo, now: Date): Promise<SchoolInfo> {
  const current = await getSchool(sql);
  if (input.schoolYear !== current.schoolYear) {
    const message = `Năm học hiện tại là ${current.schoolYear}; năm học chỉ đổi bằng "Chuyển năm học" trong màn hình Bạn đọc `
      + '(cho học sinh lên lớp, cấp lại thẻ, hoàn tác được), không đổi ở Cài đặt. Thông tin nhà trường chưa được lưu.';
    throw new AppError('SCHOOL_YEAR_BY_ROLLOVER', message, [{ path: ['schoolYear'], message }]);
  }
  const changes = changedFields(current, input);
  if (Object.keys(changes).length) putSettingAudited(sql, 'school', input, now, { action: 'settings.school', details: { changes } });
  return getSchool(sql);
}

export function toSeriesDto(s: SeriesRow): Series {
  return {
    id: s.id, code: s.code, name: s.name, prefix: s.prefix, separator: s.separator as Series['separator'],
    padding: s.padding, nextNumber: s.nextNumber, registerGroup: s.registerGroup as Series['registerGroup'],
    material: s.material as Series['material'], active: s.active,
  };
}

export async function listSeries(sql: Sql): Promise<Series[]> {
  return seriesRows(sql).map(toSeriesDto);
}

/**
 * Adds or edits a series. Once a series has handed out ĐKCB numbers, its prefix, separator and padding
 * stay: the numbers already printed on labels and in the registers must keep reading the same.
 */
export function saveSeries(sql: Sql, input: z.output<typeof seriesInput>, now: Date): Series {
  return transaction(sql, () => {
    const clash = seriesByCode(sql, input.code);
    if (clash && clash.id !== input.id) {
      throw new AppError('SERIES_EXISTS', `Đã có loại tài liệu mã ${input.code}.`);
    }
    const fields = {
      code: input.code, name: input.name, prefix: input.prefix, separator: input.separator, padding: input.padding,
      registerGroup: input.registerGroup, material: input.material, active: input.active,
    };
    let id: number;
    if (input.id) {
      const existing = seriesById(sql, input.id);
      if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy loại tài liệu này.');
      const used = existing.nextNumber > 1;
      if (used && (existing.prefix !== input.prefix || existing.separator !== input.separator || existing.padding !== input.padding)) {
        throw new AppError('SERIES_IN_USE',
          `Loại ${existing.code} đã cấp số ĐKCB nên không đổi được tiền tố, dấu ngăn hay số chữ số: các số đã in phải giữ nguyên.`);
      }
      updateSeries(sql, existing.id, fields);
      id = existing.id;
      const { nextNumber: _n, id: _i, ...was } = existing;
      writeAudit(sql, { action: 'settings.series.update', entity: 'setting', at: now,
        details: { code: fields.code, name: fields.name, changes: changedFields(was as typeof fields, fields) } });
    } else {
      id = insertSeries(sql, fields);
      writeAudit(sql, { action: 'settings.series.create', entity: 'setting', at: now, details: { code: fields.code, name: fields.name } });
    }
    return toSeriesDto(seriesById(sql, id)!);
  });
}
