import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchool } from '../services/settings/school';
import { tempContext, type TestContext } from '../test-utils';
import { classSetListPdf, remindersPdf, shortTitle, type ClassSetRow, type ReminderLine } from './reminders';
import { pdfText, pdfWords } from '../../tests/pdf-read';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await tempContext();
});
afterAll(async () => ctx.cleanup());

const line = (readerId: number, readerName: string, className: string, i: number): ReminderLine => ({
  readerId, readerName, className, department: '', copyCode: `STK00000${i}`, title: `Sách tham khảo số ${i}`, dueAt: '2026-11-16', overdueDays: 10,
});

describe('phiếu nhắc trả sách', () => {
  it('fills each A4 page with three slips, even when every reader is in another class', async () => {
    const school = getSchool(ctx.sql);
    const lines = [line(1, 'Trương Kim Hoa', '6A1', 1), line(2, 'Trần Đức Trung', '6A2', 1), line(3, 'Lê Văn An', '7A1', 1), line(4, 'Phạm Thị Bình', '8A1', 1)];
    const pdf = await remindersPdf(ctx, school, lines, 'test');
    expect(pdf.pages).toBe(2);
    const text = await pdfText(pdf.path);
    // Class order is kept, so the cut slips go to each form teacher.
    const order = ['Trương Kim Hoa', 'Trần Đức Trung', 'Lê Văn An', 'Phạm Thị Bình'].map((n) => text.indexOf(n));
    expect(order.every((p, i) => p >= 0 && (i === 0 || p > order[i - 1]))).toBe(true);
  });

  it('the date and signature never print over the request when a reader has many late books', async () => {
    const school = getSchool(ctx.sql);
    const lines = [1, 2, 3, 4, 5, 6].map((i) => line(1, 'Trương Kim Hoa', '6A1', i));
    const pdf = await remindersPdf(ctx, school, lines, 'many');
    const w = await pdfWords(pdf.path);
    const requestEnd = w.find((x) => x.text === 'quy.')!;
    const dateWord = w[w.findIndex((x) => x.text === 'tháng') - 2]; // "…, ngày 30 tháng 11 năm 2026"
    expect(dateWord.text).toBe('ngày');
    expect(requestEnd).toBeTruthy();
    expect(dateWord.yMin).toBeGreaterThanOrEqual(requestEnd.yMax);
    expect(await pdfText(pdf.path)).toContain('… và 2 cuốn khác.');
  });
});

describe('danh sách mượn SGK theo lớp', () => {
  it('puts 14 textbooks on one landscape page, so each student signs once, every code whole', async () => {
    const school = getSchool(ctx.sql);
    const subjects = ['Toán 7, Tập một', 'Toán 7, Tập hai', 'Ngữ văn 7, Tập một', 'Ngữ văn 7, Tập hai', 'Tiếng Anh 7', 'Khoa học tự nhiên 7', 'Lịch sử và Địa lí 7',
      'Giáo dục công dân 7', 'Tin học 7', 'Công nghệ 7', 'Âm nhạc 7', 'Mĩ thuật 7', 'Giáo dục thể chất 7', 'Hoạt động trải nghiệm, hướng nghiệp 7'];
    const students = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Minh Châu'];
    const rows: ClassSetRow[] = students.flatMap((fullName, s) => subjects.map((t, i) => {
      const [title, volume = ''] = t.split(', Tập ');
      return { readerId: s + 1, fullName, className: '7A2', code: `SGK${String(100 + s * 20 + i).padStart(6, '0')}`, title, volume: volume && `Tập ${volume}`, returnedAt: null };
    }));
    const pdf = await classSetListPdf(ctx, school, 'SGK 7A2 2026-2027', rows);
    expect(pdf.pages).toBe(1);
    const text = await pdfText(pdf.path);
    for (const n of students) expect(text.split(n).length - 1).toBe(1);
    for (const r of rows) expect(text).toContain(r.code);
    expect(text).toContain('KHTN 7');
    expect(shortTitle('Hoạt động trải nghiệm, hướng nghiệp 7')).toBe('HĐTN, HN 7');
    expect(shortTitle('Toán 7, Tập một')).toBe('Toán 7, T1');
  });
});
