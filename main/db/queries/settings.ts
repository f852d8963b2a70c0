import { prepared, type Sql } from '../sql';

/** A collection series as stored (`active` read back as a boolean). */
export interface SeriesRow {
  id: number; code: string; name: string; prefix: string; separator: string; padding: number; nextNumber: number;
  registerGroup: string; material: string; sortOrder: number; active: boolean;
}
export interface SeriesFields {
  code: string; name: string; prefix: string; separator: string; padding: number; registerGroup: string; material: string; active: boolean;
}

const SERIES = `SELECT id, code, name, prefix, separator, padding, next_number AS nextNumber, register_group AS registerGroup,
  material, sort_order AS sortOrder, active FROM collection_series`;

const statements = (sql: Sql) => ({
  setting: sql.prepare('SELECT value FROM setting WHERE key = ?'),
  settings: sql.prepare('SELECT key, value FROM setting WHERE key IN (SELECT value FROM json_each(?))'),
  settingRow: sql.prepare('SELECT value, updated_at AS updatedAt FROM setting WHERE key = ?'),
  deleteSetting: sql.prepare('DELETE FROM setting WHERE key = ?'),
  putSetting: sql.prepare(`INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
  series: sql.prepare(`${SERIES} ORDER BY sort_order, id`),
  seriesById: sql.prepare(`${SERIES} WHERE id = ?`),
  seriesByCode: sql.prepare(`${SERIES} WHERE code = ?`),
  maxSortOrder: sql.prepare('SELECT MAX(sort_order) AS n FROM collection_series'),
  insertSeries: sql.prepare(`INSERT INTO collection_series (code, name, prefix, separator, padding, next_number, register_group, material, sort_order, active)
    VALUES (@code, @name, @prefix, @separator, @padding, 1, @registerGroup, @material, @sortOrder, @active)`),
  updateSeries: sql.prepare(`UPDATE collection_series SET code = @code, name = @name, prefix = @prefix, separator = @separator, padding = @padding,
    register_group = @registerGroup, material = @material, active = @active WHERE id = @id`),
});
const q = (sql: Sql) => prepared(sql, statements);
const withActive = (r: SeriesRow): SeriesRow => ({ ...r, active: !!r.active });
/** The `datetime` text TypeORM writes (UTC, "YYYY-MM-DD HH:MM:SS.sss"), so rows read the same whoever wrote them. */
const datetime = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');

/** The stored JSON text of a setting, or undefined. */
export function settingValue(sql: Sql, key: string): string | undefined {
  return (q(sql).setting.get(key) as { value: string } | undefined)?.value;
}

/** The stored JSON text of several settings in one statement (keys with no row are absent from the map). */
export function settingValues(sql: Sql, keys: readonly string[]): Map<string, string> {
  return new Map((q(sql).settings.all(JSON.stringify(keys)) as { key: string; value: string }[]).map((r) => [r.key, r.value]));
}

export function putSettingValue(sql: Sql, key: string, value: string, at: Date): void {
  q(sql).putSetting.run(key, value, datetime(at));
}

/** A setting row exactly as stored (value and updated_at text), e.g. to put it back later. */
export interface SettingRow { value: string; updatedAt: string }

export function settingRow(sql: Sql, key: string): SettingRow | undefined {
  return q(sql).settingRow.get(key) as SettingRow | undefined;
}

/** Puts a setting row back exactly as it was stored, or removes it when there was none. */
export function restoreSettingRow(sql: Sql, key: string, row: SettingRow | null): void {
  const s = q(sql);
  s.deleteSetting.run(key);
  if (row) s.putSetting.run(key, row.value, row.updatedAt);
}

export function seriesRows(sql: Sql): SeriesRow[] {
  return (q(sql).series.all() as SeriesRow[]).map(withActive);
}

export function seriesById(sql: Sql, id: number): SeriesRow | undefined {
  const row = q(sql).seriesById.get(id) as SeriesRow | undefined;
  return row && withActive(row);
}

export function seriesByCode(sql: Sql, code: string): SeriesRow | undefined {
  const row = q(sql).seriesByCode.get(code) as SeriesRow | undefined;
  return row && withActive(row);
}

/** Adds a series at the end of the list, numbering from 1; returns its id. */
export function insertSeries(sql: Sql, fields: SeriesFields): number {
  const s = q(sql);
  const sortOrder = Number((s.maxSortOrder.get() as { n: number | null }).n ?? 0) + 1;
  return Number(s.insertSeries.run({ ...fields, sortOrder, active: fields.active ? 1 : 0 }).lastInsertRowid);
}

export function updateSeries(sql: Sql, id: number, fields: SeriesFields): void {
  q(sql).updateSeries.run({ ...fields, active: fields.active ? 1 : 0, id });
}
