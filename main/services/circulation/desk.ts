import type { BlockDto, LoanDto, ReaderPanel, ScanMode, ScanResult } from '../../../shared/contract/circulation';
import { formatDate, formatDateTime, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { checkoutBlocks, daysOverdue, dueDateFor, loanKindFor, renewalBlock, resolveRule, nextOpenDay, VISIT_REPEAT_MINUTES, type LoanRule } from '../../../shared/loan-rules';
import { nfc } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as loans from '../../db/queries/circulation';
import type { DeskCopyRow, DeskReaderRow, LoanRow } from '../../db/queries/circulation';
import { sqlOf, transaction, type Sql } from '../../db/sql';
import type { Reader } from '../../db/entities';
import type { ServiceContext } from '../context';
import { schoolOf } from '../settings';
import { toReaderDto } from '../readers/readers';

/** Plain code-point order for codes and ISO dates (localeCompare is slow on a hot path). */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const HOLIDAYS_KEY = 'circulation.holidays';

const readerDto = (r: DeskReaderRow) => toReaderDto(r as Reader);

export function policies(ctx: ServiceContext): loans.PolicyRow[] {
  return loans.policyRows(sqlOf(ctx.db));
}

/** School year end and holidays, read straight from the settings table (hot path). */
function calendar(sql: Sql): { yearEnd: string; holidays: string[] } {
  const school = loans.settingText(sql, 'school');
  const hol = loans.settingText(sql, HOLIDAYS_KEY);
  const yearEnd = school ? (JSON.parse(school).schoolYearEnd as string | undefined) ?? schoolOf(school).schoolYearEnd : schoolOf(undefined).schoolYearEnd;
  return { yearEnd, holidays: hol ? (JSON.parse(hol) as string[]) : [] };
}

/**
 * Days a loan ran past its due date: counted to today while it is open, to the day it came back (or was
 * reported lost) once closed, so a late return stays late in the history. In-library loans are never late.
 */
export function loanOverdueDays(l: { kind: string; dueAt: string; returnedAt: string | null; lostAt: string | null }, today: string): number {
  if (l.kind === 'inLibrary') return 0;
  const closedAt = l.lostAt ?? l.returnedAt;
  return daysOverdue(l.dueAt, closedAt ? todayIso(new Date(closedAt)) : today);
}

function toLoanDto(l: LoanRow, today: string): LoanDto {
  return {
    id: l.id, copyId: l.copyId, copyCode: l.copyCode, titleId: l.titleId, title: l.volume ? `${l.title}, ${l.volume}` : l.title,
    seriesCode: l.seriesCode, readerId: l.readerId, kind: l.kind as LoanDto['kind'], checkoutAt: l.checkoutAt, dueAt: l.dueAt,
    returnedAt: l.returnedAt, renewals: l.renewals, classSet: l.classSet, lostAt: l.lostAt,
    overdueDays: loanOverdueDays(l, today),
  };
}

function loanDto(ctx: ServiceContext, loanId: number): LoanDto {
  const row = loans.loanById(sqlOf(ctx.db), loanId);
  if (!row) throw new AppError('LOAN_NOT_FOUND', 'Không tìm thấy lượt mượn này.');
  return toLoanDto(row, todayIso(ctx.now()));
}

function sameRule(a: LoanRule | null, b: LoanRule | null): boolean {
  return !!a && !!b && a.readerKind === b.readerKind && a.seriesCode === b.seriesCode;
}

/** The reader panel of the desk: open loans (overdue first), what is left of each allowance, visits today. */
export function readerPanel(ctx: ServiceContext, readerId: number): ReaderPanel {
  const sql = sqlOf(ctx.db);
  const reader = loans.readerById(sql, readerId);
  if (!reader) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  const today = todayIso(ctx.now());
  const open = loans.openLoansOfReader(sql, readerId).map((l) => toLoanDto(l, today));
  const rules = loans.policyRows(sql).filter((p) => p.readerKind === reader.kind);
  const names = new Map(loans.seriesNames(sql).map((x) => [x.code, x.name]));
  const allowance = rules
    .sort((a, b) => (a.seriesCode === '*' ? -1 : b.seriesCode === '*' ? 1 : byCode(a.seriesCode, b.seriesCode)))
    .map((rule) => {
      const used = open.filter((l) => sameRule(resolveRule(rules, reader.kind, l.seriesCode), rule)).length;
      return {
        seriesCode: rule.seriesCode, label: rule.seriesCode === '*' ? 'Sách mượn về' : names.get(rule.seriesCode) ?? rule.seriesCode,
        max: rule.maxItems, used, remaining: Math.max(0, rule.maxItems - used), inLibraryOnly: rule.inLibraryOnly,
      };
    });
  const dayStart = new Date(`${today}T00:00:00`).toISOString();
  return {
    reader: readerDto(reader),
    loans: open.sort((a, b) => b.overdueDays - a.overdueDays || byCode(a.dueAt, b.dueAt)),
    overdue: open.filter((l) => l.overdueDays > 0).length,
    allowance,
    visitsToday: loans.visitsOfReaderSince(sql, readerId, dayStart),
  };
}

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
  return loans.copyByCode(sqlOf(ctx.db), nfc(code).toUpperCase());
}

