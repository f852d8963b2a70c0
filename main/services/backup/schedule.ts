import type { DatabaseHolder, ServiceContext } from '../context';
import { dispatch } from '../dispatch';
import { backupDueAtStart } from './backups';

/** While the app is open, a backup every few hours. */
export const BACKUP_INTERVAL_MS = 4 * 60 * 60 * 1000;

export interface BackupSchedule {
  /** Runs the closing backup and stops the timer (call before closing the database). */
  stop(): Promise<void>;
  /** Resolves when the start-up backup (if one was due) has finished. */
  started: Promise<void>;
  /** For ctx.holders: a restore waits for a running backup and pauses the schedule around the swap. */
  holder: DatabaseHolder;
}

/**
 * The schedule of issue 13: at start when the newest verified backup is older than a day, every
 * few hours while open, and on close. Backups never overlap; a failure is recorded in the manifest
 * (and shows on the main screen as a stale status), it never stops the app.
 */
/** Who the scheduled backups run as (trusted: no session, every permission). */
export const SCHEDULE_ACTOR = { accountId: null, name: 'Sao lưu tự động', role: null, roleLabel: '' };

export function startBackupSchedule(ctx: ServiceContext, intervalMs = BACKUP_INTERVAL_MS): BackupSchedule {
  let chain: Promise<unknown> = Promise.resolve();
  let paused = false;
  const run = () => {
    chain = chain.then(async () => {
      if (ctx.damage || paused) return;
      // Through dispatch, so the app runs it on the worker thread (the desk keeps its thread).
      // The schedule acts for no signed-in person: its row names it as the program it is.
      const r = await dispatch(ctx, 'backup.run', { scheduled: true }, { actor: SCHEDULE_ACTOR });
      if (!r.ok) console.error('[sao lưu]', r.message);
      ctx.emit('backup.changed', { ok: r.ok });
    });
    return chain;
  };
  const started = !ctx.damage && backupDueAtStart(ctx.databaseFile, ctx.now()) ? run().then(() => undefined) : Promise.resolve();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    started,
    holder: {
      async stop() {
        paused = true;
        await chain.catch(() => undefined);
      },
      async start() {
        paused = false;
      },
    },
    async stop() {
      clearInterval(timer);
      await run();
    },
  };
}
