import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';
import { pdfFonts, pdfText } from '../../../tests/pdf-read';

let ctx: TestContext;
const q = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).all(...params) as T[];
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
    await ctx.call('loanRules.saveHolidays', { dates: ['2026-12-03'] });
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
    ctx.sql.prepare("UPDATE loan SET due_at = '2026-11-20' WHERE id = ?").run(loan.id);
    await expect(ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000002' }))
      .rejects.toMatchObject({ message: 'Trương Kim Hoa đang có 1 cuốn quá hạn chưa trả.' });
    const panel = await ctx.call('circulation.panel', { readerId: hoa });
    expect(panel).toMatchObject({ overdue: 1 });
    expect(panel.loans[0].overdueDays).toBe(6);

    const other = readerId('220561002');
    ctx.sql.prepare("UPDATE copy SET status = 'withdrawn' WHERE accession_code = 'STN000003'").run();
    await expect(ctx.call('circulation.checkout', { readerId: other, code: 'STN000003' })).rejects.toMatchObject({ message: expect.stringContaining('đã thanh lọc') });
    ctx.sql.prepare("UPDATE copy SET status = 'lost' WHERE accession_code = 'STN000004'").run();
    await expect(ctx.call('circulation.checkout', { readerId: other, code: 'STN000004' })).rejects.toMatchObject({ message: expect.stringContaining('đã mất') });
    ctx.sql.prepare('UPDATE reader SET active = 0 WHERE id = ?').run(other);
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
    expect(() => ctx.sql.prepare(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at) VALUES (?, ?, 'short', 'x', 'y')`)
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
      ctx.sql.prepare("UPDATE title SET isbn = '9786040000007' WHERE id = 1").run();
      expect(await ctx.call('circulation.scan', { code: '978-604-0-00000-7', readerId: null, mode: 'lend' })).toMatchObject({ action: 'title', titleId: 1 });
    }
  });

  it('"ghi lượt đọc" mode records a visit (lượt đến thư viện) when a card is scanned', async () => {
    const r = await ctx.call('circulation.scan', { code: cardOf('GV003'), readerId: null, mode: 'visit' });
    expect(r).toMatchObject({ action: 'reader', visitRecorded: true, message: expect.stringContaining('Đã ghi lượt đến thư viện') });
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM visit WHERE reader_id = ?', readerId('GV003')).n).toBe(1);
    const group = await ctx.call('circulation.visit', { headcount: 25, note: 'Lớp 6A1 đọc sách' });
    expect(group).toMatchObject({ today: 26, repeated: false });
  });

  it('the same card scanned twice within a few minutes is one visit, and the desk says so', async () => {
    const hoa = readerId('220561001');
    const visits = () => one<{ n: number }>('SELECT COUNT(*) AS n FROM visit WHERE reader_id = ?', hoa).n;
    const first = await ctx.call('circulation.scan', { code: cardOf('220561001'), readerId: null, mode: 'visit' });
    expect(first).toMatchObject({ action: 'reader', visitRecorded: true });
    const again = await ctx.call('circulation.scan', { code: cardOf('220561001'), readerId: null, mode: 'visit' });
    expect(again).toMatchObject({ action: 'reader', visitRecorded: false, message: expect.stringContaining('quét lại trong 5 phút vẫn là một lượt, không ghi thêm') });
    expect(again.message).toContain('Trương Kim Hoa (6A1) đã được ghi lượt đến thư viện lúc');
    expect(visits()).toBe(1);
    expect((await ctx.call('circulation.visit', { readerId: hoa })).repeated).toBe(true);
    expect(visits()).toBe(1);
    // A visit 6 minutes ago is over: this scan is a new visit.
    ctx.sql.prepare('UPDATE visit SET visited_at = ? WHERE reader_id = ?').run(new Date(ctx.now().getTime() - 6 * 60_000).toISOString(), hoa);
    expect(await ctx.call('circulation.scan', { code: cardOf('220561001'), readerId: null, mode: 'visit' })).toMatchObject({ visitRecorded: true });
    expect(visits()).toBe(2);
  });

  it('"ghi lượt đọc" mode: a book scan records a lượt đọc tại chỗ and never returns or lends it', async () => {
    const hoa = readerId('220561001'), lan = readerId('220561002');
    await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    const uses = () => one<{ n: number }>('SELECT COUNT(*) AS n FROM in_library_use').n;
    // The borrower is not there: the copy stays lent to her, the desk says so.
    const r = await ctx.call('circulation.scan', { code: 'STN000001', readerId: null, mode: 'visit' });
    expect(r).toMatchObject({ action: 'inLibraryUse', copyCode: 'STN000001', heldBy: 'Trương Kim Hoa', readerId: null, today: 1 });
    expect(r.message).toMatch(/^Đã ghi lượt đọc tại chỗ: .+ — STN000001 \(hôm nay 1 lượt\)\. Bản này đang ghi cho Trương Kim Hoa mượn/);
    expect(openLoans()).toBe(1);
    expect(one("SELECT status FROM copy WHERE accession_code = 'STN000001'")).toEqual({ status: 'onLoan' });
    // Another reader open at the desk: her own book and a shelf copy are neither returned nor lent.
    await ctx.call('circulation.checkout', { readerId: lan, code: 'STN000002' });
    for (const code of ['STN000002', 'STN000003']) {
      expect(await ctx.call('circulation.scan', { code, readerId: lan, mode: 'visit' })).toMatchObject({ action: 'inLibraryUse', readerId: lan });
    }
    expect(openLoans()).toBe(2);
    expect(one("SELECT status FROM copy WHERE accession_code = 'STN000003'")).toEqual({ status: 'available' });
    expect(q('SELECT reader_id AS r FROM in_library_use ORDER BY id')).toEqual([{ r: null }, { r: lan }, { r: lan }]);
    // A weeded copy is not in the library's stock: refused, nothing recorded.
    ctx.sql.prepare("UPDATE copy SET status = 'withdrawn' WHERE accession_code = 'STN000004'").run();
    await expect(ctx.call('circulation.scan', { code: 'STN000004', readerId: null, mode: 'visit' })).rejects.toMatchObject({ code: 'COPY_WITHDRAWN' });
    expect(uses()).toBe(3);
    // Thống kê, the self-assessment and the year report count them as lượt đọc tại chỗ, not as loans.
    const s = await ctx.call('reports.statistics', { year: '2026-2027' });
    expect(s.totals).toMatchObject({ inLibrary: 3, loans: 2, visits: 0 });
    expect(s.circulation.find((c) => c.readerKind === 'student' && c.series === 'STN')).toMatchObject({ loans: 2, inLibrary: 2 });
    expect(s.circulation.find((c) => c.readerKind === '')).toMatchObject({ loans: 0, inLibrary: 1 });
    expect((await ctx.call('selfcheck.get', { year: '2026-2027' })).figures).toMatchObject({ inLibrary: 3, loans: 2, visits: 0 });
    const report = await ctx.call('reports.print', { period: 'year', year: '2026-2027', proposals: '' });
    expect((await pdfText(report.path)).replace(/\s+/g, ' ')).toContain('2 lượt mượn, 3 lượt đọc tại chỗ, 0 lượt đến thư viện');
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
    const text = await pdfText(r.file.path);
    expect(text).toContain('DANH SÁCH MƯỢN SÁCH GIÁO KHOA');
    expect(text).toContain('Trương Kim Hoa');
    expect(text).toContain('Tổng số: 31 học sinh, 93 cuốn.');
    // Lending again skips students who already hold the title: nothing new.
    const again = await ctx.call('circulation.lendClassSet', { className: '6A1', titleIds: pick });
    expect(again.loans).toBe(0);
    // Not enough copies: 40 per title, 6A1 (31) holds them, 6A2 (30) needs 30 → the 9 left are lent, 21 students get none.
    const partial = await ctx.call('circulation.lendClassSet', { className: '6A2', titleIds: pick });
    expect(partial).toMatchObject({ classSet: 'SGK 6A2 2026-2027', students: 30, loans: 27 });
    expect(partial.shortages.map((x) => [x.titleId, x.missing, x.readers.length])).toEqual(pick.map((t) => [t, 21, 21]));
    // Those who got a copy and those listed as getting none are the whole class, with no overlap.
    const got = q<{ reader_id: number }>("SELECT reader_id FROM loan l JOIN copy c ON c.id = l.copy_id WHERE class_set = 'SGK 6A2 2026-2027' AND c.title_id = ?", pick[0]).map((x) => x.reader_id);
    const none = partial.shortages[0].readers.map((x) => x.id);
    expect(got).toHaveLength(9);
    expect(new Set([...got, ...none]).size).toBe(30);
    expect(partial.shortages[0].readers.every((x) => x.fullName.length > 0)).toBe(true);
    expect(openLoans()).toBe(120);
    // Nothing at all left on the shelf: refused, nothing changes.
    await expect(ctx.call('circulation.lendClassSet', { className: '6A3', titleIds: pick })).rejects.toMatchObject({ code: 'CLASS_SET_SHORT', message: expect.stringContaining('thiếu') });
    expect(openLoans()).toBe(120);
    await ctx.call('circulation.returnClassSet', { classSet: 'SGK 6A2 2026-2027' });
    const sets = await ctx.call('circulation.classSets', {});
    expect(sets[0]).toMatchObject({ classSet: 'SGK 6A1 2026-2027', students: 31, open: 93 });
    const back = await ctx.call('circulation.returnClassSet', { classSet: 'SGK 6A1 2026-2027' });
    expect(back.returned).toBe(93);
    expect(openLoans()).toBe(0);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM copy WHERE status = 'onLoan'").n).toBe(0);
  });

  it('says how many students received books and names who received none and why (already holding it, none left, card inactive)', async () => {
    const [t] = await ctx.call('circulation.classSetTitles', { className: '6A1' });
    const name = `${t.title}${t.volume ? `, ${t.volume}` : ''}`;
    // Hoa already holds the title (lent at the desk); another student of 6A1 has left (card inactive).
    const hoa = readerId('220561001');
    const copy = one<{ code: string }>("SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'available' ORDER BY id LIMIT 1", t.titleId).code;
    await ctx.call('circulation.checkout', { readerId: hoa, code: copy });
    const gone = one<{ id: number; full_name: string }>("SELECT id, full_name FROM reader WHERE class_name = '6A1' AND id <> ? ORDER BY id LIMIT 1", hoa);
    ctx.sql.prepare('UPDATE reader SET active = 0 WHERE id = ?').run(gone.id);

    const r = await ctx.call('circulation.lendClassSet', { className: '6A1', titleIds: [t.titleId] });
    expect(r).toMatchObject({ students: 30, received: 29, loans: 29 });
    expect(r.notReceived).toEqual([
      { id: hoa, fullName: 'Trương Kim Hoa', reason: `đang giữ ${name}` },
      { id: gone.id, fullName: gone.full_name, reason: 'thẻ thôi hoạt động' },
    ]);
    expect(r.message).toBe(`Đã cho lớp 6A1 mượn 29 cuốn: 29/30 học sinh nhận sách (SGK 6A1 2026-2027). 1 học sinh không nhận cuốn nào: Trương Kim Hoa (đang giữ ${name}). 1 học sinh thôi hoạt động không được mượn.`);

    // 40 copies: 30 are out, so 6A2 (30 students) gets 10; the message does not claim the whole class.
    const short = await ctx.call('circulation.lendClassSet', { className: '6A2', titleIds: [t.titleId] });
    expect(short).toMatchObject({ students: 30, received: 10, loans: 10 });
    expect(short.notReceived).toHaveLength(20);
    expect(short.notReceived.every((x) => x.reason === `hết bản trên kệ (${name})`)).toBe(true);
    expect(short.notReceived.map((x) => x.id)).toEqual(short.shortages[0].readers.map((x) => x.id));
    expect(short.message).toBe('Đã cho lớp 6A2 mượn 10 cuốn: 10/30 học sinh nhận sách (SGK 6A2 2026-2027). 20 học sinh không nhận cuốn nào (xem danh sách bên dưới). Còn thiếu 20 cuốn trên kệ.');
  });

  it('lists overdue loans by class with days overdue and prints reminder slips per class', async () => {
    const a = await ctx.call('circulation.checkout', { readerId: readerId('220561001'), code: 'STN000001' });
    const b = await ctx.call('circulation.checkout', { readerId: readerId('GV001'), code: 'STK000001' });
    await ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000002' });
    const setDue = ctx.sql.prepare('UPDATE loan SET due_at = ? WHERE id = ?');
    setDue.run('2026-11-16', a.loan.id);
    setDue.run('2026-11-25', b.loan.id);
    const { rows } = await ctx.call('circulation.overdue', {});
    expect(rows.map((r) => [r.readerName, r.className || r.department, r.overdueDays])).toEqual([
      ['Trương Kim Hoa', '6A1', 10],
      ['Nguyễn Văn Hùng', 'Toán', 1],
    ]);
    expect((await ctx.call('circulation.overdue', { className: '6A1' })).rows).toHaveLength(1);
    const pdf = await ctx.call('circulation.remindersPdf', { className: '' });
    const text = await pdfText(pdf.path);
    expect(text).toContain('PHIẾU NHẮC TRẢ SÁCH');
    expect(text).toContain('Trương Kim Hoa');
    expect(text).toContain('lớp 6A1');
    expect(text).toContain('STN000001');
    expect(text).toContain('16/11/2026');
    expect(pdf.pages).toBe(1); // two slips (6A1, then the Toán department) share a page: three fit on A4
    const fonts = pdfFonts(pdf.path).map((f) => f.name).join('\n');
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
    // The copy being lost, it cannot be lent, not even by an override.
    await expect(ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000001' })).rejects.toMatchObject({ code: 'COPY_LOST' });
  });

  it('edits loan policies (savePolicy) and the change applies at once', async () => {
    const list = await ctx.call('loanRules.list', {});
    const student = list.find((p) => p.readerKind === 'student' && p.seriesCode === '*')!;
    await ctx.call('loanRules.save', { ...student, maxItems: 1, loanDays: 14 });
    const hoa = readerId('220561001');
    const r = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    expect(r.loan.dueAt).toBe('2026-12-10');
    await expect(ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000002' })).rejects.toMatchObject({ message: expect.stringContaining('đủ 1 cuốn') });
    await expect(ctx.call('loanRules.save', { ...student, id: undefined })).rejects.toMatchObject({ code: 'POLICY_EXISTS' });
    const added = await ctx.call('loanRules.save', { readerKind: 'student', seriesCode: 'STK', maxItems: 2, loanDays: 10, maxRenewals: 0, inLibraryOnly: false, untilYearEnd: false });
    expect((await ctx.call('circulation.checkout', { readerId: hoa, code: 'STK000001' })).loan.dueAt).toBe('2026-12-07');
    await ctx.call('loanRules.delete', { id: added.id });
    await expect(ctx.call('loanRules.delete', { id: student.id })).rejects.toMatchObject({ code: 'POLICY_DEFAULT' });
  });
});

describe('holidays and the printed class-set list', () => {
  it('loanRules.holidays gives back the saved days off, each once and in date order', async () => {
    expect(await ctx.call('loanRules.holidays', {})).toEqual({ dates: [] });
    await ctx.call('loanRules.saveHolidays', { dates: ['2027-01-01', '2026-12-03', '2027-01-01'] });
    expect(await ctx.call('loanRules.holidays', {})).toEqual({ dates: ['2026-12-03', '2027-01-01'] });
    await ctx.call('loanRules.saveHolidays', { dates: [] });
    expect(await ctx.call('loanRules.holidays', {})).toEqual({ dates: [] });
  });

  it('circulation.classSetPdf prints who holds which copy, leaves lost books out and marks students who returned everything', async () => {
    const titles = await ctx.call('circulation.classSetTitles', { className: '6A1' });
    const { classSet } = await ctx.call('circulation.lendClassSet', { className: '6A1', titleIds: titles.slice(0, 2).map((t) => t.titleId) });
    const text = async () => pdfText((await ctx.call('circulation.classSetPdf', { classSet })).path);
    const hoaLoans = q<{ id: number; code: string }>(`SELECT l.id, c.accession_code AS code FROM loan l JOIN copy c ON c.id = l.copy_id
      WHERE l.class_set = ? AND l.reader_id = ? ORDER BY l.id`, classSet, readerId('220561001'));
    expect(hoaLoans).toHaveLength(2);
    const first = await text();
    expect(first).toContain(`DANH SÁCH MƯỢN SÁCH GIÁO KHOA — ${classSet.toUpperCase()}`);
    expect(first).toContain('Tổng số: 31 học sinh, 62 cuốn.');
    const hoaLine = first.split('\n').find((l) => l.includes('Trương Kim Hoa'))!;
    expect(hoaLine).toContain(hoaLoans[0].code);
    expect(hoaLine).toContain(hoaLoans[1].code);
    expect(first).not.toContain('Đã trả');

    await ctx.call('circulation.markLost', { loanId: hoaLoans[0].id, compensation: 'book' });
    await ctx.call('circulation.returnClassSet', { classSet });
    const after = await text();
    expect(after).toContain('Tổng số: 31 học sinh, 61 cuốn.');
    expect(after).not.toContain(hoaLoans[0].code);
    expect(after.match(/Đã trả/g)).toHaveLength(31);

    await expect(ctx.call('circulation.classSetPdf', { classSet: 'SGK 9Z9 2026-2027' }))
      .rejects.toMatchObject({ code: 'CLASS_SET_EMPTY', message: 'Không có bộ sách SGK 9Z9 2026-2027.' });
  });
});

describe('late returns, weeded and lost copies, the desk next step', () => {
  const copyId = (code: string) => one<{ id: number }>('SELECT id FROM copy WHERE accession_code = ?', code).id;
  const status = (code: string) => one<{ status: string }>('SELECT status FROM copy WHERE accession_code = ?', code).status;

  it('a late return says "trả trễ N ngày" and the history keeps the lateness', async () => {
    const hoa = readerId('220561001');
    const { loan } = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    ctx.sql.prepare("UPDATE loan SET due_at = '2026-11-22' WHERE id = ?").run(loan.id); // due 4 days ago
    const r = await ctx.call('circulation.scan', { code: 'STN000001', readerId: null, mode: 'lend' });
    expect(r).toMatchObject({ action: 'return', loan: { overdueDays: 4 }, message: expect.stringContaining('trả trễ 4 ngày') });
    const onTime = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000002' });
    const back = await ctx.call('circulation.return', { code: 'STN000002' });
    expect(back.loan.overdueDays).toBe(0);
    const history = await ctx.call('circulation.history', { readerId: hoa });
    expect(history.reader.fullName).toBe('Trương Kim Hoa');
    expect(history.loans.map((l) => [l.id, l.overdueDays])).toEqual(expect.arrayContaining([[loan.id, 4], [onTime.loan.id, 0]]));
    expect(history.loans.every((l) => l.returnedAt !== null)).toBe(true);
  });

  it('a weeded copy can never be lent, not even by an override, and a return never puts it back into stock', async () => {
    const hoa = readerId('220561001');
    const w = await ctx.call('withdrawal.saveDraft', { number: '01/2026', date: '2026-11-25', items: [{ copyId: copyId('STN000003'), reason: 'damaged' }] });
    await ctx.call('withdrawal.confirm', { id: w.id });
    await expect(ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000003', overrideReason: 'Cô hiệu trưởng cho phép' }))
      .rejects.toMatchObject({ code: 'COPY_WITHDRAWN' });
    const scanned = await ctx.call('circulation.scan', { code: 'STN000003', readerId: hoa, mode: 'lend' });
    expect(scanned).toMatchObject({ action: 'blocked', blocks: [{ code: 'COPY_WITHDRAWN', overridable: false }] });
    expect(openLoans()).toBe(0);
    // Data left by the old override: status overwritten to onLoan with an open loan; returning keeps it out of stock.
    ctx.sql.prepare("UPDATE copy SET status = 'onLoan' WHERE accession_code = 'STN000003'").run();
    ctx.sql.prepare("INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at) VALUES (?, ?, 'short', '2026-11-20T02:00:00.000Z', '2026-11-27')")
      .run(copyId('STN000003'), hoa);
    await expect(ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000003', overrideReason: 'x' })).rejects.toMatchObject({ code: 'COPY_WITHDRAWN' });
    const r = await ctx.call('circulation.scan', { code: 'STN000003', readerId: null, mode: 'lend' });
    expect(r).toMatchObject({ action: 'return', message: expect.stringContaining('thanh lọc') });
    expect(status('STN000003')).toBe('withdrawn');
    await expect(ctx.call('circulation.found', { code: 'STN000003' })).rejects.toMatchObject({ code: 'COPY_WITHDRAWN', message: expect.stringContaining('01/2026') });
  });

  it('a lost copy is not lent nor returned into stock; "Tìm thấy" brings it back, audited, out of the loss figures', async () => {
    const hoa = readerId('220561001');
    const { loan } = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    await ctx.call('circulation.markLost', { loanId: loan.id, compensation: 'none' });
    expect((await ctx.call('stats.summary', {})).copies.lost).toBe(1);
    expect((await ctx.call('withdrawal.lostCopies', {})).map((c) => c.accessionCode)).toEqual(['STN000001']);
    await expect(ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000001', overrideReason: 'tìm được' }))
      .rejects.toMatchObject({ code: 'COPY_LOST' });
    await expect(ctx.call('circulation.scan', { code: 'STN000001', readerId: null, mode: 'lend' })).rejects.toMatchObject({ code: 'COPY_LOST', message: expect.stringContaining('Tìm thấy') });
    await expect(ctx.call('circulation.return', { code: 'STN000001' })).rejects.toMatchObject({ code: 'NOT_ON_LOAN' });
    expect(status('STN000001')).toBe('lost');

    // Old data: a lost copy lent by an override (status overwritten); its return leaves it lost.
    ctx.sql.prepare("UPDATE copy SET status = 'onLoan' WHERE accession_code = 'STN000001'").run();
    ctx.sql.prepare("INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at) VALUES (?, ?, 'short', '2026-11-20T02:00:00.000Z', '2026-11-27')")
      .run(copyId('STN000001'), readerId('220561002'));
    await ctx.call('circulation.return', { code: 'STN000001' });
    expect(status('STN000001')).toBe('lost');

    // A draft biên bản holding the copy must drop it first.
    const draft = await ctx.call('withdrawal.saveDraft', { number: '02/2026', date: '2026-11-25', items: [{ copyId: copyId('STN000001'), reason: 'lost' }] });
    await expect(ctx.call('circulation.found', { code: 'STN000001' })).rejects.toMatchObject({ code: 'COPY_IN_DRAFT_WITHDRAWAL' });
    await ctx.call('withdrawal.deleteDraft', { id: draft.id });
    await expect(ctx.call('circulation.found', { code: 'STN000002' })).rejects.toMatchObject({ code: 'COPY_NOT_LOST' });

    const f = await ctx.call('circulation.found', { code: 'stn000001' });
    expect(f.message).toContain('Đã tìm thấy STN000001');
    expect(status('STN000001')).toBe('available');
    expect((await ctx.call('stats.summary', {})).copies.lost).toBe(0);
    expect(await ctx.call('withdrawal.lostCopies', {})).toEqual([]);
    expect(one('SELECT returned_at IS NOT NULL AS back, lost_at IS NOT NULL AS lost, note FROM loan WHERE id = ?', loan.id))
      .toEqual({ back: 1, lost: 1, note: 'Tìm thấy ngày 26/11/2026' });
    expect(JSON.parse(one<{ details: string }>("SELECT details FROM audit_log WHERE action = 'copy.found'").details)).toMatchObject({ copy: 'STN000001', loanIds: [loan.id] });
    const lent = await ctx.call('circulation.checkout', { readerId: readerId('220561002'), code: 'STN000001' });
    expect(lent.loan.copyCode).toBe('STN000001');
  });

  it('"Trả và cho bạn này mượn" returns from the holder and lends to the open reader in one transaction', async () => {
    const hoa = readerId('220561001');
    const trung = readerId('220561002');
    const first = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STN000001' });
    const r = await ctx.call('circulation.transfer', { readerId: trung, code: 'STN000001' });
    expect(r.returned).toMatchObject({ id: first.loan.id, readerId: hoa });
    expect(r.returned.returnedAt).not.toBeNull();
    expect(r.loan).toMatchObject({ readerId: trung, copyCode: 'STN000001', returnedAt: null });
    expect(r.panel.reader.id).toBe(trung);
    expect(status('STN000001')).toBe('onLoan');
    expect(openLoans()).toBe(1);
    await expect(ctx.call('circulation.transfer', { readerId: trung, code: 'STN000001' })).rejects.toMatchObject({ code: 'SAME_READER' });
    // The new reader is blocked (inactive): nothing changes, the copy stays with the holder.
    ctx.sql.prepare('UPDATE reader SET active = 0 WHERE id = ?').run(hoa);
    await expect(ctx.call('circulation.transfer', { readerId: hoa, code: 'STN000001' })).rejects.toMatchObject({ code: 'CHECKOUT_BLOCKED' });
    expect(one('SELECT reader_id AS r FROM loan WHERE returned_at IS NULL')).toEqual({ r: trung });
    const forced = await ctx.call('circulation.transfer', { readerId: hoa, code: 'STN000001', overrideReason: 'Đã gia hạn thẻ' });
    expect(forced.loan.readerId).toBe(hoa);
    expect(q("SELECT action FROM audit_log WHERE action IN ('loan.transfer', 'loan.override') ORDER BY id").map((x) => x.action))
      .toEqual(['loan.transfer', 'loan.override', 'loan.transfer']);
  });
});
