/**
 * Loan policy (nội quy thư viện) as pure functions: which rule applies, the due date, and why a
 * checkout is blocked. Services feed them database rows; the UI shows the messages as they are.
 */
import { addDays, daysBetween, formatDate, weekday } from './dates';
import { formatNumber } from './numbers';

export interface LoanRule {
  readerKind: string;
  /** Series code, or '*' for the default rule of this reader kind. */
  seriesCode: string;
  maxItems: number;
  loanDays: number;
  maxRenewals: number;
  inLibraryOnly: boolean;
  untilYearEnd: boolean;
}

export type LoanKind = 'short' | 'long' | 'inLibrary';

/** The rule for a reader kind and series: the series' own rule, else the reader kind's default ('*'). */
export function resolveRule<R extends LoanRule>(rules: readonly R[], readerKind: string, seriesCode: string): R | null {
  return rules.find((r) => r.readerKind === readerKind && r.seriesCode === seriesCode)
    ?? rules.find((r) => r.readerKind === readerKind && r.seriesCode === '*')
    ?? null;
}

/** Closed days: Sundays and the configured holidays (ISO dates). */
export function isClosedDay(iso: string, holidays: ReadonlySet<string> | readonly string[]): boolean {
  const set = holidays instanceof Set ? holidays : new Set(holidays as readonly string[]);
  return weekday(iso) === 0 || set.has(iso);
}

/** The first open day on or after `iso` (a book due on a Sunday or holiday is due the next open day). */
export function nextOpenDay(iso: string, holidays: readonly string[]): string {
  const set = new Set(holidays);
  let d = iso;
  for (let i = 0; i < 370 && isClosedDay(d, set); i++) d = addDays(d, 1);
  return d;
}

/**
 * Due date of a loan made on `today`: long-term rules (SGK, SNV) run to the school year's end;
 * others add the loan days and move past Sundays and holidays.
 */
export function dueDateFor(rule: Pick<LoanRule, 'loanDays' | 'untilYearEnd' | 'inLibraryOnly'>, today: string, yearEnd: string, holidays: readonly string[]): string {
  if (rule.inLibraryOnly) return today;
  if (rule.untilYearEnd) return yearEnd > today ? yearEnd : nextOpenDay(addDays(today, Math.max(1, rule.loanDays)), holidays);
  return nextOpenDay(addDays(today, Math.max(1, rule.loanDays)), holidays);
}

export function loanKindFor(rule: Pick<LoanRule, 'untilYearEnd' | 'inLibraryOnly'>): LoanKind {
  return rule.inLibraryOnly ? 'inLibrary' : rule.untilYearEnd ? 'long' : 'short';
}

/** Whole days past due (0 when not overdue). Due on the 26th → overdue from the 27th. */
export function daysOverdue(dueAt: string, today: string): number {
  return Math.max(0, daysBetween(dueAt, today));
}

export type BlockCode =
  | 'COPY_WITHDRAWN' | 'COPY_LOST' | 'COPY_ON_LOAN' | 'HELD_FOR_OTHER' | 'READER_INACTIVE' | 'READER_OVERDUE' | 'LIMIT_REACHED' | 'IN_LIBRARY_ONLY' | 'NO_RULE';

export interface Block {
  code: BlockCode;
  message: string;
  /** False for blocks no reason can lift (the same copy can never be on two loans; a weeded or lost copy is not lent). */
  overridable: boolean;
}

export interface CheckoutFacts {
  /** `inWithdrawal`: the copy is on a confirmed biên bản xuất (withdrawal_id set), whatever its status says. */
  copy: { code: string; status: string; title: string; inWithdrawal?: boolean };
  reader: { fullName: string; active: boolean };
  /** The open loan this copy is on, if any (holder's name). */
  heldBy: string | null;
  /** Đặt trước: the copy is on the hold shelf for another reader ("Nguyễn Văn An — 7A2") until that day (ISO). */
  heldFor?: { reader: string; holdUntil: string } | null;
  overdueLoans: number;
  rule: LoanRule | null;
  seriesName: string;
  /** Open loans of this reader that fall under the same rule. */
  openUnderRule: number;
}

