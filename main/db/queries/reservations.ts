import { prepared, type Sql } from '../sql';

/**
 * Đặt trước (issue 22), the `reservation` table. A title's queue is its waiting reservations in id order (ids are
 * handed out in commit order by SQLite's one writer, so two places never swap). Open = waiting or ready.
 */

export interface ReservationRow {
  id: number; titleId: number; title: string; volume: string; readerId: number; readerName: string; cardNumber: string;
  className: string; department: string; readerKind: string; readerActive: number; status: string; placedAt: string; placedBy: string;
  copyId: number | null; copyCode: string | null; copySeriesCode: string | null; readyAt: string | null; holdUntil: string | null; closedAt: string | null;
  closedReason: string | null;
  /** 1 = next, for a waiting reservation; null otherwise. */
  position: number | null;
  /** For a waiting reservation: the title's copies still held for lending, and the earliest due date of one lent out. */
  copiesInStock: number | null; nextDueAt: string | null;
  /** For a waiting reservation: a copy of the title on the shelf (its ĐKCB), if any. */
  shelfCopy: string | null;
}

/** What placing a reservation must know about the title. */
export interface TitleForReservation {
  id: number; title: string; volume: string; seriesCode: string; seriesName: string; classification: string; authorMark: string;
  /** Copies still held by the library (on the shelf, lent, on the hold shelf). */
  inStock: number;
  /** Copies on the shelf, and where the first of them is (kho/kệ; its ĐKCB). */
  onShelf: number; shelfLocation: string | null; shelfCode: string | null;
}

const OPEN_RESERVATION = "status IN ('waiting', 'ready')";

const ROW = `SELECT r.id, r.title_id AS titleId, t.title, t.volume, r.reader_id AS readerId, rd.full_name AS readerName,
    COALESCE(NULLIF(rd.card_number, ''), rd.code) AS cardNumber, rd.class_name AS className, rd.department, rd.kind AS readerKind,
    rd.active AS readerActive, r.status, r.placed_at AS placedAt, r.placed_by AS placedBy, r.copy_id AS copyId, c.accession_code AS copyCode, cs.code AS copySeriesCode,
    r.ready_at AS readyAt, r.hold_until AS holdUntil, r.closed_at AS closedAt, r.closed_reason AS closedReason,
    CASE WHEN r.status = 'waiting' THEN (SELECT COUNT(*) FROM reservation w WHERE w.title_id = r.title_id AND w.status = 'waiting' AND w.id <= r.id) END AS position,
    CASE WHEN r.status = 'waiting' THEN (SELECT COUNT(*) FROM copy ic WHERE ic.title_id = r.title_id AND ic.status IN ('available', 'onLoan', 'held')
      AND ic.withdrawal_id IS NULL) END AS copiesInStock,
    CASE WHEN r.status = 'waiting' THEN (SELECT MIN(l.due_at) FROM copy lc JOIN loan l ON l.copy_id = lc.id
      WHERE lc.title_id = r.title_id AND l.returned_at IS NULL AND l.lost_at IS NULL) END AS nextDueAt,
    CASE WHEN r.status = 'waiting' THEN (SELECT sc.accession_code FROM copy sc WHERE sc.title_id = r.title_id AND sc.status = 'available'
      AND sc.withdrawal_id IS NULL ORDER BY sc.id LIMIT 1) END AS shelfCopy
  FROM reservation r JOIN title t ON t.id = r.title_id JOIN reader rd ON rd.id = r.reader_id LEFT JOIN copy c ON c.id = r.copy_id
  LEFT JOIN collection_series cs ON cs.id = c.series_id`;

