import type { z } from 'zod';
import { expandRange, splitCode } from '../../../shared/accession';
import type { CopyRef, WithdrawalDto, withdrawalInput } from '../../../shared/contract/withdrawal';
import { formatDate } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { writeAudit } from '../../db/queries/audit';
import {
  closeLoanAsLost, copyForWithdrawal, copyRefByCode, copyRefByNumber, deleteWithdrawal, insertWithdrawal, lostCopyRows, markWithdrawalConfirmed,
  openLoanOf, replaceWithdrawalItems, updateWithdrawal, withdrawalById, withdrawalIds, withdrawalItems, withdrawalStatus, withdrawCopy,
} from '../../db/queries/withdrawal';
import { transaction, type Sql } from '../../db/sql';
import { loadSeries } from '../accession/numbering';
import type { ServiceContext } from '../context';
import { holdOfCopy, readerWithClass } from '../reservations/hold-shelf';

export { REASON_LABELS } from '../../../shared/contract/enums';

export function getWithdrawal(sql: Sql, id: number): WithdrawalDto {
  const w = withdrawalById(sql, id);
  if (!w) throw new AppError('NOT_FOUND', 'Không tìm thấy biên bản này.');
  const items = withdrawalItems(sql, id);
  return { ...w, items, totalValue: items.reduce((a, i) => a + i.price, 0) };
}

export function listWithdrawals(sql: Sql) {
  return withdrawalIds(sql).map((id) => {
    const { items, ...w } = getWithdrawal(sql, id);
    return { ...w, copies: items.length };
  });
}

/**
 * A copy on the hold shelf (Đặt trước) is not written off: a reader is waiting for it, and ending their turn is a
 * cancellation that needs its own reason in the Nhật ký. The librarian cancels the reservation first (the copy then
 * passes on or goes back to the shelf), so nothing is dropped silently.
 */
function heldError(sql: Sql, copyId: number, code: string): AppError {
  const hold = holdOfCopy(sql, copyId);
  const who = hold ? ` cho ${readerWithClass(hold)}` : '';
  return new AppError('COPY_HELD', `Bản ${code} đang giữ${who} (sách đặt trước). Hãy hủy đặt trước đó (ghi lý do) rồi mới xuất bản này.`);
}