/** Every reason this checkout should not happen, in the order a librarian would read them. */
export function checkoutBlocks(f: CheckoutFacts): Block[] {
  const blocks: Block[] = [];
  // A weeded copy is out of the register (biên bản xuất, Sổ ĐKTQ phần II): no reason can lend it.
  if (f.copy.status === 'withdrawn' || f.copy.inWithdrawal) {
    blocks.push({ code: 'COPY_WITHDRAWN', message: `Bản ${f.copy.code} đã thanh lọc (xuất kho), không cho mượn được.`, overridable: false });
  } else if (f.copy.status === 'lost') {
    // A lost copy comes back only through "Tìm thấy", which is audited and takes it out of the loss figures.
    blocks.push({
      code: 'COPY_LOST', message: `Bản ${f.copy.code} đang ghi là đã mất. Nếu sách đã về thư viện, bấm "Tìm thấy" trước rồi mới cho mượn.`, overridable: false,
    });
  }
  if (f.heldBy !== null) {
    blocks.push({ code: 'COPY_ON_LOAN', message: `Bản ${f.copy.code} đang được ${f.heldBy} mượn; hãy trả bản này trước.`, overridable: false });
  }
  // A reader who reserved the title waits for this very copy: no reason lends it to someone else (cancel the hold first).
  if (f.heldFor) {
    blocks.push({
      code: 'HELD_FOR_OTHER', overridable: false,
      message: `Bản ${f.copy.code} đang giữ cho ${f.heldFor.reader} đến hết ${formatDate(f.heldFor.holdUntil)} (sách đặt trước), không cho bạn đọc khác mượn.`,
    });
  }
  if (!f.reader.active) {
    blocks.push({ code: 'READER_INACTIVE', message: `Bạn đọc ${f.reader.fullName} đã thôi hoạt động (thẻ hết hạn).`, overridable: true });
  }
  if (f.overdueLoans > 0) {
    blocks.push({ code: 'READER_OVERDUE', message: `${f.reader.fullName} đang có ${f.overdueLoans} cuốn quá hạn chưa trả.`, overridable: true });
  }
  if (!f.rule) {
    blocks.push({ code: 'NO_RULE', message: `Chưa có quy định mượn cho loại tài liệu ${f.seriesName}.`, overridable: true });
  } else if (f.rule.inLibraryOnly) {
    blocks.push({ code: 'IN_LIBRARY_ONLY', message: `${f.seriesName} chỉ đọc tại chỗ, không cho mượn về.`, overridable: true });
  } else if (f.openUnderRule >= f.rule.maxItems) {
    blocks.push({
      code: 'LIMIT_REACHED',
      message: `${f.reader.fullName} đã mượn đủ ${f.rule.maxItems} cuốn${f.rule.seriesCode === '*' ? '' : ` ${f.seriesName}`} theo nội quy.`,
      overridable: true,
    });
  }
  return blocks;
}

/** Renewal: a new due date counted from today, if renewals remain and the loan is a short one. */
export function renewalBlock(loan: { kind: string; renewals: number }, rule: LoanRule | null): string | null {
  if (loan.kind !== 'short') return 'Sách mượn dài hạn hoặc đọc tại chỗ không gia hạn.';
  if (!rule) return 'Chưa có quy định mượn cho loại tài liệu này.';
  if (loan.renewals >= rule.maxRenewals) return `Đã gia hạn ${loan.renewals} lần, tối đa ${rule.maxRenewals} lần theo nội quy.`;
  return null;
}

/** The same card scanned again within this many minutes in "Ghi lượt đọc" mode is the same visit (lượt đến thư viện). */
export const VISIT_REPEAT_MINUTES = 5;

/** Đặt trước: how many titles a reader kind may have reserved at once by default (students 2, teachers and staff 5). */
export function defaultMaxReservations(readerKind: string): number {
  return readerKind === 'student' ? 2 : 5;
}
/** Đặt trước: open days a ready hold waits on the hold shelf by default. */
export const DEFAULT_HOLD_DAYS = 3;

/**
 * The last day a hold made ready on `today` waits: `holdDays` open days after today, each found as due dates are
 * (`nextOpenDay`: Sundays and holidays skipped). Ready on Friday 11/12 with 3 days → Mon 14, Tue 15, Wed 16/12.
 */
export function holdUntilFor(today: string, holdDays: number, holidays: readonly string[]): string {
  let d = today;
  for (let i = 0; i < Math.max(1, holdDays); i++) d = nextOpenDay(addDays(d, 1), holidays);
  return d;
}

/**
 * A ready hold whose last day is over (ISO dates): the sweep after midnight, or the next write touching reservations,
 * passes it on; until then reads show it as "hết hạn giữ" without writing anything.
 */
export function holdLapsed(r: { status: string; holdUntil: string | null }, today: string): boolean {
  return r.status === 'ready' && r.holdUntil !== null && r.holdUntil < today;
}

/**
 * Where an open reservation stands, in words, as the desk and the OPAC say it: "Thứ 2 trong hàng chờ" (or "Đang chờ"
 * without a place), "Đang giữ đến hết 12/12/2026", "Hết hạn giữ (đến hết 12/12/2026)" before it is passed on; '' for
 * a closed one. Never the stored status.
 */
export function reservationStanding(r: { status: string; position: number | null; holdUntil: string | null }, today: string): string {
  if (holdLapsed(r, today)) return `Hết hạn giữ (đến hết ${formatDate(r.holdUntil)})`;
  if (r.status === 'ready') return `Đang giữ đến hết ${formatDate(r.holdUntil)}`;
  if (r.status === 'waiting') return r.position ? `Thứ ${formatNumber(r.position)} trong hàng chờ` : 'Đang chờ';
  return '';
}

/**
 * What a title's queue can hope for, for the librarian: when the first lent copy is due back, urgent when that loan
 * is already overdue (she chases it) or when no copy is left to lend (lost or written off: cancel or buy). Null when
 * copies exist but none is lent (they wait on the hold shelf for readers ahead).
 */
export function queueOutlook(r: { copiesInStock: number | null; nextDueAt: string | null }, today: string): { text: string; urgent: boolean } | null {
  if (r.copiesInStock === 0) return { text: 'Thư viện không còn bản nào để cho mượn (mất hoặc đã thanh lý): hủy đặt trước hoặc nhập thêm sách.', urgent: true };
  if (!r.nextDueAt) return null;
  return r.nextDueAt < today
    ? { text: `Bản sớm nhất hẹn trả ngày ${formatDate(r.nextDueAt)}, đã quá hạn: nhắc bạn đọc đang mượn trả sách.`, urgent: true }
    : { text: `Bản sớm nhất hẹn trả ngày ${formatDate(r.nextDueAt)}.`, urgent: false };
}