const statements = (sql: Sql) => ({
  byId: sql.prepare(`${ROW} WHERE r.id = ?`),
  list: sql.prepare(`${ROW} WHERE (@status IS NULL AND r.${OPEN_RESERVATION} OR r.status = @status)
    AND (@titleId IS NULL OR r.title_id = @titleId) AND (@readerId IS NULL OR r.reader_id = @readerId)
    ORDER BY CASE WHEN r.status = 'ready' THEN 0 ELSE 1 END, r.hold_until, t.sort_key, r.title_id, r.id`),
  ofReader: sql.prepare(`${ROW} WHERE r.reader_id = ? AND r.${OPEN_RESERVATION} ORDER BY r.id`),
  readyOfClass: sql.prepare(`${ROW} WHERE r.status = 'ready' AND rd.class_name = ? ORDER BY rd.full_name, r.id`),
  title: sql.prepare(`SELECT t.id, t.title, t.volume, s.code AS seriesCode, s.name AS seriesName, t.classification, t.author_mark AS authorMark,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status IN ('available', 'onLoan', 'held') AND c.withdrawal_id IS NULL) AS inStock,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available' AND c.withdrawal_id IS NULL) AS onShelf,
      (SELECT c.location FROM copy c WHERE c.title_id = t.id AND c.status = 'available' AND c.withdrawal_id IS NULL ORDER BY c.id LIMIT 1) AS shelfLocation,
      (SELECT c.accession_code FROM copy c WHERE c.title_id = t.id AND c.status = 'available' AND c.withdrawal_id IS NULL ORDER BY c.id LIMIT 1) AS shelfCode
    FROM title t JOIN collection_series s ON s.id = t.series_id WHERE t.id = ?`),
  readerHoldsTitle: sql.prepare(`SELECT c.accession_code FROM loan l JOIN copy c ON c.id = l.copy_id
    WHERE l.reader_id = ? AND c.title_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL LIMIT 1`).pluck(),
  openOfReaderForTitle: sql.prepare(`SELECT id FROM reservation WHERE reader_id = ? AND title_id = ? AND ${OPEN_RESERVATION}`).pluck(),
  waitingOfTitle: sql.prepare(`SELECT COUNT(*) FROM reservation WHERE title_id = ? AND status = 'waiting'`).pluck(),
  openCountOfReader: sql.prepare(`SELECT COUNT(*) FROM reservation WHERE reader_id = ? AND ${OPEN_RESERVATION}`).pluck(),
  insert: sql.prepare(`INSERT INTO reservation (title_id, reader_id, status, placed_at, placed_by, account_id) VALUES (?, ?, 'waiting', ?, ?, ?)`),
  nextWaiting: sql.prepare(`${ROW} WHERE r.title_id = ? AND r.status = 'waiting' ORDER BY r.id LIMIT 1`),
  readyForCopy: sql.prepare(`${ROW} WHERE r.copy_id = ? AND r.status = 'ready'`),
  readyOfReaderForTitle: sql.prepare(`${ROW} WHERE r.reader_id = ? AND r.title_id = ? AND r.status = 'ready'`),
  waitingOfReaderForTitle: sql.prepare(`SELECT id FROM reservation WHERE reader_id = ? AND title_id = ? AND status = 'waiting'`).pluck(),
  makeReady: sql.prepare(`UPDATE reservation SET status = 'ready', copy_id = ?, ready_at = ?, hold_until = ? WHERE id = ? AND status = 'waiting'`),
  close: sql.prepare(`UPDATE reservation SET status = @status, closed_at = @at, closed_reason = @reason WHERE id = @id AND ${OPEN_RESERVATION}`),
  fulfil: sql.prepare(`UPDATE reservation SET status = 'fulfilled', copy_id = ?, closed_at = ? WHERE id = ? AND ${OPEN_RESERVATION}`),
  fulfilledByLoan: sql.prepare(`SELECT id FROM reservation WHERE status = 'fulfilled' AND copy_id = ? AND reader_id = ? AND closed_at = ?`).pluck(),
  reopenFulfilled: sql.prepare(`UPDATE reservation SET status = CASE WHEN ready_at IS NOT NULL THEN 'ready' ELSE 'waiting' END,
      copy_id = CASE WHEN ready_at IS NOT NULL THEN copy_id END, closed_at = NULL
    WHERE status = 'fulfilled' AND copy_id = ? AND reader_id = ? AND closed_at = ? RETURNING status`).pluck(),
  unready: sql.prepare(`UPDATE reservation SET status = 'waiting', copy_id = NULL, ready_at = NULL, hold_until = NULL
    WHERE copy_id = ? AND status = 'ready'`),
  expiredBefore: sql.prepare(`${ROW} WHERE r.status = 'ready' AND r.hold_until < ? ORDER BY r.hold_until, r.id`),
  toPull: sql.prepare(`SELECT c.accession_code AS copyCode, t.id AS titleId, t.title, t.volume, COALESCE(c.location, '') AS location,
      t.classification, t.author_mark AS authorMark, w.n AS waiting
    FROM (SELECT title_id, COUNT(*) AS n FROM reservation WHERE status = 'waiting' GROUP BY title_id) w
    JOIN title t ON t.id = w.title_id JOIN copy c ON c.title_id = t.id AND c.status = 'available' AND c.withdrawal_id IS NULL
    ORDER BY t.sort_key, t.id, c.id`),
  counts: sql.prepare(`SELECT COALESCE(SUM(status = 'waiting'), 0) AS waiting, COALESCE(SUM(status = 'ready'), 0) AS ready FROM reservation
    WHERE ${OPEN_RESERVATION}`),
  placedPerMonth: sql.prepare(`SELECT substr(placed_at, 1, 7) AS month, COUNT(*) AS n FROM reservation
    WHERE placed_at >= ? AND placed_at < ? GROUP BY month`),
  fulfilledPerMonth: sql.prepare(`SELECT substr(closed_at, 1, 7) AS month, COUNT(*) AS n FROM reservation
    WHERE status = 'fulfilled' AND closed_at >= ? AND closed_at < ? GROUP BY month`),
});
const s = (sql: Sql) => prepared(sql, statements);

