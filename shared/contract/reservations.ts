import { z } from 'zod';
import { empty, fileResult, id, method, requiredText, text } from './define';
import { reservationStatuses } from './enums';

export { reservationStatuses, reservationStatusLabels, OPAC_PLACED_BY, type ReservationStatus } from './enums';

/**
 * Đặt trước (issue 22): a reader's place in a title's queue, first come first served. The queue's order is the
 * order reservations were placed (their ids); a returned copy goes to the hold shelf for the first waiting reader.
 */
export const reservation = z.object({
  id,
  titleId: id,
  title: z.string(),
  readerId: id,
  readerName: z.string(),
  cardNumber: z.string(),
  className: z.string(),
  department: z.string(),
  status: z.enum(reservationStatuses),
  /** 1 = next, while waiting; null otherwise. */
  position: z.number().int().nullable(),
  /** ISO datetime. */
  placedAt: z.string(),
  /** The account's name at the desk, or 'Tra cứu trực tuyến' (OPAC). */
  placedBy: z.string(),
  /** The held copy, while ready (and once fulfilled). */
  copyCode: z.string().nullable(),
  readyAt: z.string().nullable(),
  /** ISO date: the last day the ready copy waits (open days: Sundays and holidays skipped). */
  holdUntil: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** The cancel reason, 'Hết hạn giữ', … */
  closedReason: z.string().nullable(),
  /**
   * While waiting, what the title's copies promise: how many the library still has for lending (on the shelf, lent,
   * on the hold shelf; 0 = every copy lost or written off, nobody can be served), and the earliest due date of a
   * copy lent out (ISO date, perhaps past: an overdue loan to chase). Null once not waiting.
   */
  copiesInStock: z.number().int().nullable(),
  nextDueAt: z.string().nullable(),
  /** For the head of the queue: the ĐKCB of a copy of the title on the shelf (one accessioned since, say) to lend her; else null. */
  shelfCopy: z.string().nullable(),
});
export type ReservationDto = z.infer<typeof reservation>;

/** What the desk says when a returned or scanned copy goes to the hold shelf. */
export const holdNotice = z.object({
  reservationId: id,
  readerId: id,
  readerName: z.string(),
  className: z.string(),
  department: z.string(),
  copyCode: z.string(),
  title: z.string(),
  holdUntil: z.string(),
  /** "Giữ cho Nguyễn Văn An — 7A2 (đến hết 12/12/2026)" */
  message: z.string(),
});
export type HoldNotice = z.infer<typeof holdNotice>;

/** A copy on the shelf of a title readers wait for (a new accession, say): to take down and scan for the first of them. */
export const copyToPull = z.object({
  copyCode: z.string(),
  titleId: id,
  title: z.string(),
  /** Kho/kệ, and the ký hiệu xếp giá ("895.9223 / TOH"), to find it. */
  location: z.string(),
  shelfMark: z.string(),
  /** Readers waiting for the title. */
  waiting: z.number().int(),
});
export type CopyToPull = z.infer<typeof copyToPull>;

export const reservationsContract = {
  /** Places a reservation for a title (all its copies out). Refused, changing nothing, when a copy is on the shelf, etc. */
  'reservations.place': method(z.object({ titleId: id, readerId: id }), reservation),
  /** Cancels a waiting or ready reservation (a ready one's copy passes to the next reader, or back to the shelf). Audited. */
  'reservations.cancel': method(z.object({ id, reason: requiredText('Hãy ghi lý do hủy đặt trước.') }), reservation),
  /** Reservations, queue order within a title; by default the open ones (waiting and ready). */
  'reservations.list': method(z.object({
    status: z.enum(reservationStatuses).optional(), titleId: id.optional(), readerId: id.optional(),
  }), z.array(reservation)),
  /**
   * Copies on the shelf of titles with a waiting queue (Koha's "holds to pull"): a copy reaches the shelf without passing
   * the desk when it is accessioned; scanned with no reader open, it goes to the hold shelf for the first in the queue.
   */
  'reservations.toPull': method(empty, z.array(copyToPull)),
  /** Phiếu giữ sách to put in the book: one small page (A6) per ready reservation given, in that order; none given: every ready one. */
  'reservations.slipPdf': method(z.object({ ids: z.array(id).default([]) }), fileResult),
  /** "Phiếu báo sách đã về": one slip per reader with a ready hold, three to an A4 page in class order (like the overdue reminders); '' = every class. */
  'reservations.noticesPdf': method(z.object({ className: text().default('') }), fileResult),
};
