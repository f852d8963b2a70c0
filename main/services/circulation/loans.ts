import type { BlockDto, LoanDto, ReaderPanel } from '../../../shared/contract/circulation';
import { currentActor, requirePermission } from '../actor';
import { formatDate, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { checkoutBlocks, dueDateFor, loanKindFor, nextOpenDay, renewalBlock, resolveRule } from '../../../shared/loan-rules';
import { nfc } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as loans from '../../db/queries/circulation';
import type { DeskCopyAtDesk, DeskCopyRow, LoanRow } from '../../db/queries/circulation';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { calendar, policies } from '../loan-rules/rules';
import type { HoldNotice } from '../../../shared/contract/reservations';
import { expireDue, fulfilOnLoan, holdForNext, holdNoticeOf, holdOfCopy, readerWithClass, reopenOnUndo } from '../reservations/hold-shelf';
import { unreadyHold, waitingCount } from '../../db/queries/reservations';
import { loanDto, panelOf, panelRows, readerPanel, sameRule, toLoanDto } from './reader-panel';

/** The desk's loans: lend (checkout), take back (return), transfer, renew, undo, lost and found. */

/**
 * Puts a copy no open loan holds where it belongs: back on the shelf, unless it is on a biên bản xuất
 * (stays withdrawn) or still recorded lost (stays lost until "Tìm thấy"). Returns the status set.
 */
function settleCopy(sql: Sql, copyId: number): loans.CopyResting {
  const status = loans.restingStatus(sql, copyId);
  loans.setCopyStatus(sql, copyId, status);
  return status;
}

export function findCopy(ctx: ServiceContext, code: string): DeskCopyRow | undefined {
  return loans.copyByCode(ctx.sql, nfc(code).toUpperCase());
}

/** The copy a code names with the open loan holding it, or COPY_NOT_FOUND. */
function copyAtDesk(sql: Sql, code: string): DeskCopyAtDesk {
  const found = loans.copyAtDesk(sql, nfc(code).toUpperCase());
  if (!found) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
  return found;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed: loan/.test(e?.message ?? '');
}

/** `fulfilled`: the reader's reservation of the title this loan fulfilled (Đặt trước), or null. */
export type LendOutcome = { ok: true; loan: LoanDto; panel: ReaderPanel; fulfilled: number | null } | { ok: false; blocks: BlockDto[] };

/**
 * Lends `copy` (read in this transaction, with `held`, the open loan holding it) to a reader, inside a
 * transaction: reads the reader, their open loans and the rules once, checks every block, writes the
 * loan and the copy's status (and the audit row of an override), and returns the loan and the reader's
 * panel built from the rows it read, without reading them again.
 */
export function lendIn(sql: Sql, ctx: ServiceContext, readerId: number, at: DeskCopyAtDesk, overrideReason: string | undefined): LendOutcome {
  const { copy, held } = at;
  // Đặt trước: only a title someone reserved costs more reads (holds past their day pass on first, then who this copy is kept for).
  let hold = null;
  if (copy.reserved) {
    expireDue(ctx, sql);
    hold = holdOfCopy(sql, copy.id);
  }
  const today = todayIso(ctx.now());
  const rows = panelRows(sql, readerId, today);
  const { reader, open, rules } = rows;
  const rule = resolveRule(rules, reader.kind, copy.seriesCode);
  const blocks = checkoutBlocks({
    copy: { code: copy.code, status: copy.status, title: copy.title, inWithdrawal: copy.withdrawalId !== null },
    reader: { fullName: reader.fullName, active: reader.active },
    heldBy: held ? (held.readerId === readerId ? `${reader.fullName} (chính bạn đọc này)` : held.fullName) : null,
    heldFor: hold && hold.readerId !== readerId ? { reader: readerWithClass(hold), holdUntil: hold.holdUntil ?? '' } : null,
    overdueLoans: open.filter((l) => l.kind !== 'inLibrary' && l.dueAt < today).length,
    rule, seriesName: copy.seriesName,
    openUnderRule: open.filter((l) => sameRule(resolveRule(rules, reader.kind, l.seriesCode), rule)).length,
  });
  const hard = blocks.filter((b) => !b.overridable);
  if (hard.length || (blocks.length && !overrideReason)) return { ok: false, blocks };
  // Lending past a block is the Thủ thư's (or a teacher's), never a pupil helper's (issue 20): refused, nothing written.
  if (blocks.length) requirePermission('desk.override');
  const { yearEnd, holidays } = calendar(sql);
  // An override of "in-library only" lends it home under the reader kind's default rule.
  const effective = rule && rule.inLibraryOnly ? resolveRule(rules.filter((r) => r.seriesCode === '*'), reader.kind, '*') ?? rule : rule;
  const dueAt = effective ? dueDateFor({ ...effective, inLibraryOnly: false }, today, yearEnd, holidays) : nextOpenDay(today, holidays);
  const kind = effective ? loanKindFor({ ...effective, inLibraryOnly: false }) : 'short';
  const checkoutAt = ctx.now().toISOString();
  let loanId: number;
  try {
    loanId = loans.insertLoan(sql, { copyId: copy.id, readerId, kind, checkoutAt, dueAt, classSet: null, overrideReason: blocks.length ? overrideReason! : null });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('COPY_ON_LOAN', `Bản ${copy.code} đang được mượn.`);
    throw error;
  }
  loans.setCopyStatus(sql, copy.id, 'onLoan');
  const fulfilled = copy.reserved ? fulfilOnLoan(ctx, sql, readerId, copy, checkoutAt) : null;
  // Who lent it (issue 20): the Nhật ký is the record of who lent, not only of what departed from the rules.
  if (!blocks.length) writeAudit(sql, { action: 'loan.checkout', entity: 'loan', entityId: loanId, at: ctx.now(), details: { readerId, copy: copy.code } });
  if (blocks.length) {
    writeAudit(sql, {
      action: 'loan.override', entity: 'loan', entityId: loanId, at: ctx.now(),
      details: { reason: overrideReason, blocks: blocks.map((b) => b.code), readerId, copy: copy.code },
    });
  }
  const row: LoanRow = {
    id: loanId, copyId: copy.id, readerId, kind, checkoutAt, dueAt, returnedAt: null, renewals: 0, classSet: null, lostAt: null,
    copyCode: copy.code, titleId: copy.titleId, title: copy.title, volume: copy.volume, seriesCode: copy.seriesCode,
    lentBy: currentActor()?.accountId ?? null, returnedBy: null,
  };
  if (fulfilled !== null) ctx.emit('reservations.changed', {});
  const reservations = rows.reservations.filter((r) => r.id !== fulfilled);
  return { ok: true, loan: toLoanDto(row, today), panel: panelOf({ ...rows, open: [...open, row], reservations }, today), fulfilled };
}

/** The error of a refused loan: the first hard block's code, or CHECKOUT_BLOCKED, with every block's message. */
function blockedError(blocks: BlockDto[]): AppError {
  const hard = blocks.find((b) => !b.overridable);
  return new AppError(hard ? hard.code : 'CHECKOUT_BLOCKED', blocks.map((b) => b.message).join(' '), { blocks });
}

/** Lends one copy to a reader. Blocks are explained; an override needs a reason and is audited. */
export function checkout(ctx: ServiceContext, readerId: number, code: string, overrideReason?: string): { loan: LoanDto; panel: ReaderPanel; fulfilled: number | null } {
  const sql = ctx.sql;
  const outcome = transaction(sql, () => lendIn(sql, ctx, readerId, copyAtDesk(sql, code), overrideReason || undefined));
  if (!outcome.ok) throw blockedError(outcome.blocks);
  return { loan: outcome.loan, panel: outcome.panel, fulfilled: outcome.fulfilled };
}

/**
 * Closes the open loan `held` of a copy (inside a transaction); the copy goes back where it belongs
 * (see settleCopy) — or, when someone waits for its title (Đặt trước), to the hold shelf for the first of them.
 */
export function returnIn(sql: Sql, ctx: ServiceContext, copy: DeskCopyRow, held: DeskCopyAtDesk['held']): { loanId: number; status: loans.CopyResting; hold: HoldNotice | null } {
  if (!held) throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${copy.title}) không có ai đang mượn.`);
  loans.returnLoan(sql, held.id, ctx.now().toISOString());
  writeAudit(sql, { action: 'loan.return', entity: 'loan', entityId: held.id, at: ctx.now(), details: { copy: copy.code } });
  const status = settleCopy(sql, copy.id);
  const hold = status === 'available' && copy.reserved ? holdReturned(ctx, sql, copy) : null;
  return { loanId: held.id, status: hold ? 'held' : status, hold };
}

/** A copy back on the shelf whose title is reserved: holds past their day pass on, then the first reader waiting gets it. */
function holdReturned(ctx: ServiceContext, sql: Sql, copy: DeskCopyRow): HoldNotice | null {
  expireDue(ctx, sql);
  const hold = holdForNext(ctx, sql, copy);
  if (hold) ctx.emit('reservations.changed', {});
  return hold;
}

/** Takes a copy back. A weeded or lost copy is taken back but never put back into stock. */
export function returnCopy(ctx: ServiceContext, code: string): { loan: LoanDto; panel: ReaderPanel; copyStatus: loans.CopyResting; hold: HoldNotice | null } {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const { copy, held } = copyAtDesk(sql, code);
    const { loanId, status, hold } = returnIn(sql, ctx, copy, held);
    const loan = loanDto(ctx, loanId);
    return { loan, panel: readerPanel(ctx, loan.readerId), copyStatus: status, hold };
  });
}

/**
 * A copy scanned where no loan holds it, whose title is reserved (Đặt trước): on the hold shelf already → who it is
 * kept for; on the shelf → it goes to the first reader waiting. Null when neither applies. Inside the scan's transaction.
 */
export function holdAtShelf(ctx: ServiceContext, sql: Sql, copy: DeskCopyRow): HoldNotice | null {
  if (!copy.reserved || copy.withdrawalId !== null) return null;
  expireDue(ctx, sql);
  const kept = holdOfCopy(sql, copy.id);
  if (kept) return holdNoticeOf(kept);
  if (loans.restingStatus(sql, copy.id) !== 'available') return null;
  const hold = holdForNext(ctx, sql, copy);
  if (hold) ctx.emit('reservations.changed', {});
  return hold;
}

/**
 * "Trả và cho bạn này mượn": the copy is still on loan to another reader; take it back from them and
 * lend it to this reader in one transaction. Every other block still applies (an override needs a reason).
 */
export function transfer(ctx: ServiceContext, readerId: number, code: string, overrideReason?: string): { returned: LoanDto; loan: LoanDto; panel: ReaderPanel; fulfilled: number | null } {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const { copy, held } = copyAtDesk(sql, code);
    if (!held) throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${copy.title}) không còn ai mượn; quét lại để cho mượn.`);
    if (held.readerId === readerId) throw new AppError('SAME_READER', `Bản ${copy.code} đang do chính bạn đọc này mượn.`);
    const { loanId: returnedId } = returnIn(sql, ctx, copy, held);
    // The copy is back: nobody holds it now (unless a reader waiting for the title: then only that reader may have it).
    const lent = lendIn(sql, ctx, readerId, { copy, held: null }, overrideReason || undefined);
    // Throwing rolls the return back too: nothing changes.
    if (!lent.ok) throw blockedError(lent.blocks);
    writeAudit(sql, {
      action: 'loan.transfer', entity: 'loan', entityId: lent.loan.id, at: ctx.now(),
      details: { copy: copy.code, fromReaderId: held.readerId, fromLoanId: returnedId, toReaderId: readerId, reason: overrideReason ?? null },
    });
    return { returned: loanDto(ctx, returnedId), loan: lent.loan, panel: lent.panel, fulfilled: lent.fulfilled };
  });
}