const position = (r: ReservationRow): ReservationRow => ({ ...r, position: r.position === null ? null : Number(r.position) });

export function reservationById(sql: Sql, id: number): ReservationRow | undefined {
  const r = s(sql).byId.get(id) as ReservationRow | undefined;
  return r && position(r);
}

/** Reservations by status (default: open ones), title or reader; ready ones first (by deadline), then by title and queue order. */
export function reservationRows(sql: Sql, filter: { status?: string; titleId?: number; readerId?: number }): ReservationRow[] {
  return (s(sql).list.all({ status: filter.status ?? null, titleId: filter.titleId ?? null, readerId: filter.readerId ?? null }) as ReservationRow[]).map(position);
}

/** A reader's open reservations (waiting with their positions, and ready), in the order placed. */
export function readerReservationRows(sql: Sql, readerId: number): ReservationRow[] {
  return (s(sql).ofReader.all(readerId) as ReservationRow[]).map(position);
}

/** Ready holds of the pupils of a class (Phiếu báo sách đã về, the class teacher's OPAC page). */
export function readyRowsOfClass(sql: Sql, className: string): ReservationRow[] {
  return (s(sql).readyOfClass.all(className) as ReservationRow[]).map(position);
}

export function titleForReservation(sql: Sql, titleId: number): TitleForReservation | undefined {
  const t = s(sql).title.get(titleId) as TitleForReservation | undefined;
  return t && { ...t, inStock: Number(t.inStock), onShelf: Number(t.onShelf) };
}

/** The ĐKCB of a copy of the title the reader has on loan now, if any. */
export function copyOfTitleOnLoanTo(sql: Sql, readerId: number, titleId: number): string | undefined {
  return s(sql).readerHoldsTitle.get(readerId, titleId) as string | undefined;
}

export function openReservationOf(sql: Sql, readerId: number, titleId: number): number | undefined {
  return s(sql).openOfReaderForTitle.get(readerId, titleId) as number | undefined;
}

/** How many readers wait in a title's queue. */
export function waitingCount(sql: Sql, titleId: number): number {
  return Number(s(sql).waitingOfTitle.get(titleId));
}

export function openReservationCount(sql: Sql, readerId: number): number {
  return Number(s(sql).openCountOfReader.get(readerId));
}

/** Adds a reader at the end of a title's queue; returns the id (its place in the queue). */
export function insertReservation(sql: Sql, r: { titleId: number; readerId: number; placedAt: string; placedBy: string; accountId: number | null }): number {
  return Number(s(sql).insert.run(r.titleId, r.readerId, r.placedAt, r.placedBy, r.accountId).lastInsertRowid);
}

/** The first waiting reservation of a title (the head of its queue). */
export function nextWaiting(sql: Sql, titleId: number): ReservationRow | undefined {
  const r = s(sql).nextWaiting.get(titleId) as ReservationRow | undefined;
  return r && position(r);
}

