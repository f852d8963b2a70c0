import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount } from '../../../shared/number-words';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';
import { pdfPageCount, pdfText } from '../../../tests/pdf-read';

let ctx: TestContext;

interface CopyRow { id: number; code: string; barcode: string; status: string; title: string; series: string }
function copies(where: string, ...params: unknown[]): CopyRow[] {
  return ctx.sql.prepare(`SELECT c.id, c.accession_code AS code, c.barcode, c.status, t.title, s.code AS series
    FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id WHERE ${where} ORDER BY c.id`).all(...params) as CopyRow[];
}
const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: { code: string; message: string }) => e);

beforeAll(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 1, now: ctx.now() });
}, 60_000);
afterAll(async () => ctx?.cleanup());

describe('stocktake of the STN series', () => {
  let id: number;
  let stn: CopyRow[];
  const onShelf = () => stn.filter((c) => c.status === 'available');

  beforeAll(async () => {
    stn = copies("s.code = 'STN'");
    const st = await ctx.call('stocktake.start', {
      name: 'Kiểm kê cuối năm', schoolYear: '2026-2027', scope: ['stn'], members: 'Nguyễn Thị Hoa – thủ thư\nTrần Văn Bình – giáo viên',
    });
    id = st.id;
  });

  it('starts open with the expected count of non-withdrawn STN copies', async () => {
    const list = await ctx.call('stocktake.list', {});
    const st = list.find((s) => s.id === id)!;
    expect(st.status).toBe('open');
    expect(st.scope).toEqual(['STN']);
    expect(st.counts.expected).toBe(stn.filter((c) => c.status !== 'withdrawn').length);
    expect(st.counts.scanned).toBe(0);
    expect(st.counts.onLoan).toBe(stn.filter((c) => c.status === 'onLoan').length);
  });

  it('refuses an unknown series and a second open stocktake over the same series', async () => {
    expect((await errorOf(ctx.call('stocktake.start', { name: 'X', schoolYear: '2026-2027', scope: ['ABC'] })))?.code).toBe('UNKNOWN_SERIES');
    expect((await errorOf(ctx.call('stocktake.start', { name: 'X', schoolYear: '2026-2027', scope: [] })))?.code).toBe('STOCKTAKE_OVERLAP');
  });

  it('scans: in-scope copies are Còn once, other codes are Thừa with the reason', async () => {
    const [a, b] = onShelf();
    const first = await ctx.call('stocktake.scan', { stocktakeId: id, code: a.code });
    expect(first).toMatchObject({ result: 'present', duplicate: false, reason: null, copy: { accessionCode: a.code, title: a.title, seriesCode: 'STN' } });
    expect(first.message).toContain(a.title);
    // The same copy again (and typed in lower case) counts once.
    expect(await ctx.call('stocktake.scan', { stocktakeId: id, code: a.code.toLowerCase() })).toMatchObject({ result: 'present', duplicate: true });
    expect((await ctx.call('stocktake.scan', { stocktakeId: id, code: b.barcode })).result).toBe('present');

    const stk = copies("s.code = 'STK' AND c.status = 'available'")[0];
    const out = await ctx.call('stocktake.scan', { stocktakeId: id, code: stk.code });
    expect(out).toMatchObject({ result: 'extra', reason: 'outOfScope', copy: { accessionCode: stk.code } });
    expect((await ctx.call('stocktake.scan', { stocktakeId: id, code: stk.code })).duplicate).toBe(true);

    const unknown = await ctx.call('stocktake.scan', { stocktakeId: id, code: 'STN999999' });
    expect(unknown).toMatchObject({ result: 'extra', reason: 'unknown', copy: null, duplicate: false });
    expect((await ctx.call('stocktake.scan', { stocktakeId: id, code: ' stn999999 ' })).duplicate).toBe(true);

    const withdrawn = stn.find((c) => c.status === 'withdrawn')!;
    expect(await ctx.call('stocktake.scan', { stocktakeId: id, code: withdrawn.code })).toMatchObject({ result: 'extra', reason: 'withdrawn' });

    const p = await ctx.call('stocktake.progress', { stocktakeId: id });
    const row = p.series.find((s) => s.code === 'STN')!;
    expect(row.scanned).toBe(2);
    expect(row.extra).toBe(1); // the withdrawn STN copy
    expect(p.series.find((s) => s.code === 'STK')!.extra).toBe(1);
    expect(p.series.find((s) => s.code === '')!.extra).toBe(1);
    expect(p.stocktake.counts).toMatchObject({ scanned: 2, extra: 3 });
    expect(p.recent[0].code).toBe(withdrawn.code);
    expect(p.recent).toHaveLength(5);
    // The out-of-scope STK copy is not tied to its copy row: the STK register's Kiểm kê column stays untouched.
    const stored = ctx.sql.prepare('SELECT copy_id AS copyId FROM stocktake_item WHERE stocktake_id = ? AND scanned_code = ?').get(id, stk.code) as { copyId: number | null };
    expect(stored.copyId).toBeNull();
  });

  it('closes in one go: unscanned copies are Mất, lent ones Còn "đang cho mượn", withdrawn ones neither; nothing is withdrawn', async () => {
    const before = copies("s.code = 'STN'");
    const report = await ctx.call('stocktake.close', { stocktakeId: id });
    const lent = stn.filter((c) => c.status === 'onLoan').length;
    const expected = stn.filter((c) => c.status !== 'withdrawn').length;
    const stnRow = report.series.find((s) => s.code === 'STN')!;
    expect(stnRow).toMatchObject({ expected, scanned: 2, onLoan: lent, present: 2 + lent, missing: expected - 2 - lent, extra: 1 });
    expect(report.stocktake.status).toBe('closed');
    expect(report.totals.extra).toBe(3);
    // The series in scope first, then the series and unknown codes found as Thừa.
    expect(report.series.map((s) => s.code)).toEqual(['STN', 'STK', '']);

    const raw = ctx.sql;
    const results = raw.prepare(`SELECT c.status, si.result, si.condition, COUNT(*) AS n FROM stocktake_item si JOIN copy c ON c.id = si.copy_id
      WHERE si.stocktake_id = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all(id) as { status: string; result: string; condition: string; n: number }[];
    expect(results).toEqual(expect.arrayContaining([
      { status: 'onLoan', result: 'present', condition: 'đang cho mượn', n: lent },
      { status: 'withdrawn', result: 'extra', condition: 'Đã thanh lọc (xuất kho)', n: 1 },
    ]));
    expect(results.filter((r) => r.status === 'withdrawn' && r.result !== 'extra')).toEqual([]);
    // Every non-withdrawn STN copy has exactly one result.
    const perCopy = raw.prepare(`SELECT c.id, COUNT(si.id) AS n FROM copy c JOIN collection_series s ON s.id = c.series_id
      LEFT JOIN stocktake_item si ON si.copy_id = c.id AND si.stocktake_id = ? WHERE s.code = 'STN' AND c.status <> 'withdrawn' GROUP BY c.id`).all(id) as { n: number }[];
    expect(perCopy.every((r) => r.n === 1)).toBe(true);
    // Closing records results only: no copy changes status.
    expect(copies("s.code = 'STN'")).toEqual(before);
    const auditRow = raw.prepare("SELECT details FROM audit_log WHERE entity = 'stocktake' AND action = 'close' AND entity_id = ?").get(id) as { details: string };
    expect(JSON.parse(auditRow.details)).toMatchObject({ scanned: 2, onLoan: lent, missing: expected - 2 - lent, extra: 3 });

    expect(await ctx.call('stocktake.report', { stocktakeId: id })).toEqual(report);
    expect((await errorOf(ctx.call('stocktake.scan', { stocktakeId: id, code: stn[0].code })))?.code).toBe('STOCKTAKE_CLOSED');
    expect((await errorOf(ctx.call('stocktake.close', { stocktakeId: id })))?.code).toBe('STOCKTAKE_CLOSED');
  });

  it('feeds the Kiểm kê column of the Sổ ĐKCB for the school year (Còn / Mất)', async () => {
    const file = (await ctx.call('registers.print', { kind: 'dkcb', series: 'STN' })).path;
    const lines = (await pdfText(file)).split('\n');
    const [a] = onShelf();
    const missing = stn.find((c) => c.status === 'available' && c.id !== a.id && c.id !== onShelf()[1].id)!;
    expect(lines.find((l) => l.includes(a.code))).toMatch(/\bCòn\b/);
    expect(lines.find((l) => l.includes(missing.code))).toMatch(/\bMất\b/);
  }, 60_000);

  it('prints the danh sách kiểm kê: one line per copy with Còn | Mất | Thừa, totals that match', async () => {
    const r = await ctx.call('stocktake.printPdf', { stocktakeId: id, kind: 'list' });
    expect(r.fileName).toMatch(/\.pdf$/);
    expect(r.pages).toBe(await pdfPageCount(r.path));
    const text = await pdfText(r.path);
    for (const h of ['DANH SÁCH KIỂM KÊ', 'Số ĐKCB', 'Phân loại', 'Nhan đề', 'Tác giả', 'NXB', 'Năm', 'Còn', 'Mất', 'Thừa', 'Tình trạng', 'Kết quả']) {
      expect(text).toContain(h);
    }
    expect(text).toContain(`Trang 1 / ${r.pages}`);
    // The series counted first, then the Thừa of other series, then codes of no copy at all.
    const at = (h: string) => text.indexOf(h);
    expect(at('Loại sách: Sách thiếu nhi (STN)')).toBeGreaterThan(0);
    expect(at('Thừa — ngoài phạm vi kiểm kê: Sách tham khảo (STK)')).toBeGreaterThan(at('Loại sách: Sách thiếu nhi (STN)'));
    expect(at('Thừa — mã không có trong kho sách')).toBeGreaterThan(at('Thừa — ngoài phạm vi kiểm kê'));
    const [a] = onShelf();
    const line = text.split('\n').find((l) => l.includes(a.code))!;
    expect(line).toContain(a.title.slice(0, 12));
    expect(text).toContain('đang cho mượn');
    expect(text).toContain('Mã không có trong kho');
    expect(text).toContain('Ngoài phạm vi (loại STK)');
    const rep = await ctx.call('stocktake.report', { stocktakeId: id });
    const total = text.split('\n').find((l) => l.trim().startsWith('Tổng cộng'))!;
    expect(total.trim().split(/\s+/).slice(2).map((n) => Number(n.replace(/\./g, '')))).toEqual([rep.totals.present, rep.totals.missing, rep.totals.extra]);
  }, 60_000);

  it('prints the biên bản kiểm kê: official header, committee, counts by series, signatures', async () => {
    const r = await ctx.call('stocktake.printPdf', { stocktakeId: id, kind: 'minutes' });
    const text = await pdfText(r.path);
    const flat = text.replace(/\s+/g, ' ');
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BIÊN BẢN KIỂM KÊ', 'TRƯỜNG THCS AN VĨNH',
      'Nguyễn Thị Hoa – thủ thư', 'Trần Văn Bình', 'Kiểm kê cuối năm — năm học 2026-2027', 'loại sách STN', 'NGƯỜI LẬP', 'BAN KIỂM KÊ', 'HIỆU TRƯỞNG',
      '(Ký tên, đóng dấu)', 'Đang cho mượn', 'Số bản theo sổ']) {
      expect(flat).toContain(s);
    }
    const rep = await ctx.call('stocktake.report', { stocktakeId: id });
    const stnRow = rep.series.find((s) => s.code === 'STN')!;
    const line = text.split('\n').find((l) => l.includes('(STN)'))!;
    expect(line.replace(/\s+/g, ' ')).toContain([stnRow.expected, stnRow.present, stnRow.scanned, stnRow.onLoan, stnRow.held, stnRow.missing, stnRow.extra].filter((n) => n !== 0).map(formatAmount).join(' '));
    expect(flat).toContain(`mất ${formatAmount(rep.totals.missing)} bản`);
  }, 60_000);
});

describe('stocktake of the whole collection', () => {
  it('with an empty scope expects every non-withdrawn copy and marks an unscanned lost copy Mất', async () => {
    const st = await ctx.call('stocktake.start', { name: 'Bàn giao thư viện', schoolYear: '2026-2027', scope: [] });
    expect(st.counts.expected).toBe(copies("c.status <> 'withdrawn'").length);
    const lost = copies("c.status = 'lost'");
    expect(lost.length).toBeGreaterThan(0);
    const stk = copies("s.code = 'STK' AND c.status = 'available'")[0];
    expect((await ctx.call('stocktake.scan', { stocktakeId: st.id, code: stk.code })).result).toBe('present');
    const rep = await ctx.call('stocktake.close', { stocktakeId: st.id });
    expect(rep.totals.expected).toBe(st.counts.expected);
    expect(rep.totals.scanned).toBe(1);
    const result = ctx.sql.prepare('SELECT result FROM stocktake_item WHERE stocktake_id = ? AND copy_id = ?').get(st.id, lost[0].id) as { result: string };
    expect(result.result).toBe('missing');
  }, 60_000);
});

describe('"Vừa quét" keeps the per-copy note', () => {
  it('a copy found on the shelf while recorded on loan or lost keeps that note in the recent scans', async () => {
    const st = await ctx.call('stocktake.start', { name: 'Kiểm kê STK', schoolYear: '2026-2027', scope: ['STK'] });
    const lent = copies("s.code = 'STK' AND c.status = 'onLoan'")[0];
    const shelf = copies("s.code = 'STK' AND c.status = 'available'")[0];
    const scanned = await ctx.call('stocktake.scan', { stocktakeId: st.id, code: lent.code });
    expect(scanned.message).toContain('đang ghi cho mượn');
    await ctx.call('stocktake.scan', { stocktakeId: st.id, code: shelf.code });
    const p = await ctx.call('stocktake.progress', { stocktakeId: st.id });
    expect(p.recent.map((r) => [r.code, r.condition])).toEqual([
      [shelf.code, ''],
      [lent.code, 'Trên kệ nhưng đang ghi cho mượn — hãy nhận trả ở Lưu thông'],
    ]);
  });
});

describe('a copy on the hold shelf (Đặt trước)', () => {
  it('unscanned, it is present with its own condition "đang giữ …", counted apart from the lent ones, on the screen and in the print', async () => {
    // A STN title with a single copy in stock, on the shelf: lent, reserved by another pupil, returned → held for her.
    const [t] = ctx.sql.prepare(`SELECT c.title_id AS titleId, MIN(c.accession_code) AS code FROM copy c JOIN collection_series s ON s.id = c.series_id
      WHERE s.code = 'STN' AND c.status IN ('available', 'onLoan', 'held') GROUP BY c.title_id HAVING COUNT(*) = 1 AND SUM(c.status = 'available') = 1
      ORDER BY c.title_id LIMIT 1`).all() as { titleId: number; code: string }[];
    const [lender, waiter] = (ctx.sql.prepare(`SELECT id FROM reader r WHERE kind = 'student' AND active = 1
      AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL) ORDER BY id LIMIT 2`).all() as { id: number }[]).map((r) => r.id);
    await ctx.call('circulation.checkout', { readerId: lender, code: t.code });
    await ctx.call('reservations.place', { titleId: t.titleId, readerId: waiter });
    expect((await ctx.call('circulation.return', { code: t.code })).hold).not.toBeNull();
    const lent = copies("s.code = 'STN' AND c.status = 'onLoan'").length;

    const st = await ctx.call('stocktake.start', { name: 'Kiểm kê STN lần 2', schoolYear: '2026-2027', scope: ['STN'] });
    expect(st.counts).toMatchObject({ onLoan: lent, held: 1 });
    const rep = await ctx.call('stocktake.close', { stocktakeId: st.id });
    expect(rep.totals).toMatchObject({ onLoan: lent, held: 1, present: lent + 1 });
    const item = ctx.sql.prepare('SELECT si.result, si.condition FROM stocktake_item si JOIN copy c ON c.id = si.copy_id WHERE si.stocktake_id = ? AND c.accession_code = ?')
      .get(st.id, t.code);
    expect(item).toEqual({ result: 'present', condition: 'đang giữ cho bạn đọc đặt trước' });
    const list = (await pdfText((await ctx.call('stocktake.printPdf', { stocktakeId: st.id, kind: 'list' })).path)).replace(/\s+/g, ' ');
    expect(list).toContain('đang giữ cho bạn đọc đặt trước');
    const minutes = (await pdfText((await ctx.call('stocktake.printPdf', { stocktakeId: st.id, kind: 'minutes' })).path)).replace(/\s+/g, ' ');
    expect(minutes).toContain('Đang giữ');
    expect(minutes).toContain(`đang cho mượn ${formatAmount(lent)}, đang giữ cho bạn đọc đặt trước 1)`);
  }, 60_000);
});
