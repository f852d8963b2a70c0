import type { ScanResult } from '../../../shared/contract/circulation';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { VISIT_REPEAT_MINUTES } from '../../../shared/loan-rules';
import * as loans from '../../db/queries/circulation';
import type { DeskCopyAtDesk } from '../../db/queries/circulation';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { dayStart } from './reader-panel';

/** Lượt đến thư viện (visits) and lượt đọc tại chỗ (in-library use): what the desk's "Ghi lượt đọc" mode records. */

/**
 * Lượt đến thư viện: one visit of a reader (or an anonymous group with a head count). The same reader
 * again within VISIT_REPEAT_MINUTES is the visit already recorded (a card scanned twice), not a new one.
 */
export function recordVisit(ctx: ServiceContext, readerId: number | undefined, headcount = 1, note = ''): { visitId: number; today: number; repeated: boolean; at: string } {
  const sql = ctx.sql;
  const now = ctx.now();
  const result = transaction(sql, () => {
    const since = new Date(now.getTime() - VISIT_REPEAT_MINUTES * 60_000).toISOString();
    const last = readerId === undefined ? undefined : loans.lastVisitOfReaderSince(sql, readerId, since);
    if (last) return { visitId: last.id, repeated: true, at: last.visitedAt };
    return { visitId: loans.insertVisit(sql, readerId ?? null, now.toISOString(), headcount, note), repeated: false, at: now.toISOString() };
  });
  return { ...result, today: loans.headcountSince(sql, dayStart(todayIso(now))) };
}

/**
 * "Ghi lượt đọc" mode, a copy scanned: one lượt đọc tại chỗ of that copy (Koha's "local use"), with the
 * reader open at the desk if any. Never lends, never returns: a copy recorded as lent stays lent (the desk
 * says so). A weeded copy is refused; a copy recorded lost is refused with the "Tìm thấy" hint.
 * No audit row: like a loan or a visit, the row is itself the record (copy, reader, time) and is never
 * changed afterwards; the Nhật ký is for changes to what the library holds and exceptions to its rules.
 */
export function recordInLibraryUse(ctx: ServiceContext, { copy, held }: DeskCopyAtDesk, readerId: number | null): ScanResult {
  const sql = ctx.sql;
  const title = copy.volume ? `${copy.title}, ${copy.volume}` : copy.title;
  if (copy.status === 'withdrawn' || copy.withdrawalId !== null) {
    throw new AppError('COPY_WITHDRAWN', `Bản ${copy.code} (${title}) đã thanh lọc (xuất kho), không ghi lượt đọc tại chỗ.`);
  }
  if (copy.status === 'lost') {
    throw new AppError('COPY_LOST', `Bản ${copy.code} (${title}) đang ghi là đã mất. Nếu sách đã về thư viện, bấm "Tìm thấy".`, { copyCode: copy.code });
  }
  const now = ctx.now();
  const reader = readerId === null ? undefined : loans.readerById(sql, readerId);
  loans.insertInLibraryUse(sql, copy.id, reader ? reader.id : null, now.toISOString());
  const today = loans.inLibraryUsesSince(sql, dayStart(todayIso(now)));
  const warn = held ? ` Bản này đang ghi cho ${held.fullName} mượn: nếu sách đã được trả, chuyển sang "Trả sách" (F3) rồi quét lại.` : '';
  return {
    action: 'inLibraryUse', copyCode: copy.code, title, readerId: reader ? reader.id : null, heldBy: held ? held.fullName : null, today,
    message: `Đã ghi lượt đọc tại chỗ: ${title} — ${copy.code}${reader ? `, ${reader.fullName}` : ''} (hôm nay ${today} lượt).${warn}`,
  };
}
