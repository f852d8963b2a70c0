import { transaction, type Sql } from '../../db/sql';
import { writeAudit } from '../../db/queries/audit';
import { putSettingValue, settingValue } from '../../db/queries/settings';

/** A setting's stored JSON value, or `fallback` when it was never saved. Synchronous: one prepared read. */
export function getSetting<T>(sql: Sql, key: string, fallback: T): T {
  const value = settingValue(sql, key);
  return value !== undefined ? (JSON.parse(value) as T) : fallback;
}

export function putSetting(sql: Sql, key: string, value: unknown, now: Date): void {
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
