import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';
import { amountInWords, formatAmount } from '../../../shared/number-words';
import { compareVi } from '../../../shared/text';
import { pdfPageCount as pageCount, pdfPageSizes as pageSizes, pdfStreamText, pdfText } from '../../../tests/pdf-read';

let ctx: TestContext;
const layout = (file: string, first?: number, last?: number) => pdfText(file, first ? { first, last: last ?? first } : {});
const rawText = (file: string, page: number) => pdfStreamText(file, { first: page, last: page });

/** Each expected header, in order, in the page's content-stream text. */
function expectInOrder(text: string, expected: string[]) {
  let at = 0;
  for (const h of expected) {
    const i = text.indexOf(h, at);
    expect(i, `"${h}" after position ${at} in: ${text.slice(at, at + 300)}`).toBeGreaterThanOrEqual(0);
    at = i + h.length;
  }
}
const toNumber = (s: string) => Number(s.replace(/\./g, ''));

beforeAll(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 1, now: ctx.now() });
}, 60_000);
afterAll(async () => ctx?.cleanup());

describe('registers.options', () => {
  it('offers every series with its copies, the school years since the first batch, the classes, batches and withdrawals', async () => {
    const raw = ctx.sql;
    const o = await ctx.call('registers.options', {});
    const series = raw.prepare('SELECT code, name, (SELECT COUNT(*) FROM copy c WHERE c.series_id = s.id) AS copies FROM collection_series s ORDER BY sort_order, id')
      .all() as { code: string; name: string; copies: number }[];
    expect(o.series).toEqual(series);
    expect(o.series.reduce((a, s) => a + s.copies, 0)).toBe((raw.prepare('SELECT COUNT(*) AS n FROM copy').get() as { n: number }).n);
    // The demo clock is 26/11/2026 and the school's year 2026-2027; newest year first, back to the first confirmed batch's year.
    expect(o.currentYear).toBe('2026-2027');
    expect(o.years[0]).toBe('2026-2027');
    const first = (raw.prepare("SELECT MIN(date) AS d FROM accession_batch WHERE status = 'confirmed'").get() as { d: string }).d;
    const firstYear = Number(first.slice(0, 4)) - (Number(first.slice(5, 7)) < 8 ? 1 : 0);
    expect(o.years[o.years.length - 1]).toBe(`${firstYear}-${firstYear + 1}`);
    expect(o.years.length).toBe(2027 - firstYear);
    expect(o.years.length).toBeGreaterThan(1);
    const classes = (raw.prepare("SELECT DISTINCT class_name AS c FROM reader WHERE kind = 'student' AND class_name <> ''").all() as { c: string }[]).map((r) => r.c).sort();
    expect(o.classes).toEqual(classes);
    expect(o.classes).toContain('6A1');
    const batches = raw.prepare("SELECT id, register_number AS n, total_copies AS copies FROM accession_batch WHERE status = 'confirmed' ORDER BY register_number DESC")
      .all() as { id: number; n: number; copies: number }[];
    expect(o.batches.map((b) => [b.id, b.registerNumber, b.totalCopies])).toEqual(batches.map((b) => [b.id, b.n, b.copies]));
    expect(o.withdrawals).toHaveLength(1);
    expect(o.withdrawals[0].copies).toBe((raw.prepare('SELECT COUNT(*) AS n FROM withdrawal_item').get() as { n: number }).n);
  });
});