export function saveDraftWithdrawal(ctx: ServiceContext, input: z.output<typeof withdrawalInput>): WithdrawalDto {
  const sql = ctx.sql;
  const now = ctx.now();
  const id = transaction(sql, () => {
    const seen = new Set<number>();
    const rows = input.items.map((item) => {
      const c = copyForWithdrawal(sql, item.copyId);
      if (!c) throw new AppError('NOT_FOUND', 'Không tìm thấy một bản sách trong biên bản.');
      if (c.status === 'withdrawn') throw new AppError('ALREADY_WITHDRAWN', `Bản ${c.code} đã được xuất khỏi kho trước đây.`);
      if (c.status === 'held') throw heldError(sql, c.id, c.code);
      if (seen.has(c.id)) throw new AppError('DUPLICATE_ITEM', `Bản ${c.code} có hai lần trong biên bản.`);
      seen.add(c.id);
      return { ...item, price: c.price };
    });
    const fields = {
      number: input.number, date: input.date, approvalDate: input.approvalDate, members: input.members, decisionNumber: input.decisionNumber, note: input.note,
    };
    let wid = input.id;
    if (wid) {
      const status = withdrawalStatus(sql, wid);
      if (!status) throw new AppError('NOT_FOUND', 'Không tìm thấy biên bản này.');
      if (status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Biên bản đã xác nhận thì không sửa được.');
      updateWithdrawal(sql, wid, fields);
    } else {
      wid = insertWithdrawal(sql, fields, now.toISOString());
    }
    replaceWithdrawalItems(sql, wid, rows);
    writeAudit(sql, { at: now, action: input.id ? 'update' : 'create', entity: 'withdrawal', entityId: wid, details: { items: rows.length } });
    return wid;
  });
  return getWithdrawal(sql, id);
}

export function deleteDraftWithdrawal(ctx: ServiceContext, id: number): void {
  const sql = ctx.sql;
  const now = ctx.now();
  transaction(sql, () => {
    const status = withdrawalStatus(sql, id);
    if (!status) throw new AppError('NOT_FOUND', 'Không tìm thấy biên bản này.');
    if (status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Biên bản đã xác nhận thì không xóa được.');
    deleteWithdrawal(sql, id);
    writeAudit(sql, { at: now, action: 'delete', entity: 'withdrawal', entityId: id, details: {} });
  });
}

/**
 * Confirms a biên bản: each copy becomes withdrawn, keeps its line everywhere with the note
 * "đã thanh lọc, BB số … ngày …". A copy on loan is refused unless its reason is a loss (the loan is
 * then closed as lost).
 */
export function confirmWithdrawal(ctx: ServiceContext, id: number): WithdrawalDto {
  const sql = ctx.sql;
  const now = ctx.now();
  const stamp = now.toISOString();
  transaction(sql, () => {
    const w = getWithdrawal(sql, id);
    if (w.status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Biên bản này đã được xác nhận.');
    if (w.items.length === 0) throw new AppError('EMPTY', 'Biên bản chưa có bản sách nào.');
    const note = `đã thanh lọc, BB số ${w.number} ngày ${formatDate(w.approvalDate ?? w.date)}${w.decisionNumber ? `, QĐ số ${w.decisionNumber}` : ''}`;
    for (const item of w.items) {
      if (item.status === 'withdrawn') throw new AppError('ALREADY_WITHDRAWN', `Bản ${item.accessionCode} đã được xuất khỏi kho trước đây.`);
      if (item.status === 'held') throw heldError(sql, item.copyId, item.accessionCode);
      const loan = openLoanOf(sql, item.copyId);
      if (loan) {
        if (item.reason !== 'lost' && item.reason !== 'lostPaid') {
          throw new AppError('ON_LOAN', `Bản ${item.accessionCode} đang được mượn (${loan.reader}); chỉ xuất được khi ghi lý do "Mất". Hãy nhận trả trước.`);
        }
        closeLoanAsLost(sql, loan.id, stamp);
      }
      withdrawCopy(sql, item.copyId, id, note);
    }
    markWithdrawalConfirmed(sql, id, stamp);
    writeAudit(sql, { at: now, action: 'confirm', entity: 'withdrawal', entityId: id, details: { copies: w.items.map((i) => i.accessionCode) } });
  });
  return getWithdrawal(sql, id);
}

/** "STK000120", "STK120-STK125", "stk3" (typed short), separated by spaces, commas, semicolons or lines. */
export function resolveCopies(sql: Sql, text: string): { copies: CopyRef[]; notFound: string[] } {
  const tokens = text.replace(/\s*[-–—]\s*/g, '-').split(/[\s,;]+/).filter(Boolean);
  const series = loadSeries(sql);
  const copies: CopyRef[] = [];
  const notFound: string[] = [];
  const seen = new Set<number>();
  for (const token of tokens) {
    const codes = expandRange(token) ?? [token];
    for (const code0 of codes) {
      const code = code0.toUpperCase();
      let c: CopyRef | undefined = copyRefByCode(sql, code);
      if (!c) {
        const parts = splitCode(code);
        const s = parts && series.find((x) => `${x.prefix}${x.separator}`.toUpperCase() === parts.head);
        if (parts && s) c = copyRefByNumber(sql, s.id, parts.number);
      }
      if (!c) notFound.push(code);
      else if (!seen.has(c.id)) {
        seen.add(c.id);
        copies.push(c);
      }
    }
  }
  return { copies, notFound };
}

export function lostCopies(sql: Sql): (CopyRef & { compensated: boolean })[] {
  return lostCopyRows(sql).map((r) => ({ ...r, compensated: r.compensated === 1 }));
}