export function findReader(ctx: ServiceContext, code: string): DeskReaderRow | undefined {
  const c = nfc(code);
  return loans.readerByCard(sqlOf(ctx.db), c.toUpperCase(), c);
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed: loan/.test(e?.message ?? '');
}

type CheckoutOutcome = { ok: true; loanId: number } | { ok: false; blocks: BlockDto[]; copy: DeskCopyRow };

/** Runs inside a transaction: checks every block against current data, then writes the loan. */
function checkoutIn(sql: Sql, ctx: ServiceContext, readerId: number, code: string, overrideReason: string | undefined): CheckoutOutcome {
  const copy = findCopy(ctx, code);
  if (!copy) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
  const reader = loans.readerById(sql, readerId);
  if (!reader) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  const today = todayIso(ctx.now());
  const held = loans.openLoanOfCopy(sql, copy.id);
  const open = loans.openLoansOfReader(sql, readerId);
  const rules = loans.policyRows(sql);
  const rule = resolveRule(rules, reader.kind, copy.seriesCode);
  const blocks = checkoutBlocks({
    copy: { code: copy.code, status: copy.status, title: copy.title, inWithdrawal: copy.withdrawalId !== null },
    reader: { fullName: reader.fullName, active: reader.active },
    heldBy: held ? (held.readerId === readerId ? `${reader.fullName} (chính bạn đọc này)` : held.fullName) : null,
    overdueLoans: open.filter((l) => l.kind !== 'inLibrary' && l.dueAt < today).length,
    rule, seriesName: copy.seriesName,
    openUnderRule: open.filter((l) => sameRule(resolveRule(rules, reader.kind, l.seriesCode), rule)).length,
  });
  const hard = blocks.filter((b) => !b.overridable);
  if (hard.length || (blocks.length && !overrideReason)) return { ok: false, blocks, copy };
  const { yearEnd, holidays } = calendar(sql);
  // An override of "in-library only" lends it home under the reader kind's default rule.
  const effective = rule && rule.inLibraryOnly ? resolveRule(rules.filter((r) => r.seriesCode === '*'), reader.kind, '*') ?? rule : rule;
  const due = effective ? dueDateFor({ ...effective, inLibraryOnly: false }, today, yearEnd, holidays) : nextOpenDay(today, holidays);
  const kind = effective ? loanKindFor({ ...effective, inLibraryOnly: false }) : 'short';
  let loanId: number;
  try {
    loanId = loans.insertLoan(sql, {
      copyId: copy.id, readerId, kind, checkoutAt: ctx.now().toISOString(), dueAt: due, classSet: null, overrideReason: blocks.length ? overrideReason! : null,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('COPY_ON_LOAN', `Bản ${copy.code} đang được mượn.`);
    throw error;
  }
  loans.setCopyStatus(sql, copy.id, 'onLoan');
  if (blocks.length) {
    writeAudit(sql, {
      action: 'loan.override', entity: 'loan', entityId: loanId, at: ctx.now(),
      details: { reason: overrideReason, blocks: blocks.map((b) => b.code), readerId, copy: copy.code },
    });
  }
  return { ok: true, loanId };
}

/** Lends one copy to a reader. Blocks are explained; an override needs a reason and is audited. */
export function checkout(ctx: ServiceContext, readerId: number, code: string, overrideReason?: string): { loan: LoanDto; panel: ReaderPanel } {
  const sql = sqlOf(ctx.db);
  const outcome = transaction(sql, () => checkoutIn(sql, ctx, readerId, code, overrideReason || undefined));
  if (!outcome.ok) {
    const hard = outcome.blocks.find((b) => !b.overridable);
    throw new AppError(hard ? hard.code : 'CHECKOUT_BLOCKED', outcome.blocks.map((b) => b.message).join(' '), { blocks: outcome.blocks });
  }
  return { loan: loanDto(ctx, outcome.loanId), panel: readerPanel(ctx, readerId) };
}

/** Closes the open loan of a copy (inside a transaction); the copy goes back where it belongs (see settleCopy). */
function returnIn(sql: Sql, ctx: ServiceContext, copy: DeskCopyRow): { loanId: number; status: loans.CopyResting } {
  const held = loans.openLoanOfCopy(sql, copy.id);
  if (!held) throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${copy.title}) không có ai đang mượn.`);
  loans.returnLoan(sql, held.id, ctx.now().toISOString());
  return { loanId: held.id, status: settleCopy(sql, copy.id) };
}

/** Takes a copy back. A weeded or lost copy is taken back but never put back into stock. */
export function returnCopy(ctx: ServiceContext, code: string): { loan: LoanDto; panel: ReaderPanel; copyStatus: loans.CopyResting } {
  const sql = sqlOf(ctx.db);
  const { loanId, status } = transaction(sql, () => {
    const copy = findCopy(ctx, code);
    if (!copy) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
    return returnIn(sql, ctx, copy);
  });
  const loan = loanDto(ctx, loanId);
  return { loan, panel: readerPanel(ctx, loan.readerId), copyStatus: status };
}

/** Why a returned copy did not go back on the shelf, for the desk's message. */
function restingNote(status: loans.CopyResting): string {
  if (status === 'withdrawn') return ' Bản này đã thanh lọc (xuất kho): để riêng, không xếp lại lên kệ.';
  if (status === 'lost') return ' Bản này đang ghi là đã mất: bấm "Tìm thấy" để đưa lại vào kho.';
  return '';
}

/**
 * "Trả và cho bạn này mượn": the copy is still on loan to another reader; take it back from them and
 * lend it to this reader in one transaction. Every other block still applies (an override needs a reason).
 */
export function transfer(ctx: ServiceContext, readerId: number, code: string, overrideReason?: string): { returned: LoanDto; loan: LoanDto; panel: ReaderPanel } {
  const sql = sqlOf(ctx.db);
  const outcome = transaction(sql, () => {
    const copy = findCopy(ctx, code);
    if (!copy) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
    const held = loans.openLoanOfCopy(sql, copy.id);
    if (!held) throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${copy.title}) không còn ai mượn; quét lại để cho mượn.`);
    if (held.readerId === readerId) throw new AppError('SAME_READER', `Bản ${copy.code} đang do chính bạn đọc này mượn.`);
    const { loanId: returnedId } = returnIn(sql, ctx, copy);
    const lent = checkoutIn(sql, ctx, readerId, copy.code, overrideReason || undefined);
    if (!lent.ok) {
      const blocks = lent.blocks;
      const hard = blocks.find((b) => !b.overridable);
      // Throwing rolls the return back too: nothing changes.
      throw new AppError(hard ? hard.code : 'CHECKOUT_BLOCKED', blocks.map((b) => b.message).join(' '), { blocks });
    }
    writeAudit(sql, {
      action: 'loan.transfer', entity: 'loan', entityId: lent.loanId, at: ctx.now(),
      details: { copy: copy.code, fromReaderId: held.readerId, fromLoanId: returnedId, toReaderId: readerId, reason: overrideReason ?? null },
    });
    return { returnedId, loanId: lent.loanId };
  });
  return { returned: loanDto(ctx, outcome.returnedId), loan: loanDto(ctx, outcome.loanId), panel: readerPanel(ctx, readerId) };
}

