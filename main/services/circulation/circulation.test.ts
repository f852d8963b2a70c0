import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawConnection } from '../../db/data-source';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';

let ctx: TestContext;
const q = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => rawConnection(ctx.db).prepare(sql).all(...params) as T[];
const one = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => q<T>(sql, ...params)[0];
const readerId = (code: string) => one<{ id: number }>('SELECT id FROM reader WHERE code = ?', code).id;
const cardOf = (code: string) => one<{ card_number: string }>('SELECT card_number FROM reader WHERE code = ?', code).card_number;
const openLoans = () => one<{ n: number }>('SELECT COUNT(*) AS n FROM loan WHERE returned_at IS NULL AND lost_at IS NULL').n;

beforeEach(async () => {
  ctx = await tempContext(); // today = Thursday 2026-11-26
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importReadersFile(ctx, fixturePath('danh-sach-giao-vien.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
});
afterEach(async () => ctx.cleanup());

describe('checkout and return', () => {
  it('lends with a due date past Sundays and holidays, returns, and keeps copy status in step', async () => {
    await ctx.call('circulation.saveHolidays', { dates: ['2026-12-03'] });
    const hoa = readerId('220561001');
    const r = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    // 26/11 + 7 = Thu 3/12, a holiday → Fri 4/12.
    expect(r.loan).toMatchObject({ copyCode: 'STN000001', kind: 'short', dueAt: '2026-12-04', returnedAt: null });
    expect(r.panel.loans).toHaveLength(1);
    expect(r.panel.allowance.find((a) => a.seriesCode === '*')).toMatchObject({ max: 3, used: 1, remaining: 2 });
    expect(one("SELECT status FROM copy WHERE accession_code = 'STN000001'")).toEqual({ status: 'onLoan' });
    const back = await ctx.call('circulation.return', { code: 'stn000001' });
    expect(back.loan.returnedAt).not.toBeNull();
    expect(one("SELECT status FROM copy WHERE accession_code = 'STN000001'")).toEqual({ status: 'available' });
    await expect(ctx.call('circulation.return', { code: 'STN000001' })).rejects.toMatchObject({ code: 'NOT_ON_LOAN' });
  });

  it('SGK goes long-term until the school year end; SNV is in-library only for students', async () => {
    const hoa = readerId('220561001');
    const sgk = await ctx.call('circulation.checkout', { readerId: hoa, code: 'SGK000001' });
    expect(sgk.loan).toMatchObject({ kind: 'long', dueAt: '2027-05-31' });
    await expect(ctx.call('circulation.checkout', { readerId: hoa, code: 'SNV000001' })).rejects.toMatchObject({ code: 'CHECKOUT_BLOCKED' });
    const teacher = await ctx.call('circulation.checkout', { readerId: readerId('GV001'), code: 'STK000001' });
    expect(teacher.loan.dueAt).toBe('2026-12-26'); // 30 days
  });

  it('enforces the limit, and an override with a reason is audited', async () => {
    const hoa = readerId('220561001');
    for (const code of ['STN000001', 'STN000002', 'STK000001']) await ctx.call('circulation.checkout', { readerId: hoa, code });
    const blocked = ctx.call('circulation.checkout', { readerId: hoa, code: 'STK000002' });
    await expect(blocked).rejects.toMatchObject({ code: 'CHECKOUT_BLOCKED', message: 'Trương Kim Hoa đã mượn đủ 3 cuốn theo nội quy.' });
    expect(openLoans()).toBe(3);
    const ok = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STK000002', overrideReason: 'Ôn thi học sinh giỏi' });
    expect(ok.panel.loans).toHaveLength(4);
    expect(one("SELECT override_reason AS r FROM loan WHERE id = ?", ok.loan.id)).toEqual({ r: 'Ôn thi học sinh giỏi' });
    const log = one<{ action: string; details: string }>("SELECT action, details FROM audit_log WHERE action = 'loan.override'");
    expect(JSON.parse(log.details)).toMatchObject({ reason: 'Ôn thi học sinh giỏi', blocks: ['LIMIT_REACHED'] });
  });

  it('blocks readers with an overdue loan, inactive readers, withdrawn and lost copies', async () => {
    const hoa = readerId('220561001');
    const { loan } = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    rawConnection(ctx.db).prepare("UPDATE loan SET due_at = '2026-11-20' WHERE id = ?").run(loan.id);
    await expect(ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000002' }))
      .rejects.toMatchObject({ message: 'Trương Kim Hoa đang có 1 cuốn quá hạn chưa trả.' });
    const panel = await ctx.call('circulation.panel', { readerId: hoa });
    expect(panel).toMatchObject({ overdue: 1 });
    expect(panel.loans[0].overdueDays).toBe(6);

    const other = readerId('220561002');
    rawConnection(ctx.db).prepare("UPDATE copy SET status = 'withdrawn' WHERE accession_code = 'STN000003'").run();
    await expect(ctx.call('circulation.checkout', { readerId: other, code: 'STN000003' })).rejects.toMatchObject({ message: expect.stringContaining('đã thanh lọc') });
    rawConnection(ctx.db).prepare("UPDATE copy SET status = 'lost' WHERE accession_code = 'STN000004'").run();
    await expect(ctx.call('circulation.checkout', { readerId: other, code: 'STN000004' })).rejects.toMatchObject({ message: expect.stringContaining('đã mất') });
    rawConnection(ctx.db).prepare('UPDATE reader SET active = 0 WHERE id = ?').run(other);
    await expect(ctx.call('circulation.checkout', { readerId: other, code: 'STN000005' })).rejects.toMatchObject({ message: expect.stringContaining('thôi hoạt động') });
    expect(openLoans()).toBe(1);
  });

  it('a copy on loan cannot be lent again, not even with an override', async () => {
    await ctx.call('circulation.checkout', { readerId: readerId('220561001'), code: 'STN000001' });
    await expect(ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000001', overrideReason: 'thử' }))
      .rejects.toMatchObject({ code: 'COPY_ON_LOAN', message: expect.stringContaining('Trương Kim Hoa') });
    expect(openLoans()).toBe(1);
  });

  it('two concurrent checkouts of the same copy: exactly one succeeds', async () => {
    const results = await Promise.allSettled([
      ctx.call('circulation.checkout', { readerId: readerId('220561001'), code: 'STK000010' }),
      ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STK000010' }),
      ctx.call('circulation.scan', { code: 'STK000010', readerId: readerId('220561003'), mode: 'lend' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled' && (!('action' in r.value) || r.value.action === 'checkout'));
    expect(won).toHaveLength(1);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = 'STK000010'").n).toBe(1);
  });

  it('the database itself refuses a second open loan of a copy (partial unique index)', async () => {
    await ctx.call('circulation.checkout', { readerId: readerId('220561001'), code: 'STK000011' });
    const copyId = one<{ id: number }>("SELECT id FROM copy WHERE accession_code = 'STK000011'").id;
    expect(() => rawConnection(ctx.db).prepare(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at) VALUES (?, ?, 'short', 'x', 'y')`)
      .run(copyId, readerId('220561002'))).toThrow(/UNIQUE/);
  });

  it('renews within the limit, undoes renew, checkout and return', async () => {
    const hoa = readerId('220561001');
    const { loan } = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    const renewed = await ctx.call('circulation.renew', { loanId: loan.id });
    expect(renewed.loan).toMatchObject({ renewals: 1, dueAt: '2026-12-10' });
    expect(renewed.previousDueAt).toBe('2026-12-03');
    await expect(ctx.call('circulation.renew', { loanId: loan.id })).rejects.toMatchObject({ code: 'RENEW_BLOCKED', message: expect.stringContaining('tối đa 1 lần') });
    await ctx.call('circulation.undo', { action: 'renew', loanId: loan.id, previousDueAt: renewed.previousDueAt });
    expect(one('SELECT due_at AS d, renewals AS n FROM loan WHERE id = ?', loan.id)).toEqual({ d: '2026-12-03', n: 0 });
    await ctx.call('circulation.return', { code: 'STN000001' });
    await ctx.call('circulation.undo', { action: 'return', loanId: loan.id });
    expect(openLoans()).toBe(1);
    expect(one("SELECT status FROM copy WHERE accession_code = 'STN000001'")).toEqual({ status: 'onLoan' });
    const undone = await ctx.call('circulation.undo', { action: 'checkout', loanId: loan.id });
    expect(undone.panel.loans).toHaveLength(0);
    expect(openLoans()).toBe(0);
    expect(one("SELECT status FROM copy WHERE accession_code = 'STN000001'")).toEqual({ status: 'available' });
    expect(q("SELECT action FROM audit_log WHERE action LIKE 'loan.undo.%' ORDER BY id").map((r) => r.action)).toEqual(['loan.undo.renew', 'loan.undo.return', 'loan.undo.checkout']);
  });

  it('a failing write leaves nothing behind (one transaction)', async () => {
    // The same title twice: the first 31 loans are written, then the second pass hits the partial
    // unique index on the same copies. The whole class set must roll back.
    const [t] = await ctx.call('circulation.classSetTitles', { className: '6A1' });
    await expect(ctx.call('circulation.lendClassSet', { className: '6A1', titleIds: [t.titleId, t.titleId] })).rejects.toBeTruthy();
    expect(openLoans()).toBe(0);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM copy WHERE status = 'onLoan'").n).toBe(0);
  });
});

describe('scan routing', () => {
  it('card opens the reader, copy lends to the open reader, copy with no reader returns, ISBN opens the title', async () => {
    const card = cardOf('220561001');
    const r1 = await ctx.call('circulation.scan', { code: card, readerId: null, mode: 'lend' });
    expect(r1).toMatchObject({ action: 'reader', visitRecorded: false });
    const id = r1.action === 'reader' ? r1.panel.reader.id : 0;
    for (const code of ['STN000001', 'STN000002', 'STK000001']) {
      const r = await ctx.call('circulation.scan', { code, readerId: id, mode: 'lend' });
      expect(r.action).toBe('checkout');
    }
    expect(openLoans()).toBe(3);
    const ret = await ctx.call('circulation.scan', { code: 'STN000002', readerId: null, mode: 'lend' });
    expect(ret).toMatchObject({ action: 'return', loan: { copyCode: 'STN000002' } });
    expect(openLoans()).toBe(2);
    const blocked = await ctx.call('circulation.scan', { code: 'STN000002', readerId: readerId('220561002'), mode: 'lend' });
    expect(blocked.action).toBe('checkout');
    const limit = await ctx.call('circulation.scan', { code: 'STK000005', readerId: id, mode: 'lend' });
    expect(limit.action).toBe('checkout');
    const over = await ctx.call('circulation.scan', { code: 'STK000006', readerId: id, mode: 'lend' });
    expect(over).toMatchObject({ action: 'blocked', blocks: [{ code: 'LIMIT_REACHED', overridable: true }] });
    await expect(ctx.call('circulation.scan', { code: 'STK000007', readerId: null, mode: 'lend' })).rejects.toMatchObject({ code: 'NO_READER' });
    await expect(ctx.call('circulation.scan', { code: 'XYZ123', readerId: null, mode: 'lend' })).rejects.toMatchObject({ code: 'SCAN_UNKNOWN' });
    await expect(ctx.call('circulation.scan', { code: '9786040000000', readerId: null, mode: 'lend' })).rejects.toBeTruthy();
    const isbn = one<{ id: number; isbn: string }>('SELECT id, isbn FROM title WHERE isbn IS NOT NULL LIMIT 1');
    if (isbn) {
      expect(await ctx.call('circulation.scan', { code: isbn.isbn, readerId: null, mode: 'lend' })).toMatchObject({ action: 'title', titleId: isbn.id });
    } else {
      rawConnection(ctx.db).prepare("UPDATE title SET isbn = '9786040000007' WHERE id = 1").run();
      expect(await ctx.call('circulation.scan', { code: '978-604-0-00000-7', readerId: null, mode: 'lend' })).toMatchObject({ action: 'title', titleId: 1 });
    }
  });

  it('"ghi lượt đọc" mode records a visit when a card is scanned', async () => {
    const r = await ctx.call('circulation.scan', { code: cardOf('GV003'), readerId: null, mode: 'visit' });
    expect(r).toMatchObject({ action: 'reader', visitRecorded: true, message: expect.stringContaining('Đã ghi lượt đọc') });
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM visit WHERE reader_id = ?', readerId('GV003')).n).toBe(1);
    const group = await ctx.call('circulation.visit', { headcount: 25, note: 'Lớp 6A1 đọc sách' });
    expect(group.today).toBe(26);
  });
});

describe('class sets, overdue and lost books', () => {
  it('lends an SGK set to a whole class with a printed list, and takes it back in one operation', async () => {
    const titles = await ctx.call('circulation.classSetTitles', { className: '6A1' });
    expect(titles.length).toBeGreaterThanOrEqual(5);
    const pick = titles.slice(0, 3).map((t) => t.titleId);
    const r = await ctx.call('circulation.lendClassSet', { className: '6A1', titleIds: pick });
    expect(r).toMatchObject({ classSet: 'SGK 6A1 2026-2027', students: 31, loans: 93 });
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM loan WHERE class_set = 'SGK 6A1 2026-2027' AND kind = 'long' AND due_at = '2027-05-31'").n).toBe(93);
    const text = execFileSync('pdftotext', ['-layout', r.file.path, '-']).toString();
    expect(text).toContain('DANH SÁCH MƯỢN SÁCH GIÁO KHOA');
    expect(text).toContain('Trương Kim Hoa');
    expect(text).toContain('Tổng số: 31 học sinh, 93 cuốn.');
    // Lending again skips students who already hold the title: nothing new.
    const again = await ctx.call('circulation.lendClassSet', { className: '6A1', titleIds: pick });
    expect(again.loans).toBe(0);
    // Not enough copies: 40 per title, 6A1 (31) holds them, 6A2 (30) would need 30 more → short by 21.
    await expect(ctx.call('circulation.lendClassSet', { className: '6A2', titleIds: pick })).rejects.toMatchObject({ code: 'CLASS_SET_SHORT', message: expect.stringContaining('thiếu 21 bản') });
    expect(openLoans()).toBe(93);
    const sets = await ctx.call('circulation.classSets', {});
    expect(sets[0]).toMatchObject({ classSet: 'SGK 6A1 2026-2027', students: 31, open: 93 });
    const back = await ctx.call('circulation.returnClassSet', { classSet: 'SGK 6A1 2026-2027' });
    expect(back.returned).toBe(93);
    expect(openLoans()).toBe(0);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM copy WHERE status = 'onLoan'").n).toBe(0);
  });

  it('lists overdue loans by class with days overdue and prints reminder slips per class', async () => {
    const a = await ctx.call('circulation.checkout', { readerId: readerId('220561001'), code: 'STN000001' });
    const b = await ctx.call('circulation.checkout', { readerId: readerId('GV001'), code: 'STK000001' });
    await ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000002' });
    const setDue = rawConnection(ctx.db).prepare('UPDATE loan SET due_at = ? WHERE id = ?');
    setDue.run('2026-11-16', a.loan.id);
    setDue.run('2026-11-25', b.loan.id);
    const { rows } = await ctx.call('circulation.overdue', {});
    expect(rows.map((r) => [r.readerName, r.className || r.department, r.overdueDays])).toEqual([
      ['Trương Kim Hoa', '6A1', 10],
      ['Nguyễn Văn Hùng', 'Toán', 1],
    ]);
    expect((await ctx.call('circulation.overdue', { className: '6A1' })).rows).toHaveLength(1);
    const pdf = await ctx.call('circulation.remindersPdf', { className: '' });
    const text = execFileSync('pdftotext', ['-layout', pdf.path, '-']).toString();
    expect(text).toContain('PHIẾU NHẮC TRẢ SÁCH');
    expect(text).toContain('Trương Kim Hoa');
    expect(text).toContain('lớp 6A1');
    expect(text).toContain('STN000001');
    expect(text).toContain('16/11/2026');
    expect(pdf.pages).toBe(2); // 6A1 and the Toán department each start a page
    const fonts = execFileSync('pdffonts', [pdf.path]).toString();
    expect(fonts).toMatch(/LiberationSerif/);
    expect(fonts).not.toMatch(/Helvetica|Times-Roman/);
  });

  it('marks a loan lost with compensation, which closes it', async () => {
    const { loan } = await ctx.call('circulation.checkout', { readerId: readerId('220561001'), code: 'STN000001' });
    await expect(ctx.call('circulation.markLost', { loanId: loan.id, compensation: 'money' })).rejects.toMatchObject({ code: 'COMPENSATION_AMOUNT' });
    const r = await ctx.call('circulation.markLost', { loanId: loan.id, compensation: 'money', amount: 45000 });
    expect(r.loan.lostAt).not.toBeNull();
    expect(r.panel.loans).toHaveLength(0);
    expect(one('SELECT compensation AS c, compensation_amount AS a FROM loan WHERE id = ?', loan.id)).toEqual({ c: 'money', a: 45000 });
    expect(one("SELECT status FROM copy WHERE accession_code = 'STN000001'")).toEqual({ status: 'lost' });
    // The copy being lost, a new loan needs an override.
    await expect(ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000001' })).rejects.toMatchObject({ code: 'CHECKOUT_BLOCKED' });
  });

  it('edits loan policies (savePolicy) and the change applies at once', async () => {
    const list = await ctx.call('circulation.policies', {});
    const student = list.find((p) => p.readerKind === 'student' && p.seriesCode === '*')!;
    await ctx.call('circulation.savePolicy', { ...student, maxItems: 1, loanDays: 14 });
    const hoa = readerId('220561001');
    const r = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    expect(r.loan.dueAt).toBe('2026-12-10');
    await expect(ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000002' })).rejects.toMatchObject({ message: expect.stringContaining('đủ 1 cuốn') });
    await expect(ctx.call('circulation.savePolicy', { ...student, id: undefined })).rejects.toMatchObject({ code: 'POLICY_EXISTS' });
    const added = await ctx.call('circulation.savePolicy', { readerKind: 'student', seriesCode: 'STK', maxItems: 2, loanDays: 10, maxRenewals: 0, inLibraryOnly: false, untilYearEnd: false });
    expect((await ctx.call('circulation.checkout', { readerId: hoa, code: 'STK000001' })).loan.dueAt).toBe('2026-12-07');
    await ctx.call('circulation.deletePolicy', { id: added.id });
    await expect(ctx.call('circulation.deletePolicy', { id: student.id })).rejects.toMatchObject({ code: 'POLICY_DEFAULT' });
  });
});
