import { actingAs } from '../../db/actor';
import { transaction } from '../../db/sql';
import type { DatabaseHolder, ServiceContext } from '../context';
import { expireDue } from './hold-shelf';

/** Once a day while the app is open (holds run by open days: a day is the finest step that matters). */
export const SWEEP_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Who the sweep's audit rows name (a program acting for nobody in particular, like the backup schedule). */
export const SWEEP_ACTOR = { accountId: null, name: 'Đặt trước tự động', role: null, roleLabel: '' };

export interface ReservationSweep {
  stop(): void;
  /** For ctx.holders: paused around an in-app restore, run again on the restored file. */
  holder: DatabaseHolder;
}

/**
 * Expired holds pass on (issue 22) even on a day nobody scans a copy of a reserved title or opens a list: once at
 * start and once a day, beside the backup schedule (main/index.ts, main/server/serve.ts). Each run is one transaction
 * (services/reservations/hold-shelf.ts `expireDue`, the same the desk runs lazily); a failure is logged, never fatal.
 */
export function startReservationSweep(ctx: ServiceContext, intervalMs = SWEEP_INTERVAL_MS): ReservationSweep {
  let paused = false;
  const run = () => {
    if (ctx.damage || paused) return;
    try {
      const expired = actingAs(SWEEP_ACTOR, () => transaction(ctx.sql, () => expireDue(ctx, ctx.sql)));
      if (expired) ctx.emit('reservations.changed', {});
    } catch (error) {
      console.error('[đặt trước]', error instanceof Error ? error.message : error);
    }
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    holder: {
      async stop() { paused = true; },
      async start() { paused = false; run(); },
    },
  };
}