/**
 * "Tìm thấy": a copy recorded lost is back in the library. Closes every open loss of the copy (the loan
 * keeps its lost date and gets the return date and a note), puts the copy on the shelf, audited. Refused
 * for a copy on a biên bản xuất: a confirmed one has written it off, a draft one must drop it first.
 */
export function found(ctx: ServiceContext, code: string): { copyCode: string; title: string; message: string } {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const copy = findCopy(ctx, nfc(code).replace(/\s+/g, ''));
    if (!copy) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
    const title = copy.volume ? `${copy.title}, ${copy.volume}` : copy.title;
    if (copy.status === 'withdrawn' || copy.withdrawalId !== null) {
      const w = copy.withdrawalId === null ? undefined : loans.withdrawalById(sql, copy.withdrawalId);
      const which = w ? ` theo biên bản số ${w.number} ngày ${formatDate(w.approvalDate ?? w.date)}` : '';
      throw new AppError('COPY_WITHDRAWN', `Bản ${copy.code} đã xuất khỏi kho${which}, không đưa lại vào kho được. Nếu muốn dùng lại, hãy nhập bản này như sách mới.`);
    }
    const draft = loans.draftWithdrawalOfCopy(sql, copy.id);
    if (draft) {
      throw new AppError('COPY_IN_DRAFT_WITHDRAWAL', `Bản ${copy.code} đang có trong biên bản xuất chưa xác nhận${draft.number ? ` số ${draft.number}` : ''}. Hãy bỏ bản này khỏi biên bản trước rồi bấm "Tìm thấy".`);
    }
    const losses = loans.unresolvedLosses(sql, copy.id);
    if (copy.status !== 'lost' && !losses.length) {
      throw new AppError('COPY_NOT_LOST', `Bản ${copy.code} (${title}) không ghi là đã mất.`);
    }
    const stamp = ctx.now().toISOString();
    const foundNote = `Tìm thấy ngày ${formatDate(todayIso(ctx.now()))}`;
    for (const l of losses) loans.closeLoss(sql, l.id, stamp, l.note ? `${l.note}; ${foundNote}` : foundNote);
    loans.setCopyStatus(sql, copy.id, 'available');
    // Đặt trước: a found copy of a title someone waits for goes to the hold shelf.
    const hold = copy.reserved ? holdReturned(ctx, sql, copy) : null;
    writeAudit(sql, {
      action: 'copy.found', entity: 'copy', entityId: copy.id, at: ctx.now(),
      details: {
        copy: copy.code, loanIds: losses.map((l) => l.id),
        // What the reader paid or replaced stays on record (a refund is the librarian's call).
        losses: losses.map((l) => ({ loanId: l.id, readerId: l.readerId, compensation: l.compensation, amount: l.amount })),
      },
    });
    const where = hold ? ` ${hold.message}.` : '';
    return { copyCode: copy.code, title, message: `Đã tìm thấy ${copy.code} (${title}): bản sách trở lại kho, không còn tính là mất.${where}` };
  });
}

