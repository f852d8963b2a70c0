import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { fold } from '../../../shared/text';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from './import';

let ctx: TestContext;
afterEach(async () => ctx?.cleanup());

async function seriesId(c: TestContext, code: string): Promise<number> {
  return (await c.call('settings.listSeries', {})).find((s) => s.code === code)!.id;
}
async function accession(c: TestContext, titleId: number, quantity: number, unitPrice = 10000) {
  const draft = await c.call('accession.saveDraft', { date: '2026-11-26', source: 'mua', lines: [{ titleId, quantity, unitPrice }] });
  return c.call('accession.confirm', { id: draft.id });
}
/** A student (numbered n) with an open loan of the copy, written straight into the tables. */
function addReaderAndLoan(c: TestContext, copyId: number, n = 1, fullName = 'Nguyễn Văn An'): number {
  const raw = c.sql;
  const stamp = `2026-11-${19 + n}T08:00:00.000Z`;
  const readerId = Number(raw.prepare(`INSERT INTO reader (kind, code, card_number, full_name, search_text, class_name, created_at, updated_at)
    VALUES ('student', ?, ?, ?, ?, ?, ?, ?)`).run(`HS${n}`, `HS${String(n).padStart(6, '0')}`, fullName, fold(fullName), `6A${n}`, stamp, stamp).lastInsertRowid);
  raw.prepare(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at) VALUES (?, ?, 'short', ?, ?)`).run(copyId, readerId, stamp, `2026-11-${26 + n}`);
  raw.prepare("UPDATE copy SET status = 'onLoan' WHERE id = ?").run(copyId);
  return readerId;
}

describe('titles and search', () => {
  it('finds titles without diacritics, ranks title prefix first, finds by ĐKCB, ISBN, author', async () => {
    ctx = await tempContext();
    await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
    const s = (query: string, extra = {}) => ctx.call('catalogue.search', { query, ...extra });
    for (const q of ['de men', 'DE MEN', 'Dế Mèn', 'dế mèn phiêu']) expect((await s(q)).items[0]?.title).toBe('Dế Mèn phiêu lưu ký');
    const dang = await s('dang thuy tram');
    expect(dang.items.map((i) => i.title)).toContain('Nhật ký Đặng Thùy Trâm');
    // Title prefix first: "toan" finds Toán 6 titles before those that only mention it elsewhere.
    const toan = await s('toan 6');
    expect(toan.items[0].title.startsWith('Toán 6')).toBe(true);
    const byIsbn = await s('978-0-19-479879-2');
    expect(byIsbn.items.map((i) => i.title)).toEqual(["Oxford Advanced Learner's Dictionary"]);
    const byCode = await s('stn000001');
    expect(byCode.items).toHaveLength(1);
    expect(byCode.items[0].matchedCode).toBe('STN000001');
    const deMen = (await s('de men')).items[0];
    expect(deMen).toMatchObject({ copies: 5, available: 5, seriesCode: 'STN', shelfMark: '895.9223 / TOH' });
    const prefix = await s('STK00000');
    expect(prefix.total).toBeGreaterThan(1);
    // Filters.
    const sgk = await s('', { seriesId: await seriesId(ctx, 'SGK') });
    expect(sgk.total).toBe(12);
    expect((await s('nguyen nhat anh', { year: 2017 })).items.map((i) => i.title)).toEqual(['Kính vạn hoa - Tập 1']);
    expect((await s('khong co cuon nao nhu the')).total).toBe(0);
  });

  it('lists volumes in natural order: Tập một, Tập hai, Tập 3, Tập 10 (not by the letters of the words)', async () => {
    ctx = await tempContext();
    const sgk = await seriesId(ctx, 'SGK');
    // Saved out of order on purpose, so neither the id nor the folded text ("tap hai" < "tap mot") gives the answer.
    for (const volume of ['Tập 10', 'Tập hai', 'Tập 3', 'Tập một']) {
      await ctx.call('catalogue.saveTitle', { title: 'Tiếng Việt 2', volume, seriesId: sgk });
    }
    await ctx.call('catalogue.saveTitle', { title: 'Tiếng Việt 2 – Sách giáo viên', volume: 'Tập một', seriesId: sgk });
    const hits = await ctx.call('catalogue.search', { query: 'tieng viet 2' });
    expect(hits.items.map((i) => `${i.title} | ${i.volume}`)).toEqual([
      'Tiếng Việt 2 | Tập một', 'Tiếng Việt 2 | Tập hai', 'Tiếng Việt 2 | Tập 3', 'Tiếng Việt 2 | Tập 10',
      'Tiếng Việt 2 – Sách giáo viên | Tập một',
    ]);
    // The same order when browsing without a query (paged in SQL by the stored key).
    const browsed = await ctx.call('catalogue.search', { query: '', seriesId: sgk });
    expect(browsed.items.map((i) => `${i.title} | ${i.volume}`).filter((t) => t.startsWith('Tiếng Việt 2'))).toEqual([
      'Tiếng Việt 2 | Tập một', 'Tiếng Việt 2 | Tập hai', 'Tiếng Việt 2 | Tập 3', 'Tiếng Việt 2 | Tập 10',
      'Tiếng Việt 2 – Sách giáo viên | Tập một',
    ]);
  });

  it('validates ISBN by checksum, stores ISBN-13, warns on duplicates, keeps search in step with edits', async () => {
    ctx = await tempContext();
    const stk = await seriesId(ctx, 'STK');
    await expect(ctx.call('catalogue.saveTitle', { title: 'Sai ISBN', seriesId: stk, isbn: '978-604-2-12345-0' })).rejects.toThrow(/ISBN không đúng/);
    const t = await ctx.call('catalogue.saveTitle', { title: 'Lịch sử Việt Nam bằng tranh', authors: ['Trần Bạch Đằng'], seriesId: stk, isbn: '0-306-40615-2', publicationYear: 2020, classification: '959.7' });
    expect(t.isbn).toBe('9780306406157');
    expect(t.authorMark).toBe('TRA');
    expect(t.shelfMark).toBe('959.7 / TRA');
    const dup = await ctx.call('catalogue.saveTitle', { title: 'Khác hẳn', seriesId: stk, isbn: '9780306406157' }).catch((e) => e);
    expect(dup.code).toBe('DUPLICATE');
    expect(dup.message).toContain('Lịch sử Việt Nam bằng tranh');
    const dup2 = await ctx.call('catalogue.findDuplicates', { title: 'lich su viet nam bang tranh', authors: ['Trần Bạch Đằng'], publicationYear: 2020 });
    expect(dup2).toHaveLength(1);
    expect((await ctx.call('catalogue.saveTitle', { title: 'Khác hẳn', seriesId: stk, isbn: '9780306406157', allowDuplicate: true })).id).toBeGreaterThan(t.id);
    await ctx.call('catalogue.saveTitle', { ...t, authors: t.authors, isbn: t.isbn ?? '', title: 'Đảo Lý Sơn', allowDuplicate: true });
    expect((await ctx.call('catalogue.search', { query: 'ly son' })).items[0].id).toBe(t.id);
    expect((await ctx.call('catalogue.search', { query: 'bang tranh' })).total).toBe(0);
    expect((await ctx.call('catalogue.findByIsbn', { isbn: '9780306406157' })).length).toBe(2);
  });
});

describe('accession', () => {
  it('numbers consecutively per series, drafts hold no numbers, deleted drafts leave no gap, concurrent saves never share a number', async () => {
    ctx = await tempContext();
    const stk = await seriesId(ctx, 'STK');
    const t = await ctx.call('catalogue.saveTitle', { title: 'Đắc nhân tâm', authors: ['Dale Carnegie'], seriesId: stk });
    const first = await accession(ctx, t.id, 10, 86000);
    expect(first.registerNumber).toBe(1);
    expect(first.lines[0].codes[0]).toBe('STK000001');
    expect(first.lines[0].codes[9]).toBe('STK000010');
    expect(first.totalValue).toBe(860000);
    const draft = await ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'bieu_tang', lines: [{ titleId: t.id, quantity: 5 }] });
    expect(draft.registerNumber).toBeNull();
    expect((await ctx.call('settings.listSeries', {})).find((s) => s.code === 'STK')!.nextNumber).toBe(11);
    await ctx.call('accession.deleteDraft', { id: draft.id });
    const [a, b] = await Promise.all([accession(ctx, t.id, 3), accession(ctx, t.id, 4)]);
    const all = [...a.lines[0].codes, ...b.lines[0].codes].sort();
    expect(all).toEqual(['STK000011', 'STK000012', 'STK000013', 'STK000014', 'STK000015', 'STK000016', 'STK000017']);
    expect([a.registerNumber, b.registerNumber].sort()).toEqual([2, 3]);
    await expect(ctx.call('accession.confirm', { id: a.id })).rejects.toThrow(/đã được xác nhận/);
    await expect(ctx.call('accession.deleteDraft', { id: a.id })).rejects.toThrow(/không xóa được/);
    // Audited copy edit, never renumbering.
    const copy = (await ctx.call('catalogue.getTitle', { id: t.id })).copies[0];
    const edited = await ctx.call('catalogue.updateCopy', { id: copy.id, location: 'Kệ 3', price: 90000 });
    expect(edited).toMatchObject({ accessionCode: 'STK000001', location: 'Kệ 3', price: 90000 });
    expect(ctx.sql.prepare("SELECT COUNT(*) FROM audit_log WHERE entity = 'copy' AND action = 'update'").pluck().get()).toBe(1);
  });

  it('keeps a school\'s existing numbers (ranges) and continues after the highest kept', async () => {
    ctx = await tempContext();
    const file = path.join(ctx.dataDir, 'so-cu.csv');
    fs.writeFileSync(file, '\uFEFFLoại sách;Nhan đề;Tác giả;Năm xuất bản;Số lượng;Số ĐKCB;Nguồn\n' +
      'STK;Quê nội;Võ Quảng;2018;6;STK120-STK125;Mua\nSTK;Tắt đèn;Ngô Tất Tố;2019;2;STK200, STK202;Biếu tặng\n');
    const r = await importCatalogueFile(ctx, file);
    expect(r.copies).toBe(8);
    const raw = ctx.sql;
    expect(raw.prepare('SELECT accession_code FROM copy ORDER BY accession_number').pluck().all())
      .toEqual(['STK120', 'STK121', 'STK122', 'STK123', 'STK124', 'STK125', 'STK200', 'STK202']);
    const stk = await seriesId(ctx, 'STK');
    expect((await ctx.call('settings.listSeries', {})).find((s) => s.id === stk)!.nextNumber).toBe(203);
    const t = await ctx.call('catalogue.saveTitle', { title: 'Mới', seriesId: stk });
    expect((await accession(ctx, t.id, 1)).lines[0].codes).toEqual(['STK000203']);
    // Kept numbers already used are refused.
    const again = path.join(ctx.dataDir, 'so-cu-2.csv');
    fs.writeFileSync(again, 'Loại sách,Nhan đề,Số ĐKCB\nSTK,Khác,STK121\n');
    await expect(importCatalogueFile(ctx, again)).rejects.toThrow(/Dòng 2: số ĐKCB STK121 đã có trong kho/);
  });

  it('imports .xlsx with a column mapping for other headers', async () => {
    ctx = await tempContext();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['Tên tài liệu', 'Người viết', 'Kho', 'SL', 'Năm']);
    ws.addRow(['Hoàng tử bé', 'Antoine de Saint-Exupéry', 'STN', 3, 2019]);
    ws.addRow(['Không gia đình', 'Hector Malot', 'STN', 2, 2018]);
    const file = path.join(ctx.dataDir, 'danh-muc.xlsx');
    await wb.xlsx.writeFile(file);
    await expect(importCatalogueFile(ctx, file, { dryRun: true })).rejects.toThrow(/kho "STN" không đọc được/); // unmapped, "Kho" reads as Khổ (cm); the message names the file's column
    const r = await importCatalogueFile(ctx, file, { mapping: { authors: 'Người viết', series: 'Kho', quantity: 'SL' } });
    expect(r).toMatchObject({ titles: 2, copies: 5 });
    expect((await ctx.call('catalogue.search', { query: 'hoang tu be' })).items[0]).toMatchObject({ authors: 'Antoine de Saint-Exupéry', copies: 3 });
  });

  it('reports each kind of bad row in Vietnamese', async () => {
    ctx = await tempContext();
    const file = path.join(ctx.dataDir, 'loi.csv');
    fs.writeFileSync(file, 'Loại sách,Nhan đề,Năm xuất bản,ISBN,Số lượng\nSTK,,2020,,1\nSTK,A,20x0,,1\nSTK,B,2020,9786041234566,1\nXYZ,C,2020,,1\nSTK,D,2020,,mười\n');
    const e = await importCatalogueFile(ctx, file).catch((x) => x);
    const messages = (e.details.errors as { row: number; message: string }[]).map((x) => x.message);
    expect(messages).toEqual([
      'Dòng 2: thiếu nhan đề.', 'Dòng 3: năm xuất bản "20x0" không đọc được (cần năm có 4 chữ số, ví dụ 2022).', 'Dòng 4: ISBN "9786041234566" sai (kiểm tra lại chữ số cuối).',
      'Dòng 5: loại sách "XYZ" không có trong Cài đặt (có: SGK, SNV, STK, STN).', 'Dòng 6: số lượng "mười" không đọc được (cần số nguyên dương, ví dụ 120).',
    ]);
  });
});

describe('withdrawal', () => {
  it('withdraws copies with the note, keeps them listed and searchable, refuses copies on loan unless lost, never reuses numbers', async () => {
    ctx = await tempContext();
    const stk = await seriesId(ctx, 'STK');
    const t = await ctx.call('catalogue.saveTitle', { title: 'Dế Mèn phiêu lưu ký', authors: ['Tô Hoài'], seriesId: stk });
    await accession(ctx, t.id, 5, 45000);
    const resolved = await ctx.call('withdrawal.resolveCopies', { text: 'STK000001 - STK000003\nstk5, STK999' });
    expect(resolved.copies.map((c) => c.accessionCode)).toEqual(['STK000001', 'STK000002', 'STK000003', 'STK000005']);
    expect(resolved.notFound).toEqual(['STK999']);
    const [c1, c2, c3] = resolved.copies;
    addReaderAndLoan(ctx, c2.id);
    addReaderAndLoan(ctx, c3.id, 2, 'Trần Thị Bình');
    const draft = await ctx.call('withdrawal.saveDraft', {
      number: '01/BB-TV', date: '2026-11-26', approvalDate: '2026-11-27', members: 'Nguyễn Văn An\nLê Thị Mai',
      items: [{ copyId: c1.id, reason: 'damaged' }, { copyId: c2.id, reason: 'outdated' }],
    });
    await expect(ctx.call('withdrawal.confirm', { id: draft.id })).rejects.toThrow(/STK000002 đang được mượn \(Nguyễn Văn An\)/);
    expect((await ctx.call('catalogue.getTitle', { id: t.id })).copies.filter((c) => c.status === 'withdrawn')).toHaveLength(0);
    await ctx.call('withdrawal.saveDraft', { id: draft.id, number: '01/BB-TV', date: '2026-11-26', approvalDate: '2026-11-27',
      items: [{ copyId: c1.id, reason: 'damaged' }, { copyId: c2.id, reason: 'lostPaid' }] });
    const done = await ctx.call('withdrawal.confirm', { id: draft.id });
    expect(done.status).toBe('confirmed');
    expect(done.totalValue).toBe(90000);
    const detail = await ctx.call('catalogue.getTitle', { id: t.id });
    expect(detail.copies).toHaveLength(5);
    const w1 = detail.copies.find((c) => c.id === c1.id)!;
    expect(w1).toMatchObject({ status: 'withdrawn', withdrawalId: draft.id, note: 'đã thanh lọc, BB số 01/BB-TV ngày 27/11/2026' });
    const raw = ctx.sql;
    expect(raw.prepare('SELECT lost_at FROM loan WHERE copy_id = ?').pluck().get(c2.id)).not.toBeNull();
    const hit = (await ctx.call('catalogue.search', { query: 'de men' })).items[0];
    expect(hit).toMatchObject({ copies: 3, withdrawn: 2, onLoan: 1, available: 2 });
    // It can no longer be lent (circulation refuses it), while an available copy of the same title still can.
    const stamp = '2026-11-21T08:00:00.000Z';
    const reader = Number(raw.prepare(`INSERT INTO reader (kind, code, card_number, full_name, search_text, class_name, created_at, updated_at)
      VALUES ('student', 'HS3', 'HS000003', 'Lê Văn Cường', 'le van cuong', '7A1', ?, ?)`).run(stamp, stamp).lastInsertRowid);
    await expect(ctx.call('circulation.checkout', { readerId: reader, code: 'STK000001' })).rejects.toMatchObject({ message: expect.stringContaining('đã thanh lọc') });
    expect((await ctx.call('circulation.checkout', { readerId: reader, code: 'STK000004' })).loan).toBeTruthy();
    expect(raw.prepare("SELECT status FROM copy WHERE accession_code = 'STK000001'").pluck().get()).toBe('withdrawn');
    // Withdrawn copies cannot be withdrawn again, and their numbers are never handed out again.
    await expect(ctx.call('withdrawal.saveDraft', { number: '02/BB-TV', date: '2026-11-28', items: [{ copyId: c1.id, reason: 'other' }] }))
      .rejects.toThrow(/đã được xuất/);
    expect((await accession(ctx, t.id, 1)).lines[0].codes).toEqual(['STK000006']);
    expect((await ctx.call('withdrawal.list', {}))[0]).toMatchObject({ number: '01/BB-TV', copies: 2 });
  });
});

describe('export', () => {
  it('writes Đầu sách and Bản sách sheets that read back', async () => {
    ctx = await tempContext();
    await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
    const out = path.join(ctx.dataDir, 'xuat.xlsx');
    const r = await ctx.call('catalogue.export', { output: out });
    expect(r.bytes).toBeGreaterThan(1000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Đầu sách', 'Bản sách']);
    expect(wb.getWorksheet('Đầu sách')!.rowCount).toBe(36);
    const copies = wb.getWorksheet('Bản sách')!;
    expect(copies.rowCount).toBe(549);
    expect(copies.getRow(2).getCell(1).value).toBe('SGK000001');
    // Ngày vào sổ is a real Excel date shown dd/mm/yyyy; price and year are numbers, not text.
    const header = (copies.getRow(1).values as unknown[]).slice(1);
    const day = copies.getRow(2).getCell(header.indexOf('Ngày vào sổ') + 1);
    expect(day.value).toBeInstanceOf(Date);
    expect(day.numFmt).toBe('dd/mm/yyyy');
    const batchDate = (ctx.sql.prepare("SELECT b.date FROM copy c JOIN accession_batch b ON b.id = c.batch_id WHERE c.accession_code = 'SGK000001'").get() as { date: string }).date;
    expect((day.value as Date).toISOString().slice(0, 10)).toBe(batchDate);
    expect(typeof copies.getRow(2).getCell(header.indexOf('Giá tiền') + 1).value).toBe('number');
    expect(typeof copies.getRow(2).getCell(header.indexOf('Năm xuất bản') + 1).value).toBe('number');
  });
});

describe('classification table and uploads', () => {
  it('ships DDC main classes and imports a school table from CSV', async () => {
    ctx = await tempContext();
    const before = await ctx.call('catalogue.listClassifications', {});
    expect(before.find((c) => c.code === '895.922')?.label).toBe('Văn học Việt Nam');
    const csv = 'Ký hiệu;Tên\n895.9223;Truyện Việt Nam\n959.7;Lịch sử Việt Nam (sửa)\n';
    const r = await ctx.call('catalogue.importClassifications', { file: { fileName: 'bang-phan-loai.csv', contentBase64: Buffer.from(csv).toString('base64') } });
    expect(r.count).toBe(2);
    const after = await ctx.call('catalogue.listClassifications', {});
    expect(after.find((c) => c.code === '895.9223')?.label).toBe('Truyện Việt Nam');
    expect(after.length).toBe(before.length + (before.some((c) => c.code === '959.7') ? 1 : 2));
  });

  it('previews an uploaded file (dry run) without writing, then imports it', async () => {
    ctx = await tempContext();
    const file = { fileName: 'sach-mau.csv', contentBase64: fs.readFileSync(fixturePath('sach-mau.csv')).toString('base64') };
    const preview = await ctx.call('catalogue.import', { file, dryRun: true });
    expect(preview).toMatchObject({ titles: 35, copies: 548, dryRun: true, batches: [] });
    expect(preview.mapping).toMatchObject({ title: 'Nhan đề', series: 'Loại sách', quantity: 'Số lượng', source: 'Nguồn' });
    expect(preview.preview[0]).toMatchObject({ row: 2, title: 'Dế Mèn phiêu lưu ký', quantity: 5, source: 'mua' });
    expect((await ctx.call('catalogue.search', { query: '' })).total).toBe(0);
    const done = await ctx.call('catalogue.import', { file });
    expect(done.batches.map((b) => b.copies).reduce((a, b) => a + b, 0)).toBe(548);
  });
});
