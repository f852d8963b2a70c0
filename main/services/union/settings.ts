import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { transaction, type Sql } from '../../db/sql';
import { putSettingValue, settingValue } from '../../db/queries/settings';
import { writeAudit } from '../../db/queries/audit';
import type { ServiceContext } from '../context';

/**
 * Cài đặt → Liên thông, as stored. The server address, the CA file and the automatic push are settings of the
 * library (`setting` row `union`, audited). The school's key is a secret: it lives in a file of its own beside the
 * database (`lien-thong.key`, readable by the owner only), so it never enters the database, its backups, the open
 * export or an audit row; the screen only ever sees its last four characters. The push's progress (`union.state`:
 * the cursor the server acknowledged, for which server, the last success and error) is written after every batch.
 */

export const UNION_KEY_FILE = 'lien-thong.key';

export const unionConfigSchema = z.object({
  server: z.string().default(''),
  caFile: z.string().nullable().default(null),
  auto: z.boolean().default(true),
});
export type UnionConfig = z.infer<typeof unionConfigSchema>;

export const unionStateSchema = z.object({
  /** The server the cursor belongs to (its push URL): another server starts again from 0. */
  server: z.string().default(''),
  cursor: z.number().int().min(0).default(0),
  school: z.string().nullable().default(null),
  lastSuccessAt: z.string().nullable().default(null),
  lastAttemptAt: z.string().nullable().default(null),
  lastError: z.string().nullable().default(null),
  /** Records sent by the last successful push. */
  lastRecords: z.number().int().min(0).default(0),
});
export type UnionState = z.infer<typeof unionStateSchema>;

function parsed<T>(schema: z.ZodType<T>, text: string | undefined): T {
  let value: unknown = {};
  try {
    value = text === undefined ? {} : JSON.parse(text);
  } catch { /* a damaged value reads as the defaults */ }
  const r = schema.safeParse(value);
  return r.success ? r.data : schema.parse({});
}

export const unionConfig = (sql: Sql): UnionConfig => parsed(unionConfigSchema, settingValue(sql, 'union'));
export const unionState = (sql: Sql): UnionState => parsed(unionStateSchema, settingValue(sql, 'union.state'));

export function putUnionState(sql: Sql, state: UnionState, now: Date): void {
  putSettingValue(sql, 'union.state', JSON.stringify(state), now);
}

/** Saves the address, CA file and schedule with their audit row (never the key). */
export function putUnionConfig(sql: Sql, config: UnionConfig, audit: { details: unknown; actor?: string }, now: Date): void {
  transaction(sql, () => {
    putSettingValue(sql, 'union', JSON.stringify(config), now);
    writeAudit(sql, { action: 'union.settings', entity: 'setting', details: audit.details, actor: audit.actor, at: now });
  });
}

const keyFile = (ctx: Pick<ServiceContext, 'dataDir'>) => path.join(ctx.dataDir, UNION_KEY_FILE);

/** The stored key, or null. */
export function readUnionKey(ctx: Pick<ServiceContext, 'dataDir'>): string | null {
  try {
    const key = fs.readFileSync(keyFile(ctx), 'utf8').trim();
    return key || null;
  } catch {
    return null;
  }
}

/** Stores (or with null removes) the key: written beside and renamed, owner-only. */
export function writeUnionKey(ctx: Pick<ServiceContext, 'dataDir'>, key: string | null): void {
  const file = keyFile(ctx);
  if (key === null) {
    fs.rmSync(file, { force: true });
    return;
  }
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${key}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** "••••7f3a": what the screen shows of a stored key. */
export function maskKey(key: string | null): string | null {
  return key ? `••••${key.slice(-4)}` : null;
}