export function renew(ctx: ServiceContext, loanId: number, overrideReason?: string): { loan: LoanDto; previousDueAt: string; panel: ReaderPanel } {
  const sql = ctx.sql;
  const previousDueAt = transaction(sql, () => {
    const row = loans.loanById(sql, loanId);
    if (!row || row.returnedAt || row.lostAt) throw new AppError('LOAN_NOT_OPEN', 'Lượt mượn này đã kết thúc, không gia hạn được.');
    const reader = loans.readerById(sql, row.readerId)!;
    const rule = resolveRule(policies(sql), reader.kind, row.seriesCode);
    // Đặt trước: readers waiting for the title come before a renewal (as in Koha); a reason can still renew it.
    const waiting = waitingCount(sql, row.titleId);
    const why = renewalBlock(row, rule)
      ?? (waiting > 0 ? `Có ${waiting} bạn đọc đang chờ đặt trước «${row.volume ? `${row.title}, ${row.volume}` : row.title}»: không gia hạn, hãy trả sách đúng hạn.` : null);
    if (why && !overrideReason) throw new AppError('RENEW_BLOCKED', why);
    if (why) requirePermission('desk.override');
    const { yearEnd, holidays } = calendar(sql);
    const today = todayIso(ctx.now());
    const base = rule && !rule.untilYearEnd && !rule.inLibraryOnly ? rule : { loanDays: 7, untilYearEnd: false, inLibraryOnly: false };
    const due = dueDateFor(base, today > row.dueAt ? today : row.dueAt, yearEnd, holidays);
    loans.setDue(sql, loanId, due, 1);
    if (why) writeAudit(sql, { action: 'loan.renew.override', entity: 'loan', entityId: loanId, at: ctx.now(), details: { reason: overrideReason, block: why } });
    return row.dueAt;
  });
  const loan = loanDto(ctx, loanId);
  return { loan, previousDueAt, panel: readerPanel(ctx, loan.readerId) };
}