/** The ready reservation a copy on the hold shelf is kept for. */
export function readyForCopy(sql: Sql, copyId: number): ReservationRow | undefined {
  const r = s(sql).readyForCopy.get(copyId) as ReservationRow | undefined;
  return r && position(r);
}

export function readyOfReaderForTitle(sql: Sql, readerId: number, titleId: number): ReservationRow | undefined {
  const r = s(sql).readyOfReaderForTitle.get(readerId, titleId) as ReservationRow | undefined;
  return r && position(r);
}

export function waitingOfReaderForTitle(sql: Sql, readerId: number, titleId: number): number | undefined {
  return s(sql).waitingOfReaderForTitle.get(readerId, titleId) as number | undefined;
}

/** A waiting reservation gets its copy on the hold shelf; false when it was no longer waiting. */
export function makeReady(sql: Sql, id: number, copyId: number, at: string, holdUntil: string): boolean {
  return s(sql).makeReady.run(copyId, at, holdUntil, id).changes > 0;
}

/** Closes an open reservation as cancelled or expired, with why; false when it was no longer open. */
export function closeReservation(sql: Sql, id: number, status: 'cancelled' | 'expired', at: string, reason: string): boolean {
  return s(sql).close.run({ id, status, at, reason }).changes > 0;
}

/** The reader took a copy home: the reservation is fulfilled (copy = the copy lent). */
export function fulfilReservation(sql: Sql, id: number, copyId: number, at: string): boolean {
  return s(sql).fulfil.run(copyId, at, id).changes > 0;
}

/** The reservation a loan fulfilled (same copy, reader and instant), if any. */
export function fulfilledByLoan(sql: Sql, copyId: number, readerId: number, checkoutAt: string): number | undefined {
  return s(sql).fulfilledByLoan.get(copyId, readerId, checkoutAt) as number | undefined;
}

/**
 * Undoing a loan that fulfilled a reservation (same copy, reader and instant): the reservation is open again — ready
 * (kept with this copy) if it had been ready, else waiting. Returns the status it got, or undefined when none matched.
 */
export function reopenFulfilled(sql: Sql, copyId: number, readerId: number, checkoutAt: string): 'ready' | 'waiting' | undefined {
  return s(sql).reopenFulfilled.get(copyId, readerId, checkoutAt) as 'ready' | 'waiting' | undefined;
}

/** Undoing the return that put a copy on the hold shelf: its reservation waits again (same place: its id). True when one did. */
export function unreadyHold(sql: Sql, copyId: number): boolean {
  return s(sql).unready.run(copyId).changes > 0;
}

/** Ready holds whose last day is before `today` (ISO date). */
export function expiredHolds(sql: Sql, today: string): ReservationRow[] {
  return (s(sql).expiredBefore.all(today) as ReservationRow[]).map(position);
}

/** A copy on the shelf of a title with readers waiting. */
export interface CopyToPullRow {
  copyCode: string; titleId: number; title: string; volume: string; location: string; classification: string; authorMark: string; waiting: number;
}

/** Copies on the shelf of titles with a waiting queue, by title (Vietnamese order) then copy. */
export function copiesToPull(sql: Sql): CopyToPullRow[] {
  return s(sql).toPull.all() as CopyToPullRow[];
}

/** Open reservations now: waiting in a queue, ready on the hold shelf. */
export function reservationCounts(sql: Sql): { waiting: number; ready: number } {
  const r = s(sql).counts.get() as { waiting: number; ready: number };
  return { waiting: Number(r.waiting), ready: Number(r.ready) };
}

/** Reservations placed and fulfilled per month ('YYYY-MM') between two ISO instants. */
export function reservationsPerMonth(sql: Sql, from: string, to: string): { placed: Map<string, number>; fulfilled: Map<string, number> } {
  const m = (rows: unknown[]) => new Map((rows as { month: string; n: number }[]).map((r) => [r.month, Number(r.n)]));
  return { placed: m(s(sql).placedPerMonth.all(from, to)), fulfilled: m(s(sql).fulfilledPerMonth.all(from, to)) };
}
