import type { FileResult } from '../../../shared/contract/define';
import type { ReservationDto } from '../../../shared/contract/reservations';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { holdLapsed } from '../../../shared/loan-rules';
import { arrivalNoticesPdf, holdSlipsPdf, type HoldRow } from '../../pdf/reservations';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';
import { listReservations } from './reservations';

/** The ready reservations as the prints take them (reads only: a hold past its last day is not printed, the sweep passes it on). */
function readyHolds(ctx: ServiceContext): (HoldRow & { id: number })[] {
  const today = todayIso(ctx.now());
  return listReservations(ctx, { status: 'ready' })
    .filter((r): r is ReservationDto & { copyCode: string; holdUntil: string } => r.status === 'ready' && !!r.copyCode && !!r.holdUntil && !holdLapsed(r, today))
    .map((r) => ({
      id: r.id, readerId: r.readerId, readerName: r.readerName, className: r.className, department: r.department,
      title: r.title, copyCode: r.copyCode, holdUntil: r.holdUntil,
    }));
}

/**
 * Phiếu giữ sách of the given ready reservations, in the order given (none given: every ready one). A reservation no
 * longer ready (lent, cancelled, passed on) is refused by name of its book rather than printed with a stale name.
 */
export async function holdSlips(ctx: ServiceContext, ids: number[]): Promise<FileResult> {
  const ready = readyHolds(ctx);
  let chosen = ready;
  if (ids.length) {
    const byId = new Map(ready.map((r) => [r.id, r]));
    chosen = [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    if (chosen.length < new Set(ids).size) {
      throw new AppError('RESERVATION_NOT_READY', 'Sách này không còn được giữ (đã cho mượn, đã hủy hoặc hết hạn giữ): không in phiếu giữ. Hãy xem lại danh sách Sách đang giữ.');
    }
  }
  return holdSlipsPdf(ctx, getSchool(ctx.sql), chosen);
}

/** Phiếu báo sách đã về for one class (or every reader with a book waiting), in class order. */
export async function arrivalNotices(ctx: ServiceContext, className: string): Promise<FileResult> {
  const cls = className.trim().toUpperCase();
  const holds = readyHolds(ctx).filter((r) => !cls || r.className.toUpperCase() === cls);
  return arrivalNoticesPdf(ctx, getSchool(ctx.sql), holds, cls || 'tat-ca');
}
