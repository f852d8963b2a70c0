import { describe, expect, it } from 'vitest';
import { checkoutBlocks, daysOverdue, dueDateFor, loanKindFor, nextOpenDay, queueOutlook, renewalBlock, reservationStanding, resolveRule, type CheckoutFacts, type LoanRule } from './loan-rules';

const rules: LoanRule[] = [
  { readerKind: 'student', seriesCode: '*', maxItems: 3, loanDays: 7, maxRenewals: 1, inLibraryOnly: false, untilYearEnd: false },
  { readerKind: 'student', seriesCode: 'SGK', maxItems: 20, loanDays: 0, maxRenewals: 0, inLibraryOnly: false, untilYearEnd: true },
  { readerKind: 'student', seriesCode: 'SNV', maxItems: 0, loanDays: 0, maxRenewals: 0, inLibraryOnly: true, untilYearEnd: false },
  { readerKind: 'teacher', seriesCode: '*', maxItems: 5, loanDays: 30, maxRenewals: 2, inLibraryOnly: false, untilYearEnd: false },
];

describe('loan rules', () => {
  it('resolves the series rule, else the reader kind default', () => {
    expect(resolveRule(rules, 'student', 'SGK')?.untilYearEnd).toBe(true);
    expect(resolveRule(rules, 'student', 'STK')?.maxItems).toBe(3);
    expect(resolveRule(rules, 'teacher', 'SGK')?.maxItems).toBe(5);
    expect(resolveRule(rules, 'staff', 'STK')).toBeNull();
    expect(loanKindFor(resolveRule(rules, 'student', 'SNV')!)).toBe('inLibrary');
    expect(loanKindFor(resolveRule(rules, 'student', 'SGK')!)).toBe('long');
  });

  it('due dates skip Sundays and configured holidays', () => {
    // Thursday 2026-11-26 + 7 days = Thursday 2026-12-03.
    expect(dueDateFor(rules[0], '2026-11-26', '2027-05-31', [])).toBe('2026-12-03');
    // Monday 2026-11-23 + 6 → Sunday 2026-11-29 → Monday 30.
    expect(dueDateFor({ ...rules[0], loanDays: 6 }, '2026-11-23', '2027-05-31', [])).toBe('2026-11-30');
    // Holiday on that Monday too → Tuesday.
    expect(dueDateFor({ ...rules[0], loanDays: 6 }, '2026-11-23', '2027-05-31', ['2026-11-30'])).toBe('2026-12-01');
    // Tết: a run of holidays.
    const tet = ['2027-02-05', '2027-02-06', '2027-02-08', '2027-02-09', '2027-02-10'];
    expect(nextOpenDay('2027-02-05', tet)).toBe('2027-02-11');
    // Long-term loans run to the end of the school year.
    expect(dueDateFor(rules[1], '2026-09-10', '2027-05-31', [])).toBe('2027-05-31');
    expect(dueDateFor(rules[2], '2026-09-10', '2027-05-31', [])).toBe('2026-09-10');
  });

  it('counts days overdue', () => {
    expect(daysOverdue('2026-11-26', '2026-11-26')).toBe(0);
    expect(daysOverdue('2026-11-20', '2026-11-26')).toBe(6);
    expect(daysOverdue('2026-12-01', '2026-11-26')).toBe(0);
  });

  const facts = (over: Partial<CheckoutFacts> = {}): CheckoutFacts => ({
    copy: { code: 'STK000001', status: 'available', title: 'Dế Mèn' },
    reader: { fullName: 'Trương Kim Hoa', active: true },
    heldBy: null, overdueLoans: 0, rule: rules[0], seriesName: 'Sách tham khảo', openUnderRule: 0, ...over,
  });

  it('explains every block in Vietnamese', () => {
    expect(checkoutBlocks(facts())).toEqual([]);
    expect(checkoutBlocks(facts({ openUnderRule: 3 })).map((b) => b.code)).toEqual(['LIMIT_REACHED']);
    expect(checkoutBlocks(facts({ openUnderRule: 3 }))[0].message).toBe('Trương Kim Hoa đã mượn đủ 3 cuốn theo nội quy.');
    const all = checkoutBlocks(facts({
      copy: { code: 'STK000001', status: 'withdrawn', title: 'x' }, heldBy: 'Ngô Thị Hà', reader: { fullName: 'A', active: false }, overdueLoans: 2,
    }));
    expect(all.map((b) => b.code)).toEqual(['COPY_WITHDRAWN', 'COPY_ON_LOAN', 'READER_INACTIVE', 'READER_OVERDUE']);
    expect(all.find((b) => b.code === 'COPY_ON_LOAN')?.overridable).toBe(false);
    expect(checkoutBlocks(facts({ rule: rules[2], seriesName: 'Sách nghiệp vụ' }))[0]).toMatchObject({ code: 'IN_LIBRARY_ONLY', message: 'Sách nghiệp vụ chỉ đọc tại chỗ, không cho mượn về.' });
    expect(checkoutBlocks(facts({ copy: { code: 'X', status: 'lost', title: '' } }))[0].code).toBe('COPY_LOST');
  });

  it('never lets an override lend a weeded or lost copy', () => {
    expect(checkoutBlocks(facts({ copy: { code: 'X', status: 'withdrawn', title: '' } }))[0]).toMatchObject({ code: 'COPY_WITHDRAWN', overridable: false });
    // Status overwritten by an old override, but the copy is still on a confirmed biên bản.
    expect(checkoutBlocks(facts({ copy: { code: 'X', status: 'onLoan', title: '', inWithdrawal: true } }))[0]).toMatchObject({ code: 'COPY_WITHDRAWN', overridable: false });
    expect(checkoutBlocks(facts({ copy: { code: 'X', status: 'lost', title: '' } }))[0]).toMatchObject({ code: 'COPY_LOST', overridable: false });
    expect(checkoutBlocks(facts({ copy: { code: 'X', status: 'lost', title: '' } }))[0].message).toContain('Tìm thấy');
  });

  it('limits renewals', () => {
    expect(renewalBlock({ kind: 'short', renewals: 0 }, rules[0])).toBeNull();
    expect(renewalBlock({ kind: 'short', renewals: 1 }, rules[0])).toContain('tối đa 1 lần');
    expect(renewalBlock({ kind: 'long', renewals: 0 }, rules[1])).toContain('dài hạn');
  });
});

