import { OPAC_PLACED_BY, type ReservationDto } from '../../../shared/contract';
import { formatDate, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { daysOverdue, holdLapsed, reservationStanding } from '../../../shared/loan-rules';
import { formatNumber } from '../../../shared/numbers';
import { openLoansOfReader } from '../../db/queries/circulation';
import { readerById } from '../../db/queries/readers';
import type { Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { cancelReservation, placeReservation, readerReservations, readyHoldsForClass } from '../reservations/reservations';

/**
 * "Của tôi" on the OPAC: what a signed-in teacher or staff member sees of her own — her loans with their due dates,
 * her reservations with their places in the queue — and, when she heads a class (reader.homeroom_class), the pupils
 * of that class with a book waiting on the hold shelf. The reader is always the session's (main/server/opac-http.ts):
 * nothing here takes a reader id from a request, and nothing of another reader's leaves, but for those ready holds.
 */

/** One of her open loans as the page shows it (dates dd/mm/yyyy, overdue said in words). */
export interface OpacMyLoan {
  title: string;
  copyCode: string;
  /** The day it was lent, dd/mm/yyyy. */
  lent: string;
  /** The due date, dd/mm/yyyy. */
  due: string;
  /** Whole days past due; 0 when not overdue. */
  overdueDays: number;
  /** "Hạn trả 12/12/2026", or "Quá hạn 3 ngày (hạn trả 12/12/2026)". */
  dueText: string;
}

/** One of her open reservations: where it stands, in words. No reader's name or card. */
export interface OpacMyReservation {
  id: number;
  titleId: number;
  title: string;
  status: 'waiting' | 'ready';
  /** 1 = next, while waiting. */
  position: number | null;
  /** "Thứ 2 trong hàng chờ", or "Đang giữ đến hết 12/12/2026 — mời thầy cô đến quầy nhận sách". */
  statusText: string;
}

/** A pupil of her class with a book on the hold shelf. */
export interface OpacClassHold { pupil: string; title: string; until: string }

export interface OpacMyPage {
  loans: OpacMyLoan[];
  reservations: OpacMyReservation[];
  /** Her class's ready holds, when she heads one ('' and [] otherwise). */
  homeroomClass: string;
  classHolds: OpacClassHold[];
}

/** "Hạn trả …" for a loan, saying how late when it is overdue. */
export function dueText(dueAt: string, today: string): string {
  const late = daysOverdue(dueAt, today);
  return late > 0 ? `Quá hạn ${formatNumber(late)} ngày (hạn trả ${formatDate(dueAt)})` : `Hạn trả ${formatDate(dueAt)}`;
}

/** Where her reservation stands, in words (shared/loan-rules `reservationStanding`), a ready one asking her to come. */
function reservationText(r: Pick<ReservationDto, 'status' | 'position' | 'holdUntil'>, today: string): string {
  const standing = reservationStanding(r, today);
  return r.status === 'ready' && !holdLapsed(r, today) ? `${standing} — mời thầy cô đến quầy nhận sách` : standing;
}

function myReservation(r: ReservationDto, today: string): OpacMyReservation {
  return {
    id: r.id, titleId: r.titleId, title: r.title, status: r.status === 'ready' ? 'ready' : 'waiting', position: r.position,
    statusText: reservationText(r, today),
  };
}

/** `GET /api/me`: the session reader's own open loans (soonest due first), reservations, and her class's ready holds. */
export function opacMyPage(sql: Sql, readerId: number, now: Date): OpacMyPage {
  const today = todayIso(now);
  const loans = openLoansOfReader(sql, readerId)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id - b.id)
    .map((l) => ({
      title: l.volume ? `${l.title}, ${l.volume}` : l.title,
      copyCode: l.copyCode,
      lent: formatDate(todayIso(new Date(l.checkoutAt))),
      due: formatDate(l.dueAt),
      overdueDays: daysOverdue(l.dueAt, today),
      dueText: dueText(l.dueAt, today),
    }));
  const reservations = readerReservations(sql, readerId).filter((r) => r.readerId === readerId).map((r) => myReservation(r, today));
  const homeroomClass = readerById(sql, readerId)?.homeroomClass ?? '';
  const classHolds = homeroomClass
    ? readyHoldsForClass(sql, homeroomClass).filter((r) => !holdLapsed(r, today)).map((r) => ({ pupil: r.readerName, title: r.title, until: formatDate(r.holdUntil) }))
    : [];
  return { loans, reservations, homeroomClass, classHolds };
}

/** Her own name, for the Nhật ký rows her reservations write (services/actor.ts `opacActor`). */
export function opacReaderName(sql: Sql, readerId: number): string {
  return readerById(sql, readerId)?.fullName ?? '';
}

/** `POST /api/reservations`: she reserves a title for herself (the service's rules and Vietnamese refusals apply). */
export function opacReserve(ctx: ServiceContext, readerId: number, titleId: number): { reservation: OpacMyReservation; message: string } {
  const r = placeReservation(ctx, { titleId, readerId }, OPAC_PLACED_BY);
  const mine = myReservation(r, todayIso(ctx.now()));
  return { reservation: mine, message: `Đã đặt trước «${r.title}»: ${mine.statusText.toLowerCase()}. Thư viện sẽ giữ sách khi có bản trả về.` };
}

/**
 * `POST /api/reservations/cancel`: she cancels one of her own open reservations, with a reason. Another reader's, or
 * one that does not exist, reads the same: not found (nothing says whose it is).
 */
export function opacCancel(ctx: ServiceContext, readerId: number, id: number, reason: string): { message: string } {
  const own = readerReservations(ctx.sql, readerId).find((r) => r.id === id && r.readerId === readerId);
  if (!own) throw new AppError('NOT_FOUND', 'Không tìm thấy lượt đặt trước này của thầy cô (có thể đã được hủy hoặc đã nhận sách).');
  const r = cancelReservation(ctx, id, reason);
  return { message: `Đã hủy đặt trước «${r.title}».` };
}
