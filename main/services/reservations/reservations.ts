import { readerKindLabels, type ReaderKind } from '../../../shared/contract/enums';
import { reservationStatusLabels, type CopyToPull, type ReservationDto, type ReservationStatus } from '../../../shared/contract/reservations';
import { AppError } from '../../../shared/errors';
import { resolveRule } from '../../../shared/loan-rules';
import { shelfMark } from '../../../shared/shelfmark';
import { actorAccountId } from '../../db/actor';
import { writeAudit } from '../../db/queries/audit';
import { readerById } from '../../db/queries/circulation';
import * as q from '../../db/queries/reservations';
import type { ReservationRow } from '../../db/queries/reservations';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { policies } from '../loan-rules/rules';
import { copyOfHold, expireDue, passOn, titleOf } from './hold-shelf';

/**
 * Đặt trước (issue 22): placing, cancelling and listing reservations. The desk's handlers and the OPAC call these
 * (`placedBy` says who: the account's name, or 'Tra cứu trực tuyến'); each change is one transaction with its audit
 * row, then `reservations.changed` is pushed so every open list reads again.
 */

function toReservationDto(r: ReservationRow): ReservationDto {
  return {
    id: r.id, titleId: r.titleId, title: titleOf(r), readerId: r.readerId, readerName: r.readerName, cardNumber: r.cardNumber ?? '',
    className: r.className ?? '', department: r.department ?? '', status: r.status as ReservationStatus, position: r.position,
    placedAt: r.placedAt, placedBy: r.placedBy, copyCode: r.copyCode, readyAt: r.readyAt, holdUntil: r.holdUntil,
    closedAt: r.closedAt, closedReason: r.closedReason, copiesInStock: r.copiesInStock, nextDueAt: r.nextDueAt, shelfCopy: r.position === 1 ? r.shelfCopy : null,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed: reservation/.test(e?.message ?? '');
}

/** Why a reader already in the queue cannot reserve again: "đang chờ, thứ 2" / "đang giữ đến hết …". */
function alreadyReserved(sql: Sql, id: number, who: string, title: string): AppError {
  const r = q.reservationById(sql, id);
  const where = r?.status === 'ready' ? 'sách đang được giữ cho bạn này' : r?.position ? `đang chờ, thứ ${r.position} trong hàng` : 'đang chờ';
  return new AppError('ALREADY_RESERVED', `${who} đã đặt trước «${title}» (${where}).`);
}

/**
 * Places a reservation: the reader joins the end of the title's queue. Refused with a Vietnamese message, changing
 * nothing, when the reader is unknown or inactive, their kind may not reserve (or not this loại tài liệu), they
 * have a copy of the title on loan or already reserved it, a copy is on the shelf (the message says where), the
 * library holds no copy of it, or they reached their rule's number of reservations.
 */
export function placeReservation(ctx: ServiceContext, input: { titleId: number; readerId: number }, placedBy: string): ReservationDto {
  const sql = ctx.sql;
  const dto = transaction(sql, () => {
    expireDue(ctx, sql);
    const reader = readerById(sql, input.readerId);
    if (!reader) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
    const t = q.titleForReservation(sql, input.titleId);
    if (!t) throw new AppError('TITLE_NOT_FOUND', 'Không tìm thấy đầu sách này.');
    const title = titleOf(t);
    const who = reader.fullName;
    if (!reader.active) throw new AppError('READER_INACTIVE', `Bạn đọc ${who} đã thôi hoạt động (thẻ hết hạn), không đặt trước được.`);
    const rule = resolveRule(policies(sql), reader.kind, t.seriesCode);
    const kindLabel = (readerKindLabels[reader.kind as ReaderKind] ?? reader.kind).toLowerCase();
    if (!rule || rule.maxReservations <= 0) {
      throw new AppError('RESERVE_NOT_ALLOWED', `Quy định mượn không cho ${kindLabel} đặt trước ${rule?.seriesCode === '*' || !rule ? 'sách' : t.seriesName}.`);
    }
    if (rule.inLibraryOnly) throw new AppError('RESERVE_NOT_ALLOWED', `${t.seriesName} chỉ đọc tại chỗ, không đặt trước được.`);
    const onLoan = q.copyOfTitleOnLoanTo(sql, reader.id, t.id);
    if (onLoan) throw new AppError('ALREADY_ON_LOAN', `${who} đang mượn bản ${onLoan} của «${title}», không cần đặt trước.`);
    const open = q.openReservationOf(sql, reader.id, t.id);
    if (open !== undefined) throw alreadyReserved(sql, open, who, title);
    if (t.inStock === 0) throw new AppError('NO_COPY', `Thư viện không còn bản nào của «${title}» để đặt trước.`);
    if (t.onShelf > 0) {
      const mark = shelfMark(t.classification, t.authorMark);
      const where = [t.shelfLocation ? `kho/kệ ${t.shelfLocation}` : '', mark ? `ký hiệu xếp giá ${mark}` : ''].filter(Boolean).join(', ');
      throw new AppError('COPY_ON_SHELF',
        `«${title}» còn ${t.onShelf} bản trên giá (bản ${t.shelfCode}${where ? `, ${where}` : ''}): hãy lấy sách trên giá, không cần đặt trước.`);
    }
    const count = q.openReservationCount(sql, reader.id);
    if (count >= rule.maxReservations) {
      throw new AppError('RESERVE_LIMIT', `${who} đã đặt trước ${count} đầu sách, tối đa ${rule.maxReservations} theo quy định mượn.`);
    }
    let id: number;
    try {
      id = q.insertReservation(sql, { titleId: t.id, readerId: reader.id, placedAt: ctx.now().toISOString(), placedBy, accountId: actorAccountId() });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ALREADY_RESERVED', `${who} đã đặt trước «${title}».`);
      throw error;
    }
    const row = q.reservationById(sql, id)!;
    writeAudit(sql, {
      action: 'reservation.place', entity: 'reservation', entityId: id, at: ctx.now(),
      details: { readerId: reader.id, title, titleId: t.id, position: row.position, placedBy },
    });
    return toReservationDto(row);
  });
  ctx.emit('reservations.changed', {});
  return dto;
}

/**
 * Cancels an open reservation, with the reason (audited). A ready one's copy passes to the next waiting reader,
 * or back to the shelf.
 */
export function cancelReservation(ctx: ServiceContext, id: number, reason: string): ReservationDto {
  const sql = ctx.sql;
  const why = reason.normalize('NFC').trim();
  if (!why) throw new AppError('VALIDATION', 'Hãy ghi lý do hủy đặt trước.');
  const dto = transaction(sql, () => {
    expireDue(ctx, sql);
    const r = q.reservationById(sql, id);
    if (!r) throw new AppError('NOT_FOUND', 'Không tìm thấy lượt đặt trước này.');
    if (r.status !== 'waiting' && r.status !== 'ready') {
      const label = reservationStatusLabels[r.status as ReservationStatus]?.toLowerCase() ?? r.status;
      throw new AppError('RESERVATION_CLOSED', `Lượt đặt trước «${titleOf(r)}» của ${r.readerName} đã ${label.replace(/^đã /, '')}, không hủy được.`);
    }
    q.closeReservation(sql, id, 'cancelled', ctx.now().toISOString(), why);
    writeAudit(sql, {
      action: 'reservation.cancel', entity: 'reservation', entityId: id, at: ctx.now(),
      details: { readerId: r.readerId, title: titleOf(r), reason: why, copy: r.status === 'ready' ? r.copyCode : undefined },
    });
    if (r.status === 'ready' && r.copyId !== null) passOn(ctx, sql, copyOfHold(r));
    return toReservationDto(q.reservationById(sql, id)!);
  });
  ctx.emit('reservations.changed', {});
  return dto;
}

/**
 * Reservations (default: the open ones). Reads only (effects.ts): a ready hold past its last day is listed as it is
 * (its copy is still on the hold shelf; the screens mark it 'quá hạn giữ') until the sweep after midnight, or a scan,
 * lend, return, place or cancel, passes it on inside its own transaction.
 */
export function listReservations(ctx: ServiceContext, filter: { status?: ReservationStatus; titleId?: number; readerId?: number }): ReservationDto[] {
  return q.reservationRows(ctx.sql, filter).map(toReservationDto);
}

/** Copies on the shelf of titles readers wait for, with where to find them (reservations.toPull). Reads only. */
export function copiesToPull(ctx: ServiceContext): CopyToPull[] {
  return q.copiesToPull(ctx.sql).map((c) => ({
    copyCode: c.copyCode, titleId: c.titleId, title: titleOf(c), location: c.location, shelfMark: shelfMark(c.classification, c.authorMark), waiting: c.waiting,
  }));
}

/** A reader's open reservations (waiting, with positions; ready, with the copy and its last day), in the order placed. Reads only. */
export function readerReservations(sql: Sql, readerId: number): ReservationDto[] {
  return q.readerReservationRows(sql, readerId).map(toReservationDto);
}

/** The ready holds of a class's pupils, by name (Phiếu báo sách đã về, the class teacher's OPAC page). Reads only. */
export function readyHoldsForClass(sql: Sql, className: string): ReservationDto[] {
  return q.readyRowsOfClass(sql, className).map(toReservationDto);
}
