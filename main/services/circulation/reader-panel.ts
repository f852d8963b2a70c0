import type { LoanDto, ReaderPanel } from '../../../shared/contract/circulation';
import type { ReservationDto } from '../../../shared/contract/reservations';
import { daysOverdue, resolveRule, type LoanRule } from '../../../shared/loan-rules';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { nfc } from '../../../shared/text';
import * as loans from '../../db/queries/circulation';
import type { DeskReaderRow, LoanRow } from '../../db/queries/circulation';
import type { PolicyRow } from '../../db/queries/loan-rules';
import { transaction, type Sql } from '../../db/sql';
import type { Reader } from '../../db/entities';
import type { ServiceContext } from '../context';
import { byCode, bySeries, policies } from '../loan-rules/rules';
import { toReaderDto } from '../readers/readers';
import { readerReservations } from '../reservations/reservations';

/** The reader panel of the desk, and the loan rows as the desk shows them. */

export const readerDto = (r: DeskReaderRow) => toReaderDto(r as Reader);

/**
 * Days a loan ran past its due date: counted to today while it is open, to the day it came back (or was
 * reported lost) once closed, so a late return stays late in the history. In-library loans are never late.
 */
export function loanOverdueDays(l: { kind: string; dueAt: string; returnedAt: string | null; lostAt: string | null }, today: string): number {
  if (l.kind === 'inLibrary') return 0;
  const closedAt = l.lostAt ?? l.returnedAt;
  return daysOverdue(l.dueAt, closedAt ? todayIso(new Date(closedAt)) : today);
}

export function toLoanDto(l: LoanRow, today: string): LoanDto {
  return {
    id: l.id, copyId: l.copyId, copyCode: l.copyCode, titleId: l.titleId, title: l.volume ? `${l.title}, ${l.volume}` : l.title,
    seriesCode: l.seriesCode, readerId: l.readerId, kind: l.kind as LoanDto['kind'], checkoutAt: l.checkoutAt, dueAt: l.dueAt,
    returnedAt: l.returnedAt, renewals: l.renewals, classSet: l.classSet, lostAt: l.lostAt,
    overdueDays: loanOverdueDays(l, today),
  };
}

export function loanDto(ctx: ServiceContext, loanId: number): LoanDto {
  const row = loans.loanById(ctx.sql, loanId);
  if (!row) throw new AppError('LOAN_NOT_FOUND', 'Không tìm thấy lượt mượn này.');
  return toLoanDto(row, todayIso(ctx.now()));
}

export function sameRule(a: LoanRule | null, b: LoanRule | null): boolean {
  return !!a && !!b && a.readerKind === b.readerKind && a.seriesCode === b.seriesCode;
}

/** Midnight (local time) of an ISO day, as the ISO instant visits are counted from. */
export function dayStart(today: string): string {
  return new Date(`${today}T00:00:00`).toISOString();
}

/** What the panel is made of: the reader (with today's visits), their open loans, every loan rule and their open reservations. */
export interface PanelRows {
  reader: DeskReaderRow & { visitsToday: number };
  open: LoanRow[];
  rules: PolicyRow[];
  reservations: ReservationDto[];
}

/** Reads the rows of a reader's panel (three statements; a fourth only for a reader with open reservations). */
export function panelRows(sql: Sql, readerId: number, today: string): PanelRows {
  const row = loans.readerWithVisits(sql, readerId, dayStart(today));
  if (!row) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  const { hasReservations, ...reader } = row;
  return {
    reader, open: loans.openLoansOfReader(sql, readerId), rules: policies(sql),
    reservations: hasReservations ? readerReservations(sql, readerId) : [],
  };
}

/** The reader panel from rows already read: open loans (overdue first), what is left of each allowance, visits today. */
export function panelOf(rows: PanelRows, today: string): ReaderPanel {
  const { reader } = rows;
  const open = rows.open.map((l) => toLoanDto(l, today));
  const rules = rows.rules.filter((p) => p.readerKind === reader.kind);
  const allowance = [...rules].sort(bySeries).map((rule) => {
    const used = open.filter((l) => sameRule(resolveRule(rules, reader.kind, l.seriesCode), rule)).length;
    return {
      seriesCode: rule.seriesCode, label: rule.seriesCode === '*' ? 'Sách mượn về' : rule.seriesName ?? rule.seriesCode,
      max: rule.maxItems, used, remaining: Math.max(0, rule.maxItems - used), inLibraryOnly: rule.inLibraryOnly,
    };
  });
  return {
    reader: readerDto(reader),
    loans: open.sort((a, b) => b.overdueDays - a.overdueDays || byCode(a.dueAt, b.dueAt)),
    overdue: open.filter((l) => l.overdueDays > 0).length,
    allowance,
    visitsToday: reader.visitsToday,
    reservations: rows.reservations,
  };
}

/**
 * The reader panel of the desk, read afresh. Reads only (effects.ts): a ready hold of theirs past its last day (between
 * midnight and the sweep, or after the clock moved) is shown as it is, 'hết hạn giữ' on screen; the sweep or the next
 * scan of that title passes it on.
 */
export function readerPanel(ctx: ServiceContext, readerId: number): ReaderPanel {
  const today = todayIso(ctx.now());
  const sql = ctx.sql;
  return transaction(sql, () => panelOf(panelRows(sql, readerId, today), today), { readOnly: true });
}

export function findReader(ctx: ServiceContext, code: string): DeskReaderRow | undefined {
  const c = nfc(code);
  return loans.readerByCard(ctx.sql, c.toUpperCase(), c);
}

/** Every loan of a reader, open and closed (returned, lost), newest first: the reader's loan history. */
export function loanHistory(ctx: ServiceContext, readerId: number): { reader: ReaderPanel['reader']; loans: LoanDto[] } {
  const sql = ctx.sql;
  const reader = loans.readerById(sql, readerId);
  if (!reader) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  const today = todayIso(ctx.now());
  return { reader: readerDto(reader), loans: loans.loansOfReader(sql, readerId).map((l) => toLoanDto(l, today)) };
}