describe('Sổ đăng ký tổng quát', () => {
  let file: string;
  beforeAll(async () => {
    file = (await ctx.call('registers.print', { kind: 'dktq' })).path;
  }, 60_000);

  it('is landscape with the columns of Phần I and Phần II in the order of the spec', async () => {
    for (const [w, h] of await pageSizes(file)) expect(w).toBeGreaterThan(h);
    expectInOrder(await rawText(file, 2), ['PHẦN I — NHẬP KHO', 'Ngày vào sổ', 'Số thứ tự', 'Nguồn cung cấp', 'Số chứng từ', 'Tổng số', 'Sách', 'Báo',
      'Tranh ảnh, bản đồ', 'Băng đĩa', 'Giá tiền', 'Theo nội dung', 'SGK', 'SNV', 'STK', 'Thiếu nhi', 'Khác', 'Theo ngôn ngữ', 'Anh', 'Pháp', 'Khác',
      'Phụ chú', '(1)', '(18)']);
    expectInOrder(await rawText(file, 3), ['PHẦN II — XUẤT KHO', 'Ngày vào sổ', 'Số biên bản', 'Ngày phê chuẩn', 'Tổng số', 'Sách', 'Báo', 'Tranh ảnh, bản đồ',
      'Băng đĩa', 'Giá tiền', 'Theo nội dung', 'SGK', 'SNV', 'STK', 'Thiếu nhi', 'Khác', 'Theo ngôn ngữ', 'Anh', 'Pháp', 'Khác', 'Lý do xuất', 'Hư nát',
      'Mất', 'Tổng số', 'Độc giả đền', 'Lạc hậu', 'Lý do khác']);
  });

  it('has one Phần I row per confirmed batch and the Cộng row equals the copies accessioned', async () => {
    const raw = ctx.sql;
    const text = await layout(file, 2);
    const batches = raw.prepare("SELECT register_number AS n, voucher_number AS v FROM accession_batch WHERE status = 'confirmed' ORDER BY register_number").all() as { n: number; v: string }[];
    for (const b of batches) expect(text).toContain(b.v);
    const total = (raw.prepare('SELECT COUNT(*) AS n, SUM(price) AS v FROM copy').get() as { n: number; v: number });
    const cong = text.split('\n').find((l) => l.trim().startsWith('Cộng'))!;
    expect(cong).toContain(formatAmount(total.n));
    expect(cong).toContain(formatAmount(total.v));
  });

  it('Phần II counts the withdrawal with its lost-and-paid copies', async () => {
    const raw = ctx.sql;
    const lostPaid = (raw.prepare("SELECT COUNT(*) AS n FROM withdrawal_item WHERE reason = 'lostPaid'").get() as { n: number }).n;
    const items = (raw.prepare('SELECT COUNT(*) AS n FROM withdrawal_item').get() as { n: number }).n;
    expect(lostPaid).toBeGreaterThan(0);
    const line = (await layout(file, 3)).split('\n').find((l) => l.includes('01/BB-TV'))!;
    const nums = line.replace(/\d{2}\/\d{2}\/\d{4}/g, '').replace('01/BB-TV', '').trim().split(/\s+/).map(toNumber);
    expect(nums[0]).toBe(items);
    expect(nums).toContain(lostPaid);
  });

  it('Phần III balances: opening + in − out = closing, year after year, ending at the copies in stock', async () => {
    const raw = ctx.sql;
    const inStock = (raw.prepare(`SELECT COUNT(*) AS n FROM copy WHERE id NOT IN (SELECT wi.copy_id FROM withdrawal_item wi JOIN withdrawal w ON w.id = wi.withdrawal_id WHERE w.status = 'confirmed')`).get() as { n: number }).n;
    const text = await layout(file, 4, await pageCount(file));
    const first = (label: RegExp) => text.split('\n').filter((l) => label.test(l)).map((l) => {
      const tokens = l.replace(label, '').trim().split(/\s+/).filter((t) => /^\d{1,3}(\.\d{3})*$/.test(t));
      return toNumber(tokens[0]);
    });
    const opening = first(/^\s*Hiện còn đến \d{2}\/\d{2}\/\d{4}/);
    const added = first(/^\s*Năm học \d{4}-\d{4} nhập/);
    const removed = first(/^\s*Năm học \d{4}-\d{4} xuất/);
    const closing = first(/^\s*Tồn kho năm học \d{4}-\d{4}/);
    expect(opening.length).toBeGreaterThanOrEqual(2);
    expect(closing.length).toBe(opening.length);
    for (let i = 0; i < opening.length; i++) {
      expect(opening[i] + added[i] - removed[i]).toBe(closing[i]);
      if (i > 0) expect(opening[i]).toBe(closing[i - 1]);
    }
    expect(closing[closing.length - 1]).toBe(inStock);
    expect(added.reduce((a, b) => a + b, 0)).toBe((raw.prepare('SELECT COUNT(*) AS n FROM copy').get() as { n: number }).n);
  });

  it('prints dates in the Roman-month style when asked', async () => {
    const roman = (await ctx.call('registers.print', { kind: 'dktq', dateStyle: 'roman' })).path;
    expect(await layout(roman, 2)).toMatch(/\b\d{2}\/(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\/\d{4}\b/);
  });
});

describe('Sổ đăng ký cá biệt', () => {
  let file: string;
  beforeAll(async () => {
    file = (await ctx.call('registers.print', { kind: 'dkcb' })).path;
  }, 120_000);

  it('lists every copy exactly once, in ĐKCB order, one copy per text line', async () => {
    const raw = ctx.sql;
    const copies = raw.prepare(`SELECT c.accession_code AS code, t.title, c.status FROM copy c JOIN collection_series s ON s.id = c.series_id
      JOIN title t ON t.id = c.title_id ORDER BY s.sort_order, s.id, c.accession_number`).all() as { code: string; title: string; status: string }[];
    const text = await layout(file);
    const codeRe = /\b(?:SGK|SNV|STK|STN)\d{6}\b/;
    const lines = text.split('\n').filter((l) => codeRe.test(l));
    const seen: string[] = [];
    for (const l of lines) {
      const codes = l.match(/\b(?:SGK|SNV|STK|STN)\d{6}\b/g)!;
      expect(codes, l).toHaveLength(1);
      expect(l, 'the date of entry is on the same line').toMatch(/\d{2}\/\d{2}\/\d{4}/);
      seen.push(codes[0]);
    }
    expect(seen).toEqual(copies.map((c) => c.code));
    const byCode = new Map(lines.map((l) => [l.match(/\b(?:SGK|SNV|STK|STN)\d{6}\b/)![0], l]));
    for (const c of copies) {
      expect(byCode.get(c.code), `title of ${c.code} on its line`).toContain(c.title.split(' ')[0]);
      if (c.status === 'withdrawn') expect(byCode.get(c.code)).toContain('đã thanh lọc');
      else expect(byCode.get(c.code)).not.toContain('đã thanh lọc');
    }
    expect(copies.filter((c) => c.status === 'withdrawn').length).toBe(18);
  });

  it('repeats the column headers (1)–(20) on every page, in the order of the spec, landscape, with exact page numbers', async () => {
    const pages = await pageCount(file);
    expect(pages).toBeGreaterThan(50);
    for (const [w, h] of await pageSizes(file)) expect(w).toBeGreaterThan(h);
    for (let p = 2; p <= pages; p += 1) {
      const t = await rawText(file, p);
      expectInOrder(t, ['Ngày vào sổ', 'STT tên sách', 'Số ĐKCB', 'Tác giả', 'Tên sách', 'Xuất bản', 'Nơi XB', 'NXB', 'Năm', 'Đơn giá', 'Phát không', 'Mua',
        'Môn loại', 'Số vào sổ tổng quát', 'Ngày và số biên bản xuất', 'Kho/kệ', 'Kiểm kê', 'Ghi chú', '(1)', '(20)']);
      expect(t).toContain(`Trang ${p - 1} / ${pages - 1}`);
    }
  });

  it('prints one series only, and refuses an unknown one in Vietnamese', async () => {
    const stk = (await ctx.call('registers.print', { kind: 'dkcb', series: 'STN' })).path;
    const text = await layout(stk);
    expect(text).toMatch(/STN000001/);
    expect(text).not.toMatch(/STK\d{6}/);
    await expect(ctx.call('registers.print', { kind: 'dkcb', series: 'XYZ' })).rejects.toThrow('Không có loại tài liệu mã XYZ');
  });
});

describe('other registers and minutes', () => {
  it('Sổ SGK gives ĐKCB ranges per title and batch', async () => {
    const file = (await ctx.call('registers.print', { kind: 'sgk' })).path;
    expectInOrder(await rawText(file, 2), ['Năm học / ngày vào sổ', 'Số đăng ký', 'Số chứng từ', 'Năm XB', 'Tổng số bản', 'Đơn giá', 'Thành tiền', 'Kiểm kê', 'Mất', 'Còn', 'Ghi chú']);
    const text = await layout(file);
    const ranges = [...text.matchAll(/SGK(\d{6})–SGK(\d{6})\s+\S+\s+\d{4}\s+(\d+)/g)];
    expect(ranges.length).toBeGreaterThan(20);
    for (const m of ranges) expect(Number(m[2]) - Number(m[1]) + 1).toBe(Number(m[3]));
    const sgk = (ctx.sql.prepare("SELECT COUNT(*) AS n FROM copy c JOIN collection_series s ON s.id = c.series_id WHERE s.code = 'SGK'").get() as { n: number }).n;
    const totalLine = text.split('\n').filter((l) => /^\s*Cộng/.test(l)).pop()!;
    expect(totalLine).toContain(formatAmount(sgk));
  });

  it('Sổ mượn for students and for teachers keeps blank signature columns', async () => {
    const students = (await ctx.call('registers.print', { kind: 'muon', readerKind: 'student', className: '6A1' })).path;
    expectInOrder(await rawText(students, 2), ['STT', 'Nhan đề', 'Số ĐKCB', 'Mượn', 'Ngày', 'Ký nhận', 'Nhận trả', 'Ngày', 'Ký', 'Ghi chú']);
    const text = await layout(students);
    expect(text).toContain('Lớp 6A1');
    expect(text).not.toContain('Lớp 7A1');
    const teachers = (await ctx.call('registers.print', { kind: 'muon', readerKind: 'teacher' })).path;
    const name = (ctx.sql.prepare(`SELECT r.full_name AS n FROM loan l JOIN reader r ON r.id = l.reader_id WHERE r.kind = 'teacher'
      AND l.checkout_at >= '2026-08-01' LIMIT 1`).get() as { n: string }).n;
    expect(await layout(teachers)).toContain(name);
  });

  it('Biên bản nhập states the total in figures and in words', async () => {
    const raw = ctx.sql;
    const batch = raw.prepare("SELECT id, register_number AS n FROM accession_batch WHERE status = 'confirmed' ORDER BY register_number LIMIT 1").get() as { id: number; n: number };
    const total = (raw.prepare('SELECT SUM(price) AS v FROM copy WHERE batch_id = ?').get(batch.id) as { v: number }).v;
    const file = (await ctx.call('registers.print', { kind: 'nhap', batchId: batch.id })).path;
    const text = (await layout(file)).replace(/\s+/g, ' ');
    expect(text).toContain('BIÊN BẢN NHẬP SÁCH');
    expect(text).toContain(`${formatAmount(total)} đồng`);
    expect(text).toContain(amountInWords(total));
  });

  it('Biên bản xuất lists each withdrawn copy with its reason', async () => {
    const raw = ctx.sql;
    const items = raw.prepare('SELECT c.accession_code AS code, wi.reason FROM withdrawal_item wi JOIN copy c ON c.id = wi.copy_id').all() as { code: string; reason: string }[];
    const file = (await ctx.call('registers.print', { kind: 'xuat' })).path;
    const lines = (await layout(file)).split('\n');
    for (const it of items) {
      const line = lines.find((l) => l.includes(it.code))!;
      expect(line).toContain({ damaged: 'Hư nát', lostPaid: 'Mất – độc giả đền', outdated: 'Lạc hậu', lost: 'Mất', other: 'Lý do khác' }[it.reason]!);
    }
  });

  it('Mục lục chữ cái follows Vietnamese collation', async () => {
    const file = (await ctx.call('registers.print', { kind: 'mucluc', series: 'STN' })).path;
    const titles = (ctx.sql.prepare(`SELECT DISTINCT t.title FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
      WHERE s.code = 'STN' AND c.status <> 'withdrawn'`).all() as { title: string }[]).map((r) => r.title).sort(compareVi);
    const text = await pdfStreamText(file);
    expectInOrder(text, titles.map((t) => t.slice(0, 10)));
    // Đ sorts after D in Vietnamese.
    expect(titles.findIndex((t) => t.startsWith('Đ'))).toBeGreaterThan(titles.findIndex((t) => t.startsWith('D')));
  });
});