/** Undoes the desk's last action (a mis-scan): un-lend, un-return or un-renew. Audited. */
export function undo(ctx: ServiceContext, action: 'checkout' | 'return' | 'renew', loanId: number, previousDueAt?: string): { message: string; panel: ReaderPanel } {
  const sql = ctx.sql;
  const result = transaction(sql, () => {
    const row = loans.loanById(sql, loanId);
    if (!row) throw new AppError('LOAN_NOT_FOUND', 'Không tìm thấy lượt mượn này.');
    // A pupil helper undoes only their own mis-scan: the loan (or return) must be theirs (issue 20).
    const by = action === 'return' ? row.returnedBy : row.lentBy;
    if (by !== currentActor()?.accountId) requirePermission('desk.undoOthers');
    let message: string;
    if (action === 'checkout') {
      if (row.returnedAt || row.lostAt) throw new AppError('UNDO_STALE', 'Lượt mượn này đã kết thúc, không hoàn tác được.');
      loans.deleteLoan(sql, loanId);
      // Đặt trước: the reservation this loan fulfilled is open again (ready again, with this copy, if it was ready).
      const reopened = reopenOnUndo(ctx, sql, row);
      if (reopened?.copyId === row.copyId) loans.setCopyStatus(sql, row.copyId, 'held');
      else if (settleCopy(sql, row.copyId) === 'available') holdForNext(ctx, sql, { id: row.copyId, code: row.copyCode, titleId: row.titleId, seriesCode: row.seriesCode });
      if (reopened) ctx.emit('reservations.changed', {});
      message = `Đã hủy cho mượn ${row.copyCode}.`;
    } else if (action === 'return') {
      if (!row.returnedAt) throw new AppError('UNDO_STALE', 'Bản này chưa được trả, không có gì để hoàn tác.');
      if (loans.openLoanOfCopy(sql, row.copyId)) throw new AppError('COPY_ON_LOAN', `Bản ${row.copyCode} đã được cho mượn lại nên không hoàn tác được.`);
      // Đặt trước: a hold the return made goes back to waiting (its place in the queue is its id: unchanged).
      if (unreadyHold(sql, row.copyId)) ctx.emit('reservations.changed', {});
      loans.reopenLoan(sql, loanId);
      loans.setCopyStatus(sql, row.copyId, 'onLoan');
      message = `Đã hủy trả ${row.copyCode}: sách vẫn đang được mượn.`;
    } else {
      if (!previousDueAt || row.renewals < 1) throw new AppError('UNDO_STALE', 'Không có lần gia hạn nào để hoàn tác.');
      loans.setDue(sql, loanId, previousDueAt, -1);
      message = `Đã hủy gia hạn ${row.copyCode}.`;
    }
    writeAudit(sql, { action: `loan.undo.${action}`, entity: 'loan', entityId: loanId, at: ctx.now(), details: { copy: row.copyCode, readerId: row.readerId } });
    return { message, readerId: row.readerId };
  });
  return { message: result.message, panel: readerPanel(ctx, result.readerId) };
}

export function markLost(ctx: ServiceContext, loanId: number, compensation: 'book' | 'money' | 'none', amount: number | undefined, note: string): { loan: LoanDto; panel: ReaderPanel } {
  const sql = ctx.sql;
  transaction(sql, () => {
    const row = loans.loanById(sql, loanId);
    if (!row || row.returnedAt || row.lostAt) throw new AppError('LOAN_NOT_OPEN', 'Chỉ báo mất được sách đang mượn.');
    if (compensation === 'money' && !amount) throw new AppError('COMPENSATION_AMOUNT', 'Hãy nhập số tiền đền.');
    loans.markLoanLost(sql, loanId, ctx.now().toISOString(), compensation === 'none' ? null : compensation, compensation === 'money' ? amount! : null, note);
    loans.setCopyStatus(sql, row.copyId, 'lost');
    writeAudit(sql, { action: 'loan.lost', entity: 'loan', entityId: loanId, at: ctx.now(), details: { copy: row.copyCode, compensation, amount } });
  });
  const loan = loanDto(ctx, loanId);
  return { loan, panel: readerPanel(ctx, loan.readerId) };
}
