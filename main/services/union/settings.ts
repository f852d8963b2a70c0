import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { UnionSettingsDto, UnionStatus, unionSettingsInput } from '../../../shared/contract/union';
import { AppError } from '../../../shared/errors';
import { transaction, type Sql } from '../../db/sql';
import { putSettingValue, settingValue } from '../../db/queries/settings';
import { writeAudit } from '../../db/queries/audit';
import type { ServiceContext } from '../context';
import { changedFields } from '../settings/store';
import { checkUnionAddress, unionPushUrl } from './address';

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
  /**
   * The id of the full push in progress (protocol `full`), kept until its last batch is acknowledged: a push cut
   * before that continues it from the cursor, so the server removes the school's ghosts only once it has all.
   */
  fullPush: z.string().nullable().default(null),
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

/**
 * After a restore: the restored file's feed and cursor are those of its backup, while the union may hold records
 * pushed since (titles this school no longer has). The next push starts from 0 as a full push, which sends every
 * title and lets the server remove the others.
 */
export function startUnionAgain(sql: Sql, now: Date): void {
  const state = unionState(sql);
  // A library that never pushed (or whose next push is already a fresh full one) is left as it is.
  if (state.cursor === 0 && state.fullPush === null) return;
  putUnionState(sql, { ...state, cursor: 0, fullPush: null }, now);
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

/** What Cài đặt and the main screen show of the last push. */
export function unionStatusOf(ctx: ServiceContext): UnionStatus {
  const sql = ctx.sql;
  const config = unionConfig(sql);
  const state = unionState(sql);
  return {
    configured: !!config.server && readUnionKey(ctx) !== null,
    auto: config.auto,
    school: state.school,
    lastSuccessAt: state.lastSuccessAt,
    lastAttemptAt: state.lastAttemptAt,
    lastError: state.lastError,
    lastRecords: state.lastRecords,
  };
}

export function unionSettingsOf(ctx: ServiceContext): UnionSettingsDto {
  const config = unionConfig(ctx.sql);
  return { server: config.server, keyHint: maskKey(readUnionKey(ctx)), caFile: config.caFile, auto: config.auto, status: unionStatusOf(ctx) };
}

/**
 * Saves Cài đặt → Liên thông. The address must be one the push may use (https://, or http:// to an address
 * inside the school network); the CA file must be a readable PEM certificate; a new key replaces the stored
 * one (the audit row says that it changed, never what it is). Refused input changes nothing.
 */
export async function saveUnionSettings(ctx: ServiceContext, input: z.output<typeof unionSettingsInput>): Promise<UnionSettingsDto> {
  const server = input.server;
  if (server) {
    const url = unionPushUrl(server);
    // Names are resolved at each push (offline now is no reason to refuse); an address outside the network is refused now.
    await checkUnionAddress(url).catch((error: AppError) => {
      if (error.code === 'UNION_INSECURE') throw error;
    });
  }
  const caFile = input.caFile ? path.resolve(input.caFile) : null;
  if (caFile) {
    let pem = '';
    try {
      pem = fs.readFileSync(caFile, 'utf8');
    } catch { /* refused below */ }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new AppError('UNION_CA_FILE', `Không đọc được tệp chứng chỉ gốc (CA) "${caFile}": cần một tệp PEM (bắt đầu bằng "-----BEGIN CERTIFICATE-----").`,
        [{ path: ['caFile'], message: 'Cần một tệp chứng chỉ PEM.' }]);
    }
  }
  const newKey = input.key ? input.key : null;
  if (newKey && !/^[\x21-\x7e]{8,200}$/.test(newKey)) {
    const message = 'Khoá của trường là một dãy ký tự không dấu, không có khoảng trắng (chép nguyên văn dòng cuối phòng GD&ĐT gửi).';
    throw new AppError('UNION_KEY_FORMAT', message, [{ path: ['key'], message }]);
  }
  const sql = ctx.sql;
  const before = unionConfig(sql);
  const after: UnionConfig = { server, caFile, auto: input.auto };
  const changes = changedFields(before, after);
  const key = newKey && newKey !== readUnionKey(ctx) ? 'changed' : input.forgetKey && !newKey && readUnionKey(ctx) ? 'removed' : null;
  if (Object.keys(changes).length || key) {
    // The key file first: if writing it fails, nothing was recorded as changed.
    if (key === 'changed') writeUnionKey(ctx, newKey);
    if (key === 'removed') writeUnionKey(ctx, null);
    putUnionConfig(sql, after, { details: { changes, ...(key ? { key } : {}) } }, ctx.now());
  }
  return unionSettingsOf(ctx);
}
