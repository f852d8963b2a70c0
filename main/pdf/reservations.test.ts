import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchool } from '../services/settings/school';
import { tempContext, type TestContext } from '../test-utils';
import { arrivalNoticesPdf, holdSlipsPdf, type HoldRow } from './reservations';
import { decodeBarcodes, pdfPageSizes, pdfText } from '../../tests/pdf-read';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await tempContext();
});
afterAll(async () => ctx.cleanup());

const hold = (readerId: number, readerName: string, className: string, i: number, holdUntil = '2026-12-12'): HoldRow => ({
  readerId, readerName, className, department: className ? '' : 'Tổ Toán', copyCode: `STK00001${i}`, title: `Kính vạn hoa – Tập ${i}`, holdUntil,
});

describe('phiếu giữ sách', () => {
  it('one small page per hold: title, ĐKCB, "Giữ cho <name> — <class>", "đến hết dd/mm/yyyy", the copy\'s barcode', async () => {
    const school = getSchool(ctx.sql);
    const pdf = await holdSlipsPdf(ctx, school, [hold(1, 'Nguyễn Văn An', '7A2', 1), hold(2, 'Trần Thị Bình', '', 2, '2027-01-05')]);
    expect(pdf.pages).toBe(2);
    const sizes = await pdfPageSizes(pdf.path);
    // A6 (105 × 148 mm) in points: small enough to sit in the book.
    expect(sizes.map(([w, h]) => [Math.round(w / 2.835), Math.round(h / 2.835)])).toEqual([[105, 148], [105, 148]]);
    const [first, second] = (await pdfText(pdf.path)).split('\f');
    expect(first).toContain('PHIẾU GIỮ SÁCH');
    expect(first).toContain('Kính vạn hoa – Tập 1');
    expect(first).toContain('Số ĐKCB: STK000011');
    expect(first).toContain('Giữ cho Nguyễn Văn An — 7A2');
    expect(first).toContain('đến hết 12/12/2026');
    // A teacher's slip names the department.
    expect(second).toContain('Giữ cho Trần Thị Bình — Tổ Toán');
    expect(second).toContain('đến hết 05/01/2027');
    expect(await decodeBarcodes(pdf.path, { pages: [1] })).toEqual(['STK000011']);
  });
});

describe('phiếu báo sách đã về', () => {
  it('one slip per reader, three to an A4 page, in class order, with every book waiting and until when', async () => {
    const school = getSchool(ctx.sql);
    const holds = [
      hold(3, 'Lê Văn Cường', '7A2', 3, '2026-12-14'), hold(1, 'Nguyễn Văn An', '6A1', 1), hold(1, 'Nguyễn Văn An', '6A1', 2, '2026-12-15'),
      hold(2, 'Phạm Thị Dung', '6A1', 4), hold(4, 'Đỗ Minh Đức', '8A1', 5),
    ];
    const pdf = await arrivalNoticesPdf(ctx, school, holds, 'test');
    expect(pdf.pages).toBe(2);
    const text = await pdfText(pdf.path);
    expect(text.split('PHIẾU BÁO SÁCH ĐÃ VỀ').length - 1).toBe(4);
    // 6A1 (An before Dung by given name), then 7A2, then 8A1 on the second page.
    const order = ['Nguyễn Văn An, lớp 6A1', 'Phạm Thị Dung, lớp 6A1', 'Lê Văn Cường, lớp 7A2'].map((n) => text.indexOf(n));
    expect(order.every((p, i) => p >= 0 && (i === 0 || p > order[i - 1]))).toBe(true);
    const [page1, page2] = text.split('\f');
    expect(page2).toContain('Đỗ Minh Đức, lớp 8A1');
    expect(page1).toContain('2 cuốn sách em đặt trước đã về');
    for (const h of holds.slice(0, 4)) expect(page1).toContain(h.copyCode);
    expect(page1).toMatch(/STK000012\s+Kính vạn hoa – Tập 2\s+15\/12\/2026/);
    expect(page1).toMatch(/STK000013\s+Kính vạn hoa – Tập 3\s+14\/12\/2026/);
  });

  it('says so when nobody has a book waiting', async () => {
    const school = getSchool(ctx.sql);
    const pdf = await arrivalNoticesPdf(ctx, school, [], 'trong');
    expect(await pdfText(pdf.path)).toContain('Không có sách đặt trước nào đang chờ bạn đọc đến nhận.');
  });
});
