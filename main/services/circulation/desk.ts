import type Database from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import type { BlockDto, LoanDto, ReaderPanel, ScanMode, ScanResult } from '../../../shared/contract/circulation';
import { formatDate, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { checkoutBlocks, daysOverdue, dueDateFor, loanKindFor, renewalBlock, resolveRule, nextOpenDay, type LoanRule } from '../../../shared/loan-rules';
import { nfc } from '../../../shared/text';
import { rawConnection } from '../../db/data-source';
import type { Reader } from '../../db/entities';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { DEFAULT_SCHOOL } from '../settings';
import { inTransaction } from '../transaction';
import { toReaderDto } from '../readers/readers';

/** Plain code-point order for codes and ISO dates (localeCompare is slow on a hot path). */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const HOLIDAYS_KEY = 'circulation.holidays';

interface CopyRow {
  id: number; titleId: number; code: string; barcode: string; status: string; price: number;
  title: string; volume: string; seriesCode: string; seriesName: string; withdrawalId: number | null;
}
interface LoanRow {
  id: number; copyId: number; readerId: number; kind: string; checkoutAt: string; dueAt: string; returnedAt: string | null;
  renewals: number; classSet: string | null; lostAt: string | null; copyCode: string; titleId: number; title: string; volume: string; seriesCode: string;
}
export interface PolicyRow extends LoanRule { id: number }

const LOAN_SELECT = `SELECT l.id, l.copy_id AS copyId, l.reader_id AS readerId, l.kind, l.checkout_at AS checkoutAt, l.due_at AS dueAt,
  l.returned_at AS returnedAt, l.renewals, l.class_set AS classSet, l.lost_at AS lostAt, c.accession_code AS copyCode,
  c.title_id AS titleId, t.title, t.volume, s.code AS seriesCode
  FROM loan l JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id`;

/** Prepared statements per connection: the desk's hot path runs a handful of indexed lookups. */
function statements(raw: Database.Database) {
  const p = (sql: string) => raw.prepare(sql);
  return {
    readerByCard: p('SELECT * FROM reader WHERE card_number = ? OR code = ? LIMIT 1'),
    readerById: p('SELECT * FROM reader WHERE id = ?'),
    copyByCode: p(`SELECT c.id, c.title_id AS titleId, c.accession_code AS code, c.barcode, c.status, c.price, c.withdrawal_id AS withdrawalId, t.title, t.volume,
      s.code AS seriesCode, s.name AS seriesName FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
      WHERE c.barcode = ? OR c.accession_code = ? LIMIT 1`),
    openLoanOfCopy: p(`SELECT l.id, l.reader_id AS readerId, r.full_name AS fullName FROM loan l JOIN reader r ON r.id = l.reader_id
      WHERE l.copy_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`),
    openLoansOfReader: p(`${LOAN_SELECT} WHERE l.reader_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`),
    loanById: p(`${LOAN_SELECT} WHERE l.id = ?`),
    policies: p(`SELECT id, reader_kind AS readerKind, series_code AS seriesCode, max_items AS maxItems, loan_days AS loanDays,
      max_renewals AS maxRenewals, in_library_only AS inLibraryOnly, until_year_end AS untilYearEnd FROM loan_policy`),
    seriesNames: p('SELECT code, name FROM collection_series'),
    setting: p('SELECT value FROM setting WHERE key = ?'),
    insertLoan: p(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at, renewals, class_set, override_reason, note)
      VALUES (?, ?, ?, ?, ?, 0, ?, ?, '')`),
    setCopyStatus: p('UPDATE copy SET status = ? WHERE id = ?'),
    /** Where a copy rests once no open loan holds it: out of stock if weeded or still recorded lost, else on the shelf. */
    restingStatus: p(`SELECT CASE WHEN c.status = 'withdrawn' OR c.withdrawal_id IS NOT NULL THEN 'withdrawn'
      WHEN c.status = 'lost' OR EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.lost_at IS NOT NULL AND l.returned_at IS NULL) THEN 'lost'
      ELSE 'available' END AS status FROM copy c WHERE c.id = ?`),
    unresolvedLosses: p(`SELECT id, reader_id AS readerId, note, compensation, compensation_amount AS amount FROM loan WHERE copy_id = ? AND lost_at IS NOT NULL AND returned_at IS NULL`),
    loansOfReader: p(`${LOAN_SELECT} WHERE l.reader_id = ? ORDER BY l.checkout_at DESC, l.id DESC`),
    returnLoan: p('UPDATE loan SET returned_at = ? WHERE id = ?'),
    titleByIsbn: p('SELECT id, title FROM title WHERE isbn = ? LIMIT 1'),
    visitsToday: p('SELECT COUNT(*) AS n FROM visit WHERE reader_id = ? AND visited_at >= ?'),
    visitsAllToday: p('SELECT COALESCE(SUM(headcount), 0) AS n FROM visit WHERE visited_at >= ?'),
    insertVisit: p(`INSERT INTO visit (reader_id, visited_at, headcount, purpose, note) VALUES (?, ?, ?, 'read', ?)`),
  };
}
type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Database.Database, Statements>();
function stmts(ctx: ServiceContext): Statements {
  const raw = rawConnection(ctx.db);
  let s = cache.get(raw);
  if (!s) cache.set(raw, (s = statements(raw)));
  return s;
}

interface RawReader {
  id: number; kind: string; code: string; card_number: string; full_name: string; birth_date: string | null; sex: string;
  class_name: string; grade: number | null; department: string; position: string; subject: string; phone: string;
  school_year: string; first_school_year: string; active: number; photo: string | null; card_issued_at: string | null;
}
function readerFromRow(r: RawReader): Reader {
  return {
    id: r.id, kind: r.kind, code: r.code, cardNumber: r.card_number, fullName: r.full_name, birthDate: r.birth_date, sex: r.sex,
    className: r.class_name, grade: r.grade, department: r.department, position: r.position, subject: r.subject, phone: r.phone,
    schoolYear: r.school_year, firstSchoolYear: r.first_school_year, active: !!r.active, photo: r.photo, cardIssuedAt: r.card_issued_at,
  } as Reader;
}

export function policies(ctx: ServiceContext): PolicyRow[] {
  return (stmts(ctx).policies.all() as PolicyRow[]).map((p) => ({ ...p, inLibraryOnly: !!p.inLibraryOnly, untilYearEnd: !!p.untilYearEnd }));
}

/** School year end and holidays, read straight from the settings table (hot path). */
function calendar(ctx: ServiceContext): { yearEnd: string; holidays: string[] } {
  const s = stmts(ctx);
  const school = s.setting.get('school') as { value: string } | undefined;
  const hol = s.setting.get(HOLIDAYS_KEY) as { value: string } | undefined;
  const yearEnd = school ? (JSON.parse(school.value).schoolYearEnd as string | undefined) ?? DEFAULT_SCHOOL.schoolYearEnd : DEFAULT_SCHOOL.schoolYearEnd;
  return { yearEnd, holidays: hol ? (JSON.parse(hol.value) as string[]) : [] };
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
  const row = stmts(ctx).loanById.get(loanId) as LoanRow | undefined;
  if (!row) throw new AppError('LOAN_NOT_FOUND', 'Không tìm thấy lượt mượn này.');
  return toLoanDto(row, todayIso(ctx.now()));
}

function sameRule(a: LoanRule | null, b: LoanRule | null): boolean {
  return !!a && !!b && a.readerKind === b.readerKind && a.seriesCode === b.seriesCode;
}

/** The reader panel of the desk: open loans (overdue first), what is left of each allowance, visits today. */
export function readerPanel(ctx: ServiceContext, readerId: number): ReaderPanel {
  const s = stmts(ctx);
  const raw = s.readerById.get(readerId) as RawReader | undefined;
  if (!raw) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  const reader = readerFromRow(raw);
  const today = todayIso(ctx.now());
  const loans = (s.openLoansOfReader.all(readerId) as LoanRow[]).map((l) => toLoanDto(l, today));
  const rules = policies(ctx).filter((p) => p.readerKind === reader.kind);
  const names = new Map((s.seriesNames.all() as { code: string; name: string }[]).map((x) => [x.code, x.name]));
  const allowance = rules
    .sort((a, b) => (a.seriesCode === '*' ? -1 : b.seriesCode === '*' ? 1 : byCode(a.seriesCode, b.seriesCode)))
    .map((rule) => {
      const used = loans.filter((l) => sameRule(resolveRule(rules, reader.kind, l.seriesCode), rule)).length;
      return {
        seriesCode: rule.seriesCode, label: rule.seriesCode === '*' ? 'Sách mượn về' : names.get(rule.seriesCode) ?? rule.seriesCode,
        max: rule.maxItems, used, remaining: Math.max(0, rule.maxItems - used), inLibraryOnly: rule.inLibraryOnly,
      };
    });
  const dayStart = new Date(`${today}T00:00:00`).toISOString();
  return {
    reader: toReaderDto(reader),
    loans: loans.sort((a, b) => b.overdueDays - a.overdueDays || byCode(a.dueAt, b.dueAt)),
    overdue: loans.filter((l) => l.overdueDays > 0).length,
    allowance,
    visitsToday: Number((s.visitsToday.get(readerId, dayStart) as { n: number }).n),
  };
}

/**
 * Puts a copy no open loan holds where it belongs: back on the shelf, unless it is on a biên bản xuất
 * (stays withdrawn) or still recorded lost (stays lost until "Tìm thấy"). Returns the status set.
 */
function settleCopy(ctx: ServiceContext, copyId: number): 'available' | 'withdrawn' | 'lost' {
  const s = stmts(ctx);
  const { status } = s.restingStatus.get(copyId) as { status: 'available' | 'withdrawn' | 'lost' };
  s.setCopyStatus.run(status, copyId);
  return status;
}

export function findCopy(ctx: ServiceContext, code: string): CopyRow | undefined {
  const c = nfc(code).toUpperCase();
  return stmts(ctx).copyByCode.get(c, c) as CopyRow | undefined;
}

export function findReader(ctx: ServiceContext, code: string): Reader | undefined {
  const c = nfc(code);
  const r = stmts(ctx).readerByCard.get(c.toUpperCase(), c) as RawReader | undefined;
  return r ? readerFromRow(r) : undefined;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed: loan/.test(e?.message ?? '');
}

type CheckoutOutcome = { ok: true; loanId: number } | { ok: false; blocks: BlockDto[]; copy: CopyRow };

/** Runs inside a transaction: checks every block against current data, then writes the loan. */
async function checkoutIn(m: EntityManager, ctx: ServiceContext, readerId: number, code: string, overrideReason: string | undefined): Promise<CheckoutOutcome> {
  const s = stmts(ctx);
  const copy = findCopy(ctx, code);
  if (!copy) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
  const rawReader = s.readerById.get(readerId) as RawReader | undefined;
  if (!rawReader) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  const reader = readerFromRow(rawReader);
  const today = todayIso(ctx.now());
  const held = s.openLoanOfCopy.get(copy.id) as { id: number; readerId: number; fullName: string } | undefined;
  const open = s.openLoansOfReader.all(readerId) as LoanRow[];
  const rules = policies(ctx);
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
  const { yearEnd, holidays } = calendar(ctx);
  // An override of "in-library only" lends it home under the reader kind's default rule.
  const effective = rule && rule.inLibraryOnly ? resolveRule(rules.filter((r) => r.seriesCode === '*'), reader.kind, '*') ?? rule : rule;
  const due = effective ? dueDateFor({ ...effective, inLibraryOnly: false }, today, yearEnd, holidays) : nextOpenDay(today, holidays);
  const kind = effective ? loanKindFor({ ...effective, inLibraryOnly: false }) : 'short';
  let loanId: number;
  try {
    loanId = Number(s.insertLoan.run(copy.id, readerId, kind, ctx.now().toISOString(), due, null, blocks.length ? overrideReason! : null).lastInsertRowid);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('COPY_ON_LOAN', `Bản ${copy.code} đang được mượn.`);
    throw error;
  }
  s.setCopyStatus.run('onLoan', copy.id);
  if (blocks.length) {
    await audit(m, {
      action: 'loan.override', entity: 'loan', entityId: loanId, at: ctx.now(),
      details: { reason: overrideReason, blocks: blocks.map((b) => b.code), readerId, copy: copy.code },
    });
  }
  return { ok: true, loanId };
}

/** Lends one copy to a reader. Blocks are explained; an override needs a reason and is audited. */
export async function checkout(ctx: ServiceContext, readerId: number, code: string, overrideReason?: string): Promise<{ loan: LoanDto; panel: ReaderPanel }> {
  const outcome = await inTransaction(ctx.db, (m) => checkoutIn(m, ctx, readerId, code, overrideReason || undefined));
  if (!outcome.ok) {
    const hard = outcome.blocks.find((b) => !b.overridable);
    throw new AppError(hard ? hard.code : 'CHECKOUT_BLOCKED', outcome.blocks.map((b) => b.message).join(' '), { blocks: outcome.blocks });
  }
  return { loan: loanDto(ctx, outcome.loanId), panel: readerPanel(ctx, readerId) };
}

/** Closes the open loan of a copy (inside a transaction); the copy goes back where it belongs (see settleCopy). */
function returnIn(ctx: ServiceContext, copy: CopyRow): { loanId: number; status: ReturnType<typeof settleCopy> } {
  const s = stmts(ctx);
  const held = s.openLoanOfCopy.get(copy.id) as { id: number } | undefined;
  if (!held) throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${copy.title}) không có ai đang mượn.`);
  s.returnLoan.run(ctx.now().toISOString(), held.id);
  return { loanId: held.id, status: settleCopy(ctx, copy.id) };
}