/**
 * "Tìm thấy": a copy recorded lost is back in the library. Closes every open loss of the copy (the loan
 * keeps its lost date and gets the return date and a note), puts the copy on the shelf, audited. Refused
 * for a copy on a biên bản xuất: a confirmed one has written it off, a draft one must drop it first.
 */
export function found(ctx: ServiceContext, code: string): { copyCode: string; title: string; message: string } {
  const sql = sqlOf(ctx.db);
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
    writeAudit(sql, {
      action: 'copy.found', entity: 'copy', entityId: copy.id, at: ctx.now(),
      details: {
        copy: copy.code, loanIds: losses.map((l) => l.id),
        // What the reader paid or replaced stays on record (a refund is the librarian's call).
        losses: losses.map((l) => ({ loanId: l.id, readerId: l.readerId, compensation: l.compensation, amount: l.amount })),
      },
    });
    return { copyCode: copy.code, title, message: `Đã tìm thấy ${copy.code} (${title}): bản sách trở lại kho, không còn tính là mất.` };
  });
}

/** Every loan of a reader, open and closed (returned, lost), newest first: the reader's loan history. */
export function loanHistory(ctx: ServiceContext, readerId: number): { reader: ReaderPanel['reader']; loans: LoanDto[] } {
  const sql = sqlOf(ctx.db);
  const reader = loans.readerById(sql, readerId);
  if (!reader) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  const today = todayIso(ctx.now());
  return { reader: readerDto(reader), loans: loans.loansOfReader(sql, readerId).map((l) => toLoanDto(l, today)) };
}

