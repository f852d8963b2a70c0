import fs from 'node:fs';
import { BEFORE_ACCOUNTS } from '../../../shared/accounts';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAudit } from '../../db/queries/audit';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';
import { describeAudit, auditKindLabel } from './describe';
import { formatAuditTime } from './entries';

let ctx: TestContext;
const readerId = (code: string) => (ctx.sql.prepare('SELECT id FROM reader WHERE code = ?').get(code) as { id: number }).id;

beforeEach(async () => {
  ctx = await tempContext(); // 26/11/2026 09:00 (+07:00)
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importReadersFile(ctx, fixturePath('danh-sach-giao-vien.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
});
afterEach(async () => ctx.cleanup());

describe('the audit log is append-only', () => {
  it('SQLite refuses UPDATE and DELETE of its rows, and INSERT still works', () => {
    const sql = ctx.sql;
    writeAudit(sql, { action: 'loan.lost', entity: 'loan', entityId: 1, details: { copy: 'STN000001' }, at: ctx.now() });
    const before = sql.prepare('SELECT * FROM audit_log').all();
    expect(before.length).toBeGreaterThan(0);
    expect(() => sql.prepare("UPDATE audit_log SET details = '{}'").run()).toThrow(/chỉ được ghi thêm: không được sửa/);
    expect(() => sql.prepare("UPDATE audit_log SET actor = 'ai đó' WHERE id = 1").run()).toThrow(/không được sửa/);
    expect(() => sql.prepare('DELETE FROM audit_log').run()).toThrow(/chỉ được ghi thêm: không được xóa/);
    expect(() => sql.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/không được xóa/);
    expect(() => sql.prepare("INSERT OR REPLACE INTO audit_log (id, at, action, entity) VALUES (1, 'x', 'y', 'z')").run()).toThrow(/không được ghi đè/);
    expect(sql.prepare('SELECT * FROM audit_log').all()).toEqual(before);
    writeAudit(sql, { action: 'loan.lost', entity: 'loan', entityId: 2, at: ctx.now() });
    expect(sql.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(before.length + 1);
  });
});

describe('Nhật ký: audit.list and audit.exportXlsx', () => {
  async function someChanges() {
    const hoa = readerId('220561001');
    for (const code of ['STN000001', 'STN000002', 'STK000001']) await ctx.call('circulation.checkout', { readerId: hoa, code });
    const over = await ctx.call('circulation.checkout', { readerId: hoa, code: 'STK000002', overrideReason: 'Ôn thi "học sinh giỏi"' });
    await ctx.call('circulation.markLost', { loanId: over.loan.id, compensation: 'money', amount: 45000 });
    const other = await ctx.call('circulation.checkout', { readerId: readerId('GV001'), code: 'STN000003' });
    await ctx.call('circulation.undo', { action: 'checkout', loanId: other.loan.id });
    return { hoa };
  }

  it('lists who, what in Vietnamese and when (dd/mm/yyyy HH:mm), newest first, with totals and filters', async () => {
    await someChanges();
    const all = await ctx.call('audit.list', {});
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.rows[0].when).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    for (const r of all.rows) {
      expect(r.what).not.toMatch(/loan\.|override|undo|classSet|_/);
      // Through dispatch the desk acts as the Thủ thư account init made (open straight in); the fixtures imported by
      // calling the services directly act for nobody and read like the rows from before accounts.
      expect(r.kind === 'Mượn – trả' ? ['Thủ thư'] : ['Thủ thư', BEFORE_ACCOUNTS]).toContain(r.who);
    }
    const lost = all.rows.find((r) => r.what.startsWith('Báo mất'))!;
    expect(lost).toMatchObject({ what: 'Báo mất bản STK000002, bồi thường 45.000 đồng.', kind: 'Mượn – trả', copyCode: 'STK000002', readerName: 'Trương Kim Hoa' });
    expect(all.rows.find((r) => r.what.startsWith('Cho mượn vượt'))!.what).toBe('Cho mượn vượt quy định bản STK000002. Lý do: Ôn thi "học sinh giỏi".');
    expect(all.rows.find((r) => r.what.startsWith('Hoàn tác'))).toMatchObject({ what: 'Hoàn tác lượt cho mượn bản STN000003 (quét nhầm).', copyCode: 'STN000003' });

    const byCopy = await ctx.call('audit.list', { filter: { copy: 'stk000002' } });
    expect(byCopy.rows.map((r) => r.what.split(' ')[0])).toEqual(['Báo', 'Cho']);
    expect(byCopy.total).toBe(2);
    const byReader = await ctx.call('audit.list', { filter: { reader: '220561001' } });
    // Her three loans (who lent each is in the log since issue 20), the override and the loss.
    expect(byReader.total).toBe(5);
    expect(byReader.rows.filter((r) => r.what.startsWith('Cho mượn bản')).map((r) => [r.who, r.what])).toEqual([
      ['Thủ thư', 'Cho mượn bản STK000001.'], ['Thủ thư', 'Cho mượn bản STN000002.'], ['Thủ thư', 'Cho mượn bản STN000001.'],
    ]);
    expect(byReader.rows.every((r) => r.readerName === 'Trương Kim Hoa')).toBe(true);
    await expect(ctx.call('audit.list', { filter: { reader: 'KHONG-CO' } })).rejects.toMatchObject({ code: 'READER_NOT_FOUND', message: 'Không có bạn đọc nào có mã hoặc số thẻ "KHONG-CO".' });
    expect((await ctx.call('audit.list', { filter: { kind: 'title' } })).total).toBe(0);
    // Her three loans, the override, the loss, the teacher's loan and its undo.
    expect((await ctx.call('audit.list', { filter: { kind: 'loan' } })).total).toBe(7);
    expect((await ctx.call('audit.list', { filter: { from: '2026-11-26', to: '2026-11-26' } })).total).toBe(all.total);
    expect((await ctx.call('audit.list', { filter: { from: '2026-11-27' } })).total).toBe(0);
    expect((await ctx.call('audit.list', { filter: { to: '2026-11-25' } })).total).toBe(0);
    await expect(ctx.call('audit.list', { filter: { from: '2026-11-27', to: '2026-11-26' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const page2 = await ctx.call('audit.list', { offset: 1, limit: 1 });
    expect(page2).toEqual({ rows: [all.rows[1]], total: all.total });
  });

  it('exports the filtered log to Excel with real date-times and the Vietnamese text', async () => {
    await someChanges();
    const file = await ctx.call('audit.exportXlsx', { filter: { copy: 'STK000002' } });
    expect(file.count).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file.path);
    const ws = wb.getWorksheet('Nhật ký')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Thời gian', 'Người thực hiện', 'Loại thay đổi', 'Nội dung', 'Số ĐKCB', 'Bạn đọc']);
    expect(ws.rowCount).toBe(3);
    expect(ws.getCell('A2').value).toBeInstanceOf(Date);
    expect(ws.getCell('A2').numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(ws.getCell('D2').value).toBe('Báo mất bản STK000002, bồi thường 45.000 đồng.');
    expect(ws.getCell('E3').value).toBe('STK000002');
  });
});

describe('describeAudit', () => {
  it('never shows an internal key, even for an action it does not know', () => {
    expect(describeAudit('readers.rollover', 'reader', JSON.stringify({ from: '2025-2026', to: '2026-2027', promoted: 400, graduated: 1234 })))
      .toBe('Chuyển năm học 2025-2026 → 2026-2027: 400 học sinh lên lớp, 1.234 học sinh ra trường.');
    expect(describeAudit('confirm', 'accession_batch', JSON.stringify({ registerNumber: 12, copies: 3, first: 'STK000010', last: 'STK000012' })))
      .toBe('Xác nhận phiếu nhập, vào Sổ ĐKTQ số 12: 3 bản (ĐKCB STK000010 – STK000012).');
    expect(describeAudit('some.future_action', 'somewhere', 'not json')).toBe('Thay đổi: khác.');
    expect(describeAudit('suggestion.status', 'suggestion', JSON.stringify({ before: { status: 'new' }, after: { status: 'planned' } })))
      .toBe('Đổi trạng thái đề xuất mua sách: Mới → Đã đưa vào kế hoạch.');
    expect(describeAudit('delete', 'withdrawal', '{}')).toBe('Xóa biên bản xuất nháp.');
    expect(describeAudit('update', 'copy', JSON.stringify({ before: { id: 3, location: 'Kệ 2', price: 45000, note: '' }, after: { location: 'Kệ 9', price: 50000, note: '' } })))
      .toBe('Sửa thông tin bản sách: kho/kệ Kệ 2 → Kệ 9; giá 45.000 đồng → 50.000 đồng.');
    expect(describeAudit('plan.approve', 'plan', '{}')).toBe('Duyệt kế hoạch mua sắm.');
    expect(describeAudit('plan.somethingNew', 'plan', '{}')).toBe('Thay đổi: kế hoạch mua sắm.');
    expect(auditKindLabel('periodical_issue')).toBe('Báo, tạp chí');
    expect(formatAuditTime('2026-11-26T02:05:00.000Z')).toMatch(/^\d{2}\/11\/2026 \d{2}:05$/);
  });
});

describe('the Nhật ký says what changed and on whom (issue 18.4)', () => {
  const whats = async (filter: { kind?: 'reader' | 'accession' | 'plan'; reader?: string } = {}) =>
    (await ctx.call('audit.list', { filter: { copy: '', reader: '', ...filter }, limit: 200 })).rows;

  it('editing a reader names the reader and each change, old → new', async () => {
    const hoa = await ctx.call('readers.get', { id: readerId('220561001') });
    const form = { ...hoa, sex: hoa.sex as 'nu' };
    await ctx.call('readers.save', { ...form, code: '220561901', fullName: 'Trương Kim Hoà', className: '6A2' });
    const [row] = await whats({ reader: hoa.cardNumber });
    expect(row).toMatchObject({
      kind: 'Bạn đọc', readerName: 'Trương Kim Hoà',
      what: `Sửa bạn đọc Trương Kim Hoà (${hoa.cardNumber}): mã 220561001 → 220561901; họ tên Trương Kim Hoa → Trương Kim Hoà; lớp 6A1 → 6A2.`,
    });
    // Saving the form unchanged changes nothing and writes nothing.
    const count = (await ctx.call('audit.list', {})).total;
    await ctx.call('readers.save', { ...form, code: '220561901', fullName: 'Trương Kim Hoà', className: '6A2' });
    expect((await ctx.call('audit.list', {})).total).toBe(count);
    const added = await ctx.call('readers.save', { kind: 'student', code: 'HS-MOI', fullName: 'Nguyễn Thị Mới', birthDate: null, sex: 'nu', className: '6a3' });
    expect((await whats({ reader: added.cardNumber }))[0].what).toBe(`Thêm bạn đọc Nguyễn Thị Mới (${added.cardNumber}), mã HS-MOI, lớp 6A3.`);
  });

  it('a class-list import says how many were added and changed, and what changed', async () => {
    const lines = fs.readFileSync(fixturePath('danh-sach-hoc-sinh.csv'), 'utf8').trim().split(/\r?\n/);
    lines[1] = lines[1].replace(',6A1', ',6A3');
    lines.push('999,220569999,Phan Thị Mới,01/02/2012,Nữ,6A1');
    const file = path.join(ctx.dataDir, 'lop-moi.csv');
    fs.writeFileSync(file, lines.join('\r\n'));
    await ctx.call('readers.import', { file });
    const row = (await whats({ kind: 'reader' })).find((r) => r.what.includes('lop-moi.csv'))!;
    expect(row.what).toBe(`Nhập danh sách bạn đọc «lop-moi.csv»: thêm mới 1, cập nhật 1, không đổi ${lines.length - 3} — Trương Kim Hoa (220561001): lớp 6A1 → 6A3.`);
  });

  it('a PIN row names the reader', async () => {
    const gv = await ctx.call('readers.get', { id: readerId('GV001') });
    await ctx.call('readers.setPin', { id: gv.id, pin: '246813' });
    await ctx.call('readers.clearPin', { id: gv.id });
    expect((await whats({ reader: 'GV001' })).map((r) => r.what)).toEqual([
      `Xóa mã PIN tra cứu của bạn đọc Nguyễn Văn Hùng (${gv.cardNumber}).`, `Đặt mã PIN tra cứu cho bạn đọc Nguyễn Văn Hùng (${gv.cardNumber}).`,
    ]);
  });

  it('a phiếu nhập over two series gives one ĐKCB range per series', async () => {
    const titles = (await ctx.call('catalogue.search', { query: '' })).items;
    const stk = titles.find((t) => t.seriesCode === 'STK')!;
    const stn = titles.find((t) => t.seriesCode === 'STN')!;
    const batch = await ctx.call('accession.saveDraft', {
      date: '2026-11-26', source: 'mua', lines: [{ titleId: stk.id, quantity: 3, unitPrice: 10_000 }, { titleId: stn.id, quantity: 2, unitPrice: 20_000 }],
    });
    const done = await ctx.call('accession.confirm', { id: batch.id });
    const codes = done.lines.flatMap((l) => l.codes);
    const stkCodes = codes.filter((c) => c.startsWith('STK')).sort();
    const stnCodes = codes.filter((c) => c.startsWith('STN')).sort();
    expect((await whats({ kind: 'accession' }))[0].what).toBe(
      `Xác nhận phiếu nhập, vào Sổ ĐKTQ số ${done.registerNumber}: 5 bản (ĐKCB ${stkCodes[0]}–${stkCodes[2]}, ${stnCodes[0]}–${stnCodes[1]}).`);
    // Rows written before the ranges were kept never join two series with a dash.
    expect(describeAudit('confirm', 'accession_batch', JSON.stringify({ registerNumber: 7, copies: 40, first: 'STK001544', last: 'STN000389' })))
      .toBe('Xác nhận phiếu nhập, vào Sổ ĐKTQ số 7: 40 bản (ĐKCB STK001544, …, STN000389).');
  });
});