/** Takes a copy back. A weeded or lost copy is taken back but never put back into stock. */
export async function returnCopy(ctx: ServiceContext, code: string): Promise<{ loan: LoanDto; panel: ReaderPanel; copyStatus: 'available' | 'withdrawn' | 'lost' }> {
  const { loanId, status } = await inTransaction(ctx.db, async () => {
    const copy = findCopy(ctx, code);
    if (!copy) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
    return returnIn(ctx, copy);
  });
  const loan = loanDto(ctx, loanId);
  return { loan, panel: readerPanel(ctx, loan.readerId), copyStatus: status };
}

/** Why a returned copy did not go back on the shelf, for the desk's message. */
function restingNote(status: 'available' | 'withdrawn' | 'lost'): string {
  if (status === 'withdrawn') return ' Bản này đã thanh lọc (xuất kho): để riêng, không xếp lại lên kệ.';
  if (status === 'lost') return ' Bản này đang ghi là đã mất: bấm "Tìm thấy" để đưa lại vào kho.';
  return '';
}

/**
 * "Trả và cho bạn này mượn": the copy is still on loan to another reader; take it back from them and
 * lend it to this reader in one transaction. Every other block still applies (an override needs a reason).
 */
export async function transfer(ctx: ServiceContext, readerId: number, code: string, overrideReason?: string): Promise<{ returned: LoanDto; loan: LoanDto; panel: ReaderPanel }> {
  const outcome = await inTransaction(ctx.db, async (m) => {
    const s = stmts(ctx);
    const copy = findCopy(ctx, code);
    if (!copy) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
    const held = s.openLoanOfCopy.get(copy.id) as { id: number; readerId: number; fullName: string } | undefined;
    if (!held) throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${copy.title}) không còn ai mượn; quét lại để cho mượn.`);
    if (held.readerId === readerId) throw new AppError('SAME_READER', `Bản ${copy.code} đang do chính bạn đọc này mượn.`);
    const { loanId: returnedId } = returnIn(ctx, copy);
    const lent = await checkoutIn(m, ctx, readerId, copy.code, overrideReason || undefined);
    if (!lent.ok) {
      const blocks = lent.blocks;
      const hard = blocks.find((b) => !b.overridable);
      // Throwing rolls the return back too: nothing changes.
      throw new AppError(hard ? hard.code : 'CHECKOUT_BLOCKED', blocks.map((b) => b.message).join(' '), { blocks });
    }
    await audit(m, {
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
export async function found(ctx: ServiceContext, code: string): Promise<{ copyCode: string; title: string; message: string }> {
  return inTransaction(ctx.db, async (m) => {
    const s = stmts(ctx);
    const copy = findCopy(ctx, nfc(code).replace(/\s+/g, ''));
    if (!copy) throw new AppError('COPY_NOT_FOUND', `Không có bản sách mã ${code}.`);
    const title = copy.volume ? `${copy.title}, ${copy.volume}` : copy.title;
    if (copy.status === 'withdrawn' || copy.withdrawalId !== null) {
      const w = copy.withdrawalId === null ? undefined
        : (await m.query('SELECT number, date, approval_date AS approvalDate FROM withdrawal WHERE id = ?', [copy.withdrawalId]))[0] as
          { number: string; date: string; approvalDate: string | null } | undefined;
      const which = w ? ` theo biên bản số ${w.number} ngày ${formatDate(w.approvalDate ?? w.date)}` : '';
      throw new AppError('COPY_WITHDRAWN', `Bản ${copy.code} đã xuất khỏi kho${which}, không đưa lại vào kho được. Nếu muốn dùng lại, hãy nhập bản này như sách mới.`);
    }
    const draft = (await m.query(`SELECT w.number FROM withdrawal_item i JOIN withdrawal w ON w.id = i.withdrawal_id
      WHERE i.copy_id = ? AND w.status = 'draft' LIMIT 1`, [copy.id]))[0] as { number: string } | undefined;
    if (draft) {
      throw new AppError('COPY_IN_DRAFT_WITHDRAWAL', `Bản ${copy.code} đang có trong biên bản xuất chưa xác nhận${draft.number ? ` số ${draft.number}` : ''}. Hãy bỏ bản này khỏi biên bản trước rồi bấm "Tìm thấy".`);
    }
    const losses = s.unresolvedLosses.all(copy.id) as { id: number; readerId: number; note: string; compensation: string | null; amount: number | null }[];
    if (copy.status !== 'lost' && !losses.length) {
      throw new AppError('COPY_NOT_LOST', `Bản ${copy.code} (${title}) không ghi là đã mất.`);
    }
    const stamp = ctx.now().toISOString();
    const foundNote = `Tìm thấy ngày ${formatDate(todayIso(ctx.now()))}`;
    for (const l of losses) {
      await m.query('UPDATE loan SET returned_at = ?, note = ? WHERE id = ?', [stamp, l.note ? `${l.note}; ${foundNote}` : foundNote, l.id]);
    }
    s.setCopyStatus.run('available', copy.id);
    await audit(m, {
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
  const s = stmts(ctx);
  const raw = s.readerById.get(readerId) as RawReader | undefined;
  if (!raw) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  const today = todayIso(ctx.now());
  return { reader: toReaderDto(readerFromRow(raw)), loans: (s.loansOfReader.all(readerId) as LoanRow[]).map((l) => toLoanDto(l, today)) };
}

export async function renew(ctx: ServiceContext, loanId: number, overrideReason?: string): Promise<{ loan: LoanDto; previousDueAt: string; panel: ReaderPanel }> {
  const previousDueAt = await inTransaction(ctx.db, async (m) => {
    const row = stmts(ctx).loanById.get(loanId) as LoanRow | undefined;
    if (!row || row.returnedAt || row.lostAt) throw new AppError('LOAN_NOT_OPEN', 'Lượt mượn này đã kết thúc, không gia hạn được.');
    const reader = readerFromRow(stmts(ctx).readerById.get(row.readerId) as RawReader);
    const rule = resolveRule(policies(ctx), reader.kind, row.seriesCode);
    const why = renewalBlock(row, rule);
    if (why && !overrideReason) throw new AppError('RENEW_BLOCKED', why);
    const { yearEnd, holidays } = calendar(ctx);
    const today = todayIso(ctx.now());
    const base = rule && !rule.untilYearEnd && !rule.inLibraryOnly ? rule : { loanDays: 7, untilYearEnd: false, inLibraryOnly: false };
    const due = dueDateFor(base, today > row.dueAt ? today : row.dueAt, yearEnd, holidays);
    await m.query('UPDATE loan SET due_at = ?, renewals = renewals + 1 WHERE id = ?', [due, loanId]);
    if (why) await audit(m, { action: 'loan.renew.override', entity: 'loan', entityId: loanId, at: ctx.now(), details: { reason: overrideReason, block: why } });
    return row.dueAt;
  });
  const loan = loanDto(ctx, loanId);
  return { loan, previousDueAt, panel: readerPanel(ctx, loan.readerId) };
}

/** Undoes the desk's last action (a mis-scan): un-lend, un-return or un-renew. Audited. */
export async function undo(ctx: ServiceContext, action: 'checkout' | 'return' | 'renew', loanId: number, previousDueAt?: string): Promise<{ message: string; panel: ReaderPanel }> {
  const result = await inTransaction(ctx.db, async (m) => {
    const s = stmts(ctx);
    const row = s.loanById.get(loanId) as LoanRow | undefined;
    if (!row) throw new AppError('LOAN_NOT_FOUND', 'Không tìm thấy lượt mượn này.');
    let message: string;
    if (action === 'checkout') {
      if (row.returnedAt || row.lostAt) throw new AppError('UNDO_STALE', 'Lượt mượn này đã kết thúc, không hoàn tác được.');
      await m.query('DELETE FROM loan WHERE id = ?', [loanId]);
      settleCopy(ctx, row.copyId);
      message = `Đã hủy cho mượn ${row.copyCode}.`;
    } else if (action === 'return') {
      if (!row.returnedAt) throw new AppError('UNDO_STALE', 'Bản này chưa được trả, không có gì để hoàn tác.');
      const other = s.openLoanOfCopy.get(row.copyId) as { id: number } | undefined;
      if (other) throw new AppError('COPY_ON_LOAN', `Bản ${row.copyCode} đã được cho mượn lại nên không hoàn tác được.`);
      await m.query('UPDATE loan SET returned_at = NULL WHERE id = ?', [loanId]);
      s.setCopyStatus.run('onLoan', row.copyId);
      message = `Đã hủy trả ${row.copyCode}: sách vẫn đang được mượn.`;
    } else {
      if (!previousDueAt || row.renewals < 1) throw new AppError('UNDO_STALE', 'Không có lần gia hạn nào để hoàn tác.');
      await m.query('UPDATE loan SET due_at = ?, renewals = renewals - 1 WHERE id = ?', [previousDueAt, loanId]);
      message = `Đã hủy gia hạn ${row.copyCode}.`;
    }
    await audit(m, { action: `loan.undo.${action}`, entity: 'loan', entityId: loanId, at: ctx.now(), details: { copy: row.copyCode, readerId: row.readerId } });
    return { message, readerId: row.readerId };
  });
  return { message: result.message, panel: readerPanel(ctx, result.readerId) };
}

/** Lượt đọc tại chỗ: one visit of a reader (or an anonymous group with a head count). */
export async function recordVisit(ctx: ServiceContext, readerId: number | undefined, headcount = 1, note = ''): Promise<{ visitId: number; today: number }> {
  const s = stmts(ctx);
  const visitId = await inTransaction(ctx.db, async () => Number(s.insertVisit.run(readerId ?? null, ctx.now().toISOString(), headcount, note).lastInsertRowid));
  const dayStart = new Date(`${todayIso(ctx.now())}T00:00:00`).toISOString();
  return { visitId, today: Number((s.visitsAllToday.get(dayStart) as { n: number }).n) };
}

export async function markLost(ctx: ServiceContext, loanId: number, compensation: 'book' | 'money' | 'none', amount: number | undefined, note: string): Promise<{ loan: LoanDto; panel: ReaderPanel }> {
  await inTransaction(ctx.db, async (m) => {
    const row = stmts(ctx).loanById.get(loanId) as LoanRow | undefined;
    if (!row || row.returnedAt || row.lostAt) throw new AppError('LOAN_NOT_OPEN', 'Chỉ báo mất được sách đang mượn.');
    if (compensation === 'money' && !amount) throw new AppError('COMPENSATION_AMOUNT', 'Hãy nhập số tiền đền.');
    await m.query('UPDATE loan SET lost_at = ?, compensation = ?, compensation_amount = ?, note = ? WHERE id = ?',
      [ctx.now().toISOString(), compensation === 'none' ? null : compensation, compensation === 'money' ? amount : null, note, loanId]);
    stmts(ctx).setCopyStatus.run('lost', row.copyId);
    await audit(m, { action: 'loan.lost', entity: 'loan', entityId: loanId, at: ctx.now(), details: { copy: row.copyCode, compensation, amount } });
  });
  const loan = loanDto(ctx, loanId);
  return { loan, panel: readerPanel(ctx, loan.readerId) };
}

/**
 * Routes a scanned code: a card opens the reader (and records a visit in "ghi lượt đọc" mode); a copy
 * is lent to the open reader, or returned when no reader is open (or in return mode, or when the open
 * reader already holds it); an ISBN opens the title; anything else is a clear error.
 */
export async function scan(ctx: ServiceContext, code: string, readerId: number | null, mode: ScanMode): Promise<ScanResult> {
  const trimmed = nfc(code).replace(/\s+/g, '');
  const copy = findCopy(ctx, trimmed);
  if (copy) {
    const held = stmts(ctx).openLoanOfCopy.get(copy.id) as { id: number; readerId: number } | undefined;
    const title = copy.volume ? `${copy.title}, ${copy.volume}` : copy.title;
    if (mode === 'return' || !readerId || mode === 'visit' || (held && held.readerId === readerId)) {
      if (!held) {
        if (copy.status === 'withdrawn' || copy.withdrawalId !== null) throw new AppError('COPY_WITHDRAWN', `Bản ${copy.code} (${title}) đã thanh lọc (xuất kho), không cho mượn được.`);
        if (copy.status === 'lost') {
          throw new AppError('COPY_LOST', `Bản ${copy.code} (${title}) đang ghi là đã mất. Nếu sách đã về thư viện, bấm "Tìm thấy".`, { copyCode: copy.code });
        }
        if (!readerId) throw new AppError('NO_READER', `Bản ${copy.code} (${title}) đang ở thư viện. Hãy quét thẻ bạn đọc trước để cho mượn.`);
        throw new AppError('NOT_ON_LOAN', `Bản ${copy.code} (${title}) không có ai đang mượn.`);
      }
      const r = await returnCopy(ctx, copy.code);
      const late = r.loan.overdueDays > 0 ? ` — trả trễ ${r.loan.overdueDays} ngày` : ' — đúng hạn';
      return { action: 'return', loan: r.loan, panel: r.panel, message: `Đã trả: ${title} — ${copy.code}, ${r.panel.reader.fullName}${late}.${restingNote(r.copyStatus)}` };
    }
    const outcome = await inTransaction(ctx.db, (m) => checkoutIn(m, ctx, readerId, copy.code, undefined));
    if (!outcome.ok) {
      return { action: 'blocked', blocks: outcome.blocks, copyCode: copy.code, title, readerId, message: outcome.blocks.map((b) => b.message).join(' ') };
    }
    const loan = loanDto(ctx, outcome.loanId);
    return { action: 'checkout', loan, panel: readerPanel(ctx, readerId), message: `Cho mượn: ${title} — ${copy.code}, hạn trả ${loan.dueAt.split('-').reverse().join('/')}.` };
  }
  const reader = findReader(ctx, trimmed);
  if (reader) {
    let visitRecorded = false;
    if (mode === 'visit') {
      await recordVisit(ctx, reader.id);
      visitRecorded = true;
    }
    const panel = readerPanel(ctx, reader.id);
    const where = reader.className || reader.department;
    return {
      action: 'reader', panel, visitRecorded,
      message: visitRecorded ? `Đã ghi lượt đọc: ${reader.fullName}${where ? ` (${where})` : ''}.` : `Bạn đọc: ${reader.fullName}${where ? ` — ${where}` : ''}.`,
    };
  }
  const isbn = normalizeIsbn(trimmed);
  if (isbn && isbn !== 'invalid') {
    const t = stmts(ctx).titleByIsbn.get(isbn) as { id: number; title: string } | undefined;
    if (t) return { action: 'title', titleId: t.id, title: t.title, message: `Mở đầu sách: ${t.title}.` };
    throw new AppError('ISBN_UNKNOWN', `Chưa có đầu sách nào mang ISBN ${isbn}. Hãy biên mục đầu sách này trước.`);
  }
  throw new AppError('SCAN_UNKNOWN', `Không nhận ra mã "${trimmed}": không phải thẻ bạn đọc, mã bản sách hay ISBN.`);
}