export function renew(ctx: ServiceContext, loanId: number, overrideReason?: string): { loan: LoanDto; previousDueAt: string; panel: ReaderPanel } {
  const sql = sqlOf(ctx.db);
  const previousDueAt = transaction(sql, () => {
    const row = loans.loanById(sql, loanId);
    if (!row || row.returnedAt || row.lostAt) throw new AppError('LOAN_NOT_OPEN', 'Lượt mượn này đã kết thúc, không gia hạn được.');
    const reader = loans.readerById(sql, row.readerId)!;
    const rule = resolveRule(loans.policyRows(sql), reader.kind, row.seriesCode);
    const why = renewalBlock(row, rule);
    if (why && !overrideReason) throw new AppError('RENEW_BLOCKED', why);
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
  const sql = sqlOf(ctx.db);
  const result = transaction(sql, () => {
    const row = loans.loanById(sql, loanId);
    if (!row) throw new AppError('LOAN_NOT_FOUND', 'Không tìm thấy lượt mượn này.');
    let message: string;
    if (action === 'checkout') {
      if (row.returnedAt || row.lostAt) throw new AppError('UNDO_STALE', 'Lượt mượn này đã kết thúc, không hoàn tác được.');
      loans.deleteLoan(sql, loanId);
      settleCopy(sql, row.copyId);
      message = `Đã hủy cho mượn ${row.copyCode}.`;
    } else if (action === 'return') {
      if (!row.returnedAt) throw new AppError('UNDO_STALE', 'Bản này chưa được trả, không có gì để hoàn tác.');
      if (loans.openLoanOfCopy(sql, row.copyId)) throw new AppError('COPY_ON_LOAN', `Bản ${row.copyCode} đã được cho mượn lại nên không hoàn tác được.`);
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

/**
 * Lượt đến thư viện: one visit of a reader (or an anonymous group with a head count). The same reader
 * again within VISIT_REPEAT_MINUTES is the visit already recorded (a card scanned twice), not a new one.
 */
export function recordVisit(ctx: ServiceContext, readerId: number | undefined, headcount = 1, note = ''): { visitId: number; today: number; repeated: boolean; at: string } {
  const sql = sqlOf(ctx.db);
  const now = ctx.now();
  const result = transaction(sql, () => {
    const since = new Date(now.getTime() - VISIT_REPEAT_MINUTES * 60_000).toISOString();
    const last = readerId === undefined ? undefined : loans.lastVisitOfReaderSince(sql, readerId, since);
    if (last) return { visitId: last.id, repeated: true, at: last.visitedAt };
    return { visitId: loans.insertVisit(sql, readerId ?? null, now.toISOString(), headcount, note), repeated: false, at: now.toISOString() };
  });
  const dayStart = new Date(`${todayIso(now)}T00:00:00`).toISOString();
  return { ...result, today: loans.headcountSince(sql, dayStart) };
}

/**
 * "Ghi lượt đọc" mode, a copy scanned: one lượt đọc tại chỗ of that copy (Koha's "local use"), with the
 * reader open at the desk if any. Never lends, never returns: a copy recorded as lent stays lent (the desk
 * says so). A weeded copy is refused; a copy recorded lost is refused with the "Tìm thấy" hint.
 * No audit row: like a loan or a visit, the row is itself the record (copy, reader, time) and is never
 * changed afterwards; the Nhật ký is for changes to what the library holds and exceptions to its rules.
 */
function recordInLibraryUse(ctx: ServiceContext, copy: DeskCopyRow, readerId: number | null): ScanResult {
  const sql = sqlOf(ctx.db);
  const title = copy.volume ? `${copy.title}, ${copy.volume}` : copy.title;
  if (copy.status === 'withdrawn' || copy.withdrawalId !== null) {
    throw new AppError('COPY_WITHDRAWN', `Bản ${copy.code} (${title}) đã thanh lọc (xuất kho), không ghi lượt đọc tại chỗ.`);
  }
  if (copy.status === 'lost') {
    throw new AppError('COPY_LOST', `Bản ${copy.code} (${title}) đang ghi là đã mất. Nếu sách đã về thư viện, bấm "Tìm thấy".`, { copyCode: copy.code });
  }
  const now = ctx.now();
  const held = loans.openLoanOfCopy(sql, copy.id);
  const reader = readerId === null ? undefined : loans.readerById(sql, readerId);
  loans.insertInLibraryUse(sql, copy.id, reader ? reader.id : null, now.toISOString());
  const today = loans.inLibraryUsesSince(sql, new Date(`${todayIso(now)}T00:00:00`).toISOString());
  const warn = held ? ` Bản này đang ghi cho ${held.fullName} mượn: nếu sách đã được trả, chuyển sang "Trả sách" (F3) rồi quét lại.` : '';
  return {
    action: 'inLibraryUse', copyCode: copy.code, title, readerId: reader ? reader.id : null, heldBy: held ? held.fullName : null, today,
    message: `Đã ghi lượt đọc tại chỗ: ${title} — ${copy.code}${reader ? `, ${reader.fullName}` : ''} (hôm nay ${today} lượt).${warn}`,
  };
}

export function markLost(ctx: ServiceContext, loanId: number, compensation: 'book' | 'money' | 'none', amount: number | undefined, note: string): { loan: LoanDto; panel: ReaderPanel } {
  const sql = sqlOf(ctx.db);
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

/**
 * Routes a scanned code: a card opens the reader (and records a visit, lượt đến thư viện, in "ghi lượt đọc"
 * mode); in that mode a copy records a lượt đọc tại chỗ and nothing else; otherwise a copy is lent to the open
 * reader, or returned when no reader is open (or in return mode, or when the open reader already holds it);
 * an ISBN opens the title; anything else is a clear error.
 */
export function scan(ctx: ServiceContext, code: string, readerId: number | null, mode: ScanMode): ScanResult {
  const sql = sqlOf(ctx.db);
  const trimmed = nfc(code).replace(/\s+/g, '');
  const copy = findCopy(ctx, trimmed);
  if (copy) {
    // "Ghi lượt đọc": a book scan records in-library reading of that copy; it never lends or returns.
    if (mode === 'visit') return recordInLibraryUse(ctx, copy, readerId);
    const held = loans.openLoanOfCopy(sql, copy.id);
    const title = copy.volume ? `${copy.title}, ${copy.volume}` : copy.title;
    if (mode === 'return' || !readerId || (held && held.readerId === readerId)) {
      if (!held) {
        if (copy.status === 'withdrawn' || copy.withdrawalId !== null) throw new AppError('COPY_WITHDRAWN', `Bản ${copy.code} (${title}) đã thanh lọc (xuất kho), không cho mượn được.`);
        if (copy.status === 'lost') {
          throw new AppError('COPY_LOST', `Bản ${copy.code} (${title}) đang ghi là đã mất. Nếu sách đã về thư viện, bấm "Tìm thấy".`, { copyCode: copy.code });
        }
        if (!readerId) throw new AppError('NO_READER', `Bản ${copy.code} (${title}) đang ở thư viện. Hãy quét thẻ bạn đọc trước để cho mượn.`);
        throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${title}) không có ai đang mượn.`);
      }
      const r = returnCopy(ctx, copy.code);
      const late = r.loan.overdueDays > 0 ? ` — trả trễ ${r.loan.overdueDays} ngày` : ' — đúng hạn';
      return { action: 'return', loan: r.loan, panel: r.panel, message: `Đã trả: ${title} — ${copy.code}, ${r.panel.reader.fullName}${late}.${restingNote(r.copyStatus)}` };
    }
    const outcome = transaction(sql, () => checkoutIn(sql, ctx, readerId, copy.code, undefined));
    if (!outcome.ok) {
      return { action: 'blocked', blocks: outcome.blocks, copyCode: copy.code, title, readerId, message: outcome.blocks.map((b) => b.message).join(' ') };
    }
    const loan = loanDto(ctx, outcome.loanId);
    return { action: 'checkout', loan, panel: readerPanel(ctx, readerId), message: `Cho mượn: ${title} — ${copy.code}, hạn trả ${formatDate(loan.dueAt)}.` };
  }
  const reader = findReader(ctx, trimmed);
  if (reader) {
    const where = reader.className || reader.department;
    const who = `${reader.fullName}${where ? ` (${where})` : ''}`;
    if (mode === 'visit') {
      const v = recordVisit(ctx, reader.id);
      const panel = readerPanel(ctx, reader.id);
      const time = formatDateTime(v.at).slice(11);
      return {
        action: 'reader', panel, visitRecorded: !v.repeated,
        message: v.repeated
          ? `${who} đã được ghi lượt đến thư viện lúc ${time}: quét lại trong ${VISIT_REPEAT_MINUTES} phút vẫn là một lượt, không ghi thêm.`
          : `Đã ghi lượt đến thư viện: ${who}, lúc ${time} (hôm nay ${v.today} lượt).`,
      };
    }
    const panel = readerPanel(ctx, reader.id);
    return { action: 'reader', panel, visitRecorded: false, message: `Bạn đọc: ${reader.fullName}${where ? ` — ${where}` : ''}.` };
  }
  const isbn = normalizeIsbn(trimmed);
  if (isbn && isbn !== 'invalid') {
    const t = loans.titleByIsbn(sql, isbn);
    if (t) return { action: 'title', titleId: t.id, title: t.title, message: `Mở đầu sách: ${t.title}.` };
    throw new AppError('ISBN_UNKNOWN', `Chưa có đầu sách nào mang ISBN ${isbn}. Hãy biên mục đầu sách này trước.`);
  }
  throw new AppError('SCAN_UNKNOWN', `Không nhận ra mã "${trimmed}": không phải thẻ bạn đọc, mã bản sách hay ISBN.`);
}
