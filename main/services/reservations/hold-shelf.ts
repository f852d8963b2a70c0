import type { HoldNotice } from '../../../shared/contract/reservations';
import { formatDate, todayIso } from '../../../shared/dates';
import { DEFAULT_HOLD_DAYS, holdUntilFor, resolveRule } from '../../../shared/loan-rules';
import { writeAudit } from '../../db/queries/audit';
import { restingStatus, setCopyStatus } from '../../db/queries/circulation';
import * as q from '../../db/queries/reservations';
import type { ReservationRow } from '../../db/queries/reservations';
import type { Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { calendar, policies } from '../loan-rules/rules';

/**
 * The hold shelf (issue 22): a copy of a reserved title that comes back goes to the first waiting reader, for a
 * few open days; when that time is over, or the reservation is cancelled, it passes to the next one, or back to
 * the shelf when nobody waits. Every function here runs inside the caller's transaction.
 */

/** The copy a hold concerns, as the desk has read it. */
export interface HeldCopy { id: number; code: string; titleId: number; seriesCode: string }

/** "Title, volume" as the reservations' screens, slips and messages name a title. */
export const titleOf = (r: { title: string; volume: string }) => (r.volume ? `${r.title}, ${r.volume}` : r.title);

/** "Nguyễn Văn An — 7A2" (the class, else the department). */
export function readerWithClass(r: { readerName: string; className: string; department: string }): string {
  const where = r.className || r.department;
  return where ? `${r.readerName} — ${where}` : r.readerName;
}

/** What the desk says about a ready reservation: "Giữ cho Nguyễn Văn An — 7A2 (đến hết 12/12/2026)". */
export function holdNoticeOf(r: ReservationRow): HoldNotice {
  return {
    reservationId: r.id, readerId: r.readerId, readerName: r.readerName, className: r.className, department: r.department,
    copyCode: r.copyCode ?? '', title: titleOf(r), holdUntil: r.holdUntil ?? '',
    message: `Giữ cho ${readerWithClass(r)} (đến hết ${formatDate(r.holdUntil ?? '')})`,
  };
}

/** Why a waiting reservation of a reader whose card is no longer active ends when their turn comes. */
const INACTIVE_REASON = 'Bạn đọc đã thôi hoạt động (thẻ hết hạn)';

/** How many open days a reader's ready hold waits: the loan rule of their kind for the copy's loại tài liệu. */
function holdDaysFor(sql: Sql, readerKind: string, seriesCode: string): number {
  return resolveRule(policies(sql), readerKind, seriesCode)?.holdDays ?? DEFAULT_HOLD_DAYS;
}

/**
 * Puts `copy` on the hold shelf for the first reader waiting for its title, if anyone: the reservation becomes
 * ready until its last open day, the copy `held`, one audit row. Returns the notice, or null when nobody waits
 * (the copy is left as it is).
 */
export function holdForNext(ctx: ServiceContext, sql: Sql, copy: HeldCopy): HoldNotice | null {
  let next = q.nextWaiting(sql, copy.titleId);
  // A reader who left the school (card inactive since they reserved) cannot come for it: their turn ends, audited.
  while (next && !next.readerActive) {
    q.closeReservation(sql, next.id, 'cancelled', ctx.now().toISOString(), INACTIVE_REASON);
    writeAudit(sql, {
      action: 'reservation.cancel', entity: 'reservation', entityId: next.id, at: ctx.now(),
      details: { readerId: next.readerId, title: titleOf(next), reason: INACTIVE_REASON },
    });
    next = q.nextWaiting(sql, copy.titleId);
  }
  if (!next) return null;
  const today = todayIso(ctx.now());
  const holdUntil = holdUntilFor(today, holdDaysFor(sql, next.readerKind, copy.seriesCode), calendar(sql).holidays);
  q.makeReady(sql, next.id, copy.id, ctx.now().toISOString(), holdUntil);
  setCopyStatus(sql, copy.id, 'held');
  writeAudit(sql, {
    action: 'reservation.ready', entity: 'reservation', entityId: next.id, at: ctx.now(),
    details: { readerId: next.readerId, copy: copy.code, title: titleOf(next), holdUntil },
  });
  return holdNoticeOf({ ...next, status: 'ready', copyId: copy.id, copyCode: copy.code, holdUntil, position: null });
}

/**
 * A copy leaves a hold (expired or cancelled): to the next waiting reader, else back where it rests (the shelf,
 * unless weeded or lost meanwhile). Returns the new hold, if any.
 */
export function passOn(ctx: ServiceContext, sql: Sql, copy: HeldCopy): HoldNotice | null {
  const hold = holdForNext(ctx, sql, copy);
  if (!hold) setCopyStatus(sql, copy.id, restingStatus(sql, copy.id));
  return hold;
}

/** The reason written on a hold nobody came for. */
const EXPIRED_REASON = 'Hết hạn giữ';

/**
 * Ready holds whose last day is over: each expires (audited) and its copy passes on. Run inside the transactions
 * that read reservations or scan a copy of a reserved title, and by the daily sweep. Returns how many expired.
 */
export function expireDue(ctx: ServiceContext, sql: Sql): number {
  const due = q.expiredHolds(sql, todayIso(ctx.now()));
  for (const r of due) {
    if (!q.closeReservation(sql, r.id, 'expired', ctx.now().toISOString(), EXPIRED_REASON)) continue;
    writeAudit(sql, {
      action: 'reservation.expire', entity: 'reservation', entityId: r.id, at: ctx.now(),
      details: { readerId: r.readerId, copy: r.copyCode, title: titleOf(r), holdUntil: r.holdUntil },
    });
    if (r.copyId !== null) passOn(ctx, sql, copyOfHold(r));
  }
  return due.length;
}

/** The copy a ready reservation keeps on the hold shelf. */
export function copyOfHold(r: ReservationRow): HeldCopy {
  return { id: r.copyId!, code: r.copyCode ?? '', titleId: r.titleId, seriesCode: r.copySeriesCode ?? '*' };
}

/** Who a copy on the hold shelf is kept for (null: not held). Read fresh: a return in the same transaction may just have held it. */
export function holdOfCopy(sql: Sql, copyId: number): ReservationRow | null {
  return q.readyForCopy(sql, copyId) ?? null;
}

/**
 * A copy of a reserved title was just lent to `readerId` (inside the loan's transaction): the reader's own open
 * reservation of the title is fulfilled by it (audited); if the reader had another copy waiting on the hold shelf,
 * that copy passes on. Returns the fulfilled reservation's id, or null.
 */
export function fulfilOnLoan(ctx: ServiceContext, sql: Sql, readerId: number, copy: HeldCopy, checkoutAt: string): number | null {
  const ready = q.readyOfReaderForTitle(sql, readerId, copy.titleId);
  const id = ready?.id ?? q.waitingOfReaderForTitle(sql, readerId, copy.titleId);
  if (id === undefined) return null;
  const row = ready ?? q.reservationById(sql, id)!;
  q.fulfilReservation(sql, id, copy.id, checkoutAt);
  writeAudit(sql, {
    action: 'reservation.fulfil', entity: 'reservation', entityId: id, at: ctx.now(),
    details: { readerId, copy: copy.code, title: titleOf(row) },
  });
  // Lent another copy than the one kept for them: that one goes to the next reader.
  if (ready && ready.copyId !== null && ready.copyId !== copy.id) {
    passOn(ctx, sql, copyOfHold(ready));
  }
  return id;
}

/** Why the later of two open reservations of one reader for one title ends when undoing a loan reopens the earlier. */
const MERGED_REASON = 'Gộp vào lượt đặt trước trước đó của bạn đọc (hoàn tác cho mượn)';

/**
 * Undoing a loan (inside its transaction) that fulfilled a reservation of `readerId`: that reservation is open again —
 * ready with the copy if it had been ready, else waiting at its old place (its id). If the reader has meanwhile
 * reserved the title again, the two become one, never two open ones (the unique index): the earlier one is kept, so
 * its place in the queue; the later one is cancelled (audited, MERGED_REASON), and if it was ready with another copy,
 * the earlier one takes that hold over (same last day) when it reopens waiting, or that copy passes on when it reopens
 * ready. Returns the reopened reservation's state and the copy it keeps, or null when the loan fulfilled none.
 */
export function reopenOnUndo(ctx: ServiceContext, sql: Sql, loan: { copyId: number; readerId: number; titleId: number; checkoutAt: string }):
  { status: 'ready' | 'waiting'; copyId: number | null } | null {
  const id = q.fulfilledByLoan(sql, loan.copyId, loan.readerId, loan.checkoutAt);
  if (id === undefined) return null;
  const laterId = q.openReservationOf(sql, loan.readerId, loan.titleId);
  const later = laterId === undefined ? undefined : q.reservationById(sql, laterId);
  if (later) {
    q.closeReservation(sql, later.id, 'cancelled', ctx.now().toISOString(), MERGED_REASON);
    writeAudit(sql, {
      action: 'reservation.cancel', entity: 'reservation', entityId: later.id, at: ctx.now(),
      details: { readerId: later.readerId, title: titleOf(later), reason: MERGED_REASON, copy: later.status === 'ready' ? later.copyCode : undefined },
    });
  }
  const status = q.reopenFulfilled(sql, loan.copyId, loan.readerId, loan.checkoutAt);
  if (!status) return null;
  if (status === 'ready') {
    if (later?.status === 'ready' && later.copyId !== null) passOn(ctx, sql, copyOfHold(later));
    return { status, copyId: loan.copyId };
  }
  if (later?.status === 'ready' && later.copyId !== null) {
    q.makeReady(sql, id, later.copyId, later.readyAt ?? ctx.now().toISOString(), later.holdUntil ?? todayIso(ctx.now()));
    return { status: 'ready', copyId: later.copyId };
  }
  return { status, copyId: null };
}