describe('reservationStanding', () => {
  const today = '2026-12-10';
  it('says where an open reservation stands in words and dd/mm/yyyy, never its stored status', () => {
    expect(reservationStanding({ status: 'waiting', position: 2, holdUntil: null }, today)).toBe('Thứ 2 trong hàng chờ');
    expect(reservationStanding({ status: 'waiting', position: 1234, holdUntil: null }, today)).toBe('Thứ 1.234 trong hàng chờ');
    // No place known: no "Thứ ?" on a screen.
    expect(reservationStanding({ status: 'waiting', position: null, holdUntil: null }, today)).toBe('Đang chờ');
    expect(reservationStanding({ status: 'ready', position: null, holdUntil: '2026-12-12' }, today)).toBe('Đang giữ đến hết 12/12/2026');
    expect(reservationStanding({ status: 'ready', position: null, holdUntil: '2026-12-10' }, today)).toBe('Đang giữ đến hết 10/12/2026');
    expect(reservationStanding({ status: 'ready', position: null, holdUntil: '2026-12-09' }, today)).toBe('Hết hạn giữ (đến hết 09/12/2026)');
    expect(reservationStanding({ status: 'cancelled', position: null, holdUntil: null }, today)).toBe('');
  });
});

describe('queueOutlook', () => {
  const today = '2026-12-10';
  it('names the first due date in dd/mm/yyyy, urgent when that loan is overdue or when no copy is left to lend', () => {
    expect(queueOutlook({ copiesInStock: 2, nextDueAt: '2026-12-12' }, today)).toEqual({ text: 'Bản sớm nhất hẹn trả ngày 12/12/2026.', urgent: false });
    expect(queueOutlook({ copiesInStock: 2, nextDueAt: '2026-12-10' }, today)?.urgent).toBe(false);
    expect(queueOutlook({ copiesInStock: 2, nextDueAt: '2026-12-09' }, today))
      .toEqual({ text: 'Bản sớm nhất hẹn trả ngày 09/12/2026, đã quá hạn: nhắc bạn đọc đang mượn trả sách.', urgent: true });
    expect(queueOutlook({ copiesInStock: 0, nextDueAt: null }, today)?.text).toContain('không còn bản nào để cho mượn');
    // Copies on the hold shelf for readers ahead, none lent: nothing to promise.
    expect(queueOutlook({ copiesInStock: 1, nextDueAt: null }, today)).toBeNull();
  });
});
