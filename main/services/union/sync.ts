import { AppError } from '../../../shared/errors';
import { writeAudit } from '../../db/queries/audit';
import type { DatabaseHolder, ServiceContext } from '../context';
import { pushToUnion, type UnionPushResult } from './push';
import { readUnionKey, unionConfig } from './settings';

/**
 * "Đồng bộ ngay" and the hourly push, with the settings of Cài đặt → Liên thông. Pushes of one context never
 * overlap (a second waits for the first, then sends what is left). A push that sent titles, or that the
 * librarian asked for, writes an audit row (the server's host, titles sent — never the key); an hourly push
 * that found nothing to send only updates the status.
 */

const running = new WeakMap<ServiceContext, Promise<unknown>>();

export async function syncUnion(ctx: ServiceContext, options: { scheduled: boolean }): Promise<UnionPushResult & { at: string }> {
  const previous = running.get(ctx) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    const config = unionConfig(ctx.sql);
    const key = readUnionKey(ctx);
    if (!config.server) throw new AppError('UNION_NOT_SET', 'Chưa nhập địa chỉ máy chủ liên thông (Cài đặt → Liên thông).');
    if (!key) throw new AppError('UNION_KEY', 'Chưa có khoá của trường: nhập khoá phòng GD&ĐT cấp trong Cài đặt → Liên thông.');
    const at = ctx.now().toISOString();
    try {
      const result = await pushToUnion(ctx, { server: config.server, key, caFile: config.caFile });
      if (result.records > 0 || !options.scheduled) {
        writeAudit(ctx.sql, {
          action: 'union.push', entity: 'setting', at: ctx.now(),
          details: { server: new URL(config.server).host, school: result.school, records: result.records, batches: result.batches, scheduled: options.scheduled },
        });
      }
      return { ...result, at };
    } finally {
      ctx.emit('union.changed', {});
    }
  });
  running.set(ctx, next);
  return next;
}

export const UNION_INTERVAL_MS = 60 * 60 * 1000;
/** The first automatic push, a little after the app opened (not in its busiest second). */
export const UNION_FIRST_DELAY_MS = 60 * 1000;

export interface UnionSchedule {
  holder: DatabaseHolder;
  stop(): Promise<void>;
}

/**
 * Every hour while the app is open (and once shortly after it opens), when Cài đặt → Liên thông has an
 * address, a key and "tự động" on. A failure (no network, server down) is kept in the status shown on the
 * main screen and tried again at the next hour; it never stops the app. A restore stops the schedule
 * (waiting for a running push) and starts it again on the restored file, whose next push is a full one (every title;
 * the server removes what the school no longer has).
 */
export function startUnionSchedule(ctx: ServiceContext, intervalMs = UNION_INTERVAL_MS, firstDelayMs = UNION_FIRST_DELAY_MS): UnionSchedule {
  let paused = false;
  let current: Promise<unknown> = Promise.resolve();
  const run = () => {
    if (paused || ctx.damage || !ctx.database.isOpen) return;
    const sql = ctx.sql;
    const config = unionConfig(sql);
    if (!config.auto || !config.server || !readUnionKey(ctx)) return;
    current = syncUnion(ctx, { scheduled: true }).catch((error: Error) => console.error('[liên thông]', error.message));
  };
  const first = setTimeout(run, firstDelayMs);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return {
    holder: {
      async stop() {
        paused = true;
        await current;
      },
      // Called after a restore (which already set the next push to be a full one: startUnionAgain).
      async start() {
        paused = false;
      },
    },
    async stop() {
      paused = true;
      clearTimeout(first);
      clearInterval(timer);
      await current;
    },
  };
}
