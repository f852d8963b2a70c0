import { actingAs } from '../../db/actor';
import { transaction } from '../../db/sql';
import type { DatabaseHolder, ServiceContext } from '../context';
import { expireDue } from './hold-shelf';

/** Who the sweep's audit rows name (a program acting for nobody in particular, like the backup schedule). */
const SWEEP_ACTOR = { accountId: null, name: 'Đặt trước tự động', role: null, roleLabel: '' };

/** The next local midnight after `now`: the moment the day changes and holds whose last day it was are over. */
export function nextMidnight(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 0, 0);
}

export interface ReservationSweep {
  stop(): void;
  /** When the next run is due (the next local midnight from ctx.now()), or null once stopped or paused. */
  nextRunAt(): Date | null;
  /** For ctx.holders: paused around an in-app restore, run again on the restored file. */
  holder: DatabaseHolder;
}

/**
 * Expired holds pass on (issue 22) while the app is open, so that reads never have to write: `holdUntil` is a date, a
 * hold expires when the day changes, so the sweep runs at start and again just after each local midnight (the next run
 * computed from ctx.now() each time, not a fixed 24 h: a timer that fires a little early finds the same day and is set
 * again for that midnight). Beside the backup schedule (main/index.ts, main/server/serve.ts). Each run is one
 * transaction (services/reservations/hold-shelf.ts `expireDue`, which the desk's writes also run inside theirs); a
 * failure is logged, never fatal.
 */
export function startReservationSweep(ctx: ServiceContext): ReservationSweep {
  let paused = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let due: Date | null = null;
  const run = () => {
    if (ctx.damage || paused) return;
    try {
      const expired = actingAs(SWEEP_ACTOR, () => transaction(ctx.sql, () => expireDue(ctx, ctx.sql)));
      if (expired) ctx.emit('reservations.changed', {});
    } catch (error) {
      console.error('[đặt trước]', error instanceof Error ? error.message : error);
    }
  };
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    due = null;
  };
  const schedule = () => {
    clear();
    const now = ctx.now();
    due = nextMidnight(now);
    timer = setTimeout(() => {
      timer = null;
      run();
      if (!paused) schedule();
    }, Math.max(0, due.getTime() - now.getTime()));
    timer.unref?.();
  };
  run();
  schedule();
  return {
    stop: () => { paused = true; clear(); },
    nextRunAt: () => due,
    holder: {
      async stop() { paused = true; clear(); },
      async start() { paused = false; run(); schedule(); },
    },
  };
}
