import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../../tests/cli';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';
import { evidenceDirIn } from '../activities/activities';
import { formatAmount } from '../../../shared/number-words';
import type { MethodOutput } from '../../../shared/contract';
import { pdfText as text } from '../../../tests/pdf-read';

let ctx: TestContext;
const n = (sql: string, ...p: unknown[]) => Number((ctx.sql.prepare(sql).get(...p) as { n: number }).n);

beforeAll(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 1, now: ctx.now() });
}, 60_000);
afterAll(async () => ctx?.cleanup());

describe('statistics', () => {
  it('counts the school year by month × reader type × series, consistent with the tables', async () => {
    const s = await ctx.call('reports.statistics', { year: '2026-2027' });
    expect(s.months[0]).toBe('2026-08');
    expect(s.months).toHaveLength(12);
    const loans = n("SELECT COUNT(*) AS n FROM loan WHERE checkout_at >= '2026-08-01' AND checkout_at < '2027-08-01' AND kind <> 'inLibrary'");
    expect(loans).toBeGreaterThan(100);
    expect(s.totals.loans).toBe(loans);
    expect(s.circulation.filter((c) => c.readerKind === 'teacher').length).toBeGreaterThan(0);
    expect(new Set(s.circulation.map((c) => c.series))).toContain('SGK');
    expect(s.totals.visits).toBe(n("SELECT SUM(headcount) AS n FROM visit WHERE visited_at >= '2026-08-01' AND visited_at < '2027-08-01'"));
    // Lượt đọc tại chỗ: copies read in the library (the demo records some) and in-library loans.
    const uses = n("SELECT COUNT(*) AS n FROM in_library_use WHERE used_at >= '2026-08-01' AND used_at < '2027-08-01'");
    expect(uses).toBeGreaterThan(0);
    expect(s.totals.inLibrary).toBe(uses + n("SELECT COUNT(*) AS n FROM loan WHERE checkout_at >= '2026-08-01' AND checkout_at < '2027-08-01' AND kind = 'inLibrary'"));
    expect(s.collectionBySeries.reduce((a, c) => a + c.copies, 0)).toBe(n("SELECT COUNT(*) AS n FROM copy WHERE status IN ('available', 'onLoan')"));
    expect(s.collectionByClass.reduce((a, c) => a + c.copies, 0)).toBe(s.totals.copiesInStock);
    expect(s.collectionByClass.find((c) => c.code === '800')?.label).toMatch(/Văn học/);
    expect(s.collectionByLanguage[0]).toEqual({ language: 'vi', copies: s.totals.copiesInStock });
    expect(s.totals.withdrawn).toBe(18);
    for (let i = 1; i < s.topTitles.length; i++) expect(s.topTitles[i - 1].loans).toBeGreaterThanOrEqual(s.topTitles[i].loans);
    expect(s.topClasses[0].className).toMatch(/^[6-9]A\d$/);
    expect(s.overdue.loans).toBe(n("SELECT COUNT(*) AS n FROM loan WHERE returned_at IS NULL AND lost_at IS NULL AND due_at < '2026-11-26'"));
  });

  it('exports the statistics to .xlsx with the same figures', async () => {
    const r = await ctx.call('reports.exportXlsx', { year: '2026-2027' });
    expect(r.fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.path);
    const ws = wb.getWorksheet('Lưu thông')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = header.indexOf('Tổng mượn') + 1;
    let sum = 0;
    ws.eachRow((row, i) => { if (i > 1) sum += Number(row.getCell(col).value); });
    const s = await ctx.call('reports.statistics', { year: '2026-2027' });
    expect(sum).toBe(s.totals.loans);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Lượt đến thư viện', 'Sách đọc nhiều', 'Kho theo môn loại', 'Quá hạn']));
    // Months are real Excel dates shown mm/yyyy, counts are numbers, languages are words.
    const month = ws.getRow(2).getCell(1);
    expect(month.value).toBeInstanceOf(Date);
    expect((month.value as Date).toISOString().slice(0, 10)).toBe('2026-08-01');
    expect(month.numFmt).toBe('mm/yyyy');
    expect(typeof ws.getRow(2).getCell(col).value).toBe('number');
    expect(wb.getWorksheet('Kho theo ngôn ngữ')!.getRow(2).getCell(1).value).toBe('Tiếng Việt');
  });

  it('the .xlsx has the reservations placed and fulfilled per month, as the screen shows them', async () => {
    // Three reservations of this school year, closed (the open counts other tests read stay as they are): two placed in
    // October, one of them fulfilled in November; one placed in November and cancelled.
    const title = n('SELECT MIN(id) AS n FROM title'), readers = (ctx.sql.prepare("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 3").all() as { id: number }[]).map((r) => r.id);
    const add = ctx.sql.prepare(`INSERT INTO reservation (title_id, reader_id, status, placed_at, placed_by, closed_at, closed_reason) VALUES (?, ?, ?, ?, 'Thủ thư', ?, ?)`);
    add.run(title, readers[0], 'fulfilled', '2026-10-05T02:00:00.000Z', '2026-11-02T02:00:00.000Z', null);
    add.run(title, readers[1], 'cancelled', '2026-10-20T02:00:00.000Z', '2026-10-21T02:00:00.000Z', 'Không cần nữa');
    add.run(title, readers[2], 'cancelled', '2026-11-03T02:00:00.000Z', '2026-11-04T02:00:00.000Z', 'Không cần nữa');
    const s = await ctx.call('reports.statistics', { year: '2026-2027' });
    expect(s.reservations.byMonth.length).toBeGreaterThan(0);
    const r = await ctx.call('reports.exportXlsx', { year: '2026-2027' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.path);
    const ws = wb.getWorksheet('Đặt trước theo tháng')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['Tháng', 'Lượt đặt trước', 'Đã nhận sách']);
    const rows: [string, number, number][] = [];
    ws.eachRow((row, i) => {
      if (i > 1) rows.push([(row.getCell(1).value as Date).toISOString().slice(0, 7), Number(row.getCell(2).value), Number(row.getCell(3).value)]);
    });
    expect(rows).toEqual(s.reservations.byMonth.map((m) => [m.month, m.placed, m.fulfilled]));
    expect(rows.find((m) => m[0] === '2026-10')?.slice(1)).toEqual([2, 0]);
    expect(ws.getRow(2).getCell(1).numFmt).toBe('mm/yyyy');
  });

  it('prints the year report with bổ sung, số lượt, hoạt động and đề nghị', async () => {
    const r = await ctx.call('reports.print', { period: 'year', year: '2026-2027', proposals: 'Đề nghị bổ sung 200 bản sách thiếu nhi.' });
    const t = (await text(r.path)).replace(/\s+/g, ' ');
    expect(t).toContain('BÁO CÁO CÔNG TÁC THƯ VIỆN NĂM HỌC 2026-2027');
    expect(t).toContain('I. Công tác bổ sung');
    expect(t).toContain('II. Số lượt mượn, đọc theo tháng');
    expect(t).toContain('III. Hoạt động thư viện');
    expect(t).toContain('Đề nghị bổ sung 200 bản sách thiếu nhi.');
    expect(t).toContain('Giới thiệu sách tháng 10');
    const month = await ctx.call('reports.print', { period: 'month', year: '2026-2027', month: 11 });
    expect(await text(month.path)).toContain('THÁNG 11/2026');
  });
});

describe('reading activities', () => {
  it('records an activity with evidence; it feeds the statistics and the self-assessment', async () => {
    const before = await ctx.call('reports.statistics', { year: '2026-2027' });
    const sc0 = await ctx.call('selfcheck.get', { year: '2026-2027' });
    const a = await ctx.call('activities.save', {
      date: '2026-11-20', name: '  Cuộc thi  kể chuyện sách ', form: 'cuoc_thi', audience: 'Khối 7', participants: 60, personInCharge: 'Lê Thị Mai', notes: '',
    });
    expect(a.name).toBe('Cuộc thi kể chuyện sách');
    const withFile = await ctx.call('activities.addEvidence', { id: a.id, fileName: '../ảnh cuộc thi.jpg', base64: Buffer.from('jpeg-bytes').toString('base64') });
    expect(withFile.evidence).toHaveLength(1);
    expect(withFile.evidence[0]).toMatch(/ảnh cuộc thi\.jpg$/);
    expect(fs.readFileSync(path.join(evidenceDirIn(ctx.dataDir), withFile.evidence[0]), 'utf8')).toBe('jpeg-bytes');
    const list = await ctx.call('activities.list', { year: '2026-2027' });
    expect(list.map((x) => x.id)).toContain(a.id);
    expect((await ctx.call('reports.statistics', { year: '2026-2027' })).totals.activities).toBe(before.totals.activities + 1);
    expect((await ctx.call('selfcheck.get', { year: '2026-2027' })).figures.activities).toBe(sc0.figures.activities + 1);
    await expect(ctx.call('activities.save', { date: '2026-11-20', name: ' ', form: 'khac' })).rejects.toThrow('Hãy nhập tên hoạt động.');
    await ctx.call('activities.delete', { id: a.id });
    expect((await ctx.call('activities.list', {})).map((x) => x.id)).not.toContain(a.id);
  });
});

describe('self-assessment', () => {
  it('computes figures against editable thresholds; the overall level is the lowest standard', async () => {
    const sc = await ctx.call('selfcheck.get', { year: '2026-2027' });
    expect(sc.standards).toHaveLength(5);
    expect(sc.deadline).toBe('2027-06-12');
    expect(sc.figures.students).toBe(420);
    expect(sc.figures.copiesPerStudent).toBeCloseTo(sc.figures.copies / 420, 2);
    const perStudent = sc.standards[0].criteria.find((c) => c.id === 'tc1.sach-hs')!;
    expect(perStudent.measure!.threshold).toBe(4);
    expect(perStudent.met).toBe(sc.figures.copiesPerStudent >= 4);
    expect(sc.overall).toBe(Math.min(...sc.standards.map((s) => s.level)));
    expect(sc.standards[3].criteria.find((c) => c.id === 'tc4.ngay-sach')!.met).toBe(false);

    // Tick every checklist item and lower the thresholds: every standard reaches mức 1 at least.
    const answers = Object.fromEntries(sc.standards.flatMap((s) => s.criteria).map((c) => [c.id, { checked: true, evidence: `Minh chứng ${c.id}` }]));
    const saved = await ctx.call('selfcheck.save', {
      year: '2026-2027', answers, thresholds: { ...sc.thresholds, teacherSetsPerSubject: 0, activitiesL1: 1, loansPerStudentL1: 0.5, periodicalTitlesL2: 0 },
    });
    expect(saved.standards.every((s) => s.level >= 1)).toBe(true);
    expect(saved.overall).toBe(Math.min(...saved.standards.map((s) => s.level)));
    expect(saved.standards[1].criteria[0].evidence).toBe('Minh chứng tc2.dien-tich');
    const again = await ctx.call('selfcheck.get', { year: '2026-2027' });
    expect(again.thresholds.activitiesL1).toBe(1);
    expect(again.overall).toBe(saved.overall);

    const report = await ctx.call('selfcheck.print', { kind: 'report', year: '2026-2027' });
    const t = (await text(report.path)).replace(/\s+/g, ' ');
    expect(t).toContain('BÁO CÁO TỰ ĐÁNH GIÁ THƯ VIỆN TRƯỜNG HỌC');
    expect(t).toContain(`ĐẠT MỨC ĐỘ ${saved.overall}`);
    const minutes = await ctx.call('selfcheck.print', { kind: 'minutes', year: '2026-2027' });
    expect((await text(minutes.path)).replace(/\s+/g, ' ')).toContain('BIÊN BẢN TỰ ĐÁNH GIÁ THƯ VIỆN');
  });
});

describe('one figure for "trong kho" (shared/stock.ts)', () => {
  it('statistics, `stats --json` and the self-assessment PDF give the same in-stock count, lost copies excluded, formatted 3.254', async () => {
    const lost = n("SELECT COUNT(*) AS n FROM copy WHERE status = 'lost'");
    expect(lost).toBeGreaterThan(0);
    const expected = n("SELECT COUNT(*) AS n FROM copy WHERE status NOT IN ('withdrawn', 'lost')");
    expect(expected).toBeGreaterThan(999);
    const s = await ctx.call('reports.statistics', { year: '2026-2027' });
    expect(s.totals.copiesInStock).toBe(expected);
    // Đặt trước (issue 22): a title whose copies are all out, reserved by two pupils; one copy back → 1 ready (held), 1 waiting.
    const title = n(`SELECT t.id AS n FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.code = 'STN'
      AND EXISTS (SELECT 1 FROM copy c WHERE c.title_id = t.id AND c.status = 'onLoan')
      ORDER BY (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available'), t.id LIMIT 1`);
    const teachers = (ctx.sql.prepare("SELECT id FROM reader WHERE kind = 'teacher' AND active = 1 ORDER BY id").all() as { id: number }[]);
    const shelf = ctx.sql.prepare("SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'available'").all(title) as { code: string }[];
    for (const [i, c] of shelf.entries()) await ctx.call('circulation.checkout', { readerId: teachers[i].id, code: c.code, overrideReason: 'Lấy hết sách trên giá' });
    const pupils = (ctx.sql.prepare(`SELECT id FROM reader WHERE kind = 'student' AND active = 1 AND id NOT IN
      (SELECT l.reader_id FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.title_id = ? AND l.returned_at IS NULL) ORDER BY id LIMIT 2`).all(title) as { id: number }[]);
    for (const p of pupils) await ctx.call('reservations.place', { titleId: title, readerId: p.id });
    const out = ctx.sql.prepare("SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'onLoan' ORDER BY id LIMIT 1").get(title) as { code: string };
    expect((await ctx.call('circulation.return', { code: out.code })).hold?.readerId).toBe(pupils[0].id);
    const root = path.resolve(__dirname, '../../..');
    const json = JSON.parse(execFileSync(process.execPath, [CLI,
      'stats', '--db', path.join(ctx.dataDir, 'kesach.db'), '--json'], { cwd: root }).toString('utf8'));
    // Keys only ever get added (scripts read them): the old ones first, as they were.
    expect(Object.keys(json)).toEqual(['titles', 'copies', 'readers', 'loans', 'visits', 'digital', 'reservations']);
    expect(Object.keys(json.copies)).toEqual(['total', 'available', 'onLoan', 'withdrawn', 'lost', 'held']);
    expect(json.reservations).toEqual({ waiting: 1, ready: 1 });
    expect(json.copies.held).toBe(1);
    expect(json.copies.available + json.copies.onLoan + json.copies.held).toBe(expected);
    // The text form names visits as everywhere else: lượt đến thư viện (lượt đọc tại chỗ is another figure).
    const plain = execFileSync(process.execPath, [CLI,
      'stats', '--db', path.join(ctx.dataDir, 'kesach.db')], { cwd: root }).toString('utf8');
    expect(plain).toContain(`Lượt đến thư viện: ${json.visits.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`);
    expect(plain).not.toContain('Lượt đọc tại chỗ');
    const shown = expected.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const report = await ctx.call('selfcheck.print', { kind: 'report', year: '2026-2027' });
    const t = (await text(report.path)).replace(/\s+/g, ' ');
    expect(t).toContain(`${shown} bản sách trong kho`);
    expect(t).not.toMatch(/\b\d{4,}\b (học sinh|bản|lượt)/);
    const year = await ctx.call('reports.print', { period: 'year', year: '2026-2027', proposals: '' });
    expect((await text(year.path)).replace(/\s+/g, ' ')).toContain(`Kho hiện có ${shown} bản`);
  }, 60_000);
});

describe('TT 16 "lượt mượn bình quân trên một học sinh" (docs/domain.md, "Which loans count where")', () => {
  const criterion = (sc: MethodOutput<'selfcheck.get'>) => sc.standards[3].criteria.find((c) => c.id === 'tc4.muon')!;
  const year = { from: '2026-08-01', toNext: '2027-08-01' };

  it('counts students\' own loans: a class set and loans to staff do not move it, and the screen and the print say what was counted', async () => {
    const sc0 = await ctx.call('selfcheck.get', { year: '2026-2027' });
    const ownLoans = n(`SELECT COUNT(*) AS n FROM loan l JOIN reader r ON r.id = l.reader_id WHERE l.checkout_at >= ? AND l.checkout_at < ?
      AND r.kind = 'student' AND l.kind <> 'inLibrary' AND l.class_set IS NULL`, year.from, year.toNext);
    expect(sc0.figures.loans).toBe(ownLoans);
    expect(sc0.figures.loansExcluded.classSets).toBeGreaterThan(0);
    expect(sc0.figures.loansExcluded.staff).toBeGreaterThan(0);
    expect(criterion(sc0).measure!.value).toBeCloseTo(ownLoans / sc0.figures.students, 2);

    // One "Mượn theo lớp" click.
    const titles = (await ctx.call('circulation.classSetTitles', { className: '7A2' })).filter((t) => t.available > 0);
    expect(titles.length).toBeGreaterThan(0);
    const set = await ctx.call('circulation.lendClassSet', { className: '7A2', titleIds: titles.map((t) => t.titleId) });
    expect(set.loans).toBeGreaterThan(10);
    // A loan to a teacher.
    const teacher = (ctx.sql.prepare("SELECT id FROM reader WHERE kind = 'teacher' AND active = 1 LIMIT 1").get() as { id: number }).id;
    const free = () => (ctx.sql.prepare(`SELECT c.accession_code AS code FROM copy c JOIN collection_series s ON s.id = c.series_id
      WHERE c.status = 'available' AND s.code = 'STN' ORDER BY c.id LIMIT 1`).get() as { code: string }).code;
    await ctx.call('circulation.checkout', { readerId: teacher, code: free(), overrideReason: 'Kiểm thử' });

    const sc1 = await ctx.call('selfcheck.get', { year: '2026-2027' });
    expect(sc1.figures.loans).toBe(ownLoans);
    expect(criterion(sc1).measure!.value).toBe(criterion(sc0).measure!.value);
    expect(sc1.figures.loansExcluded).toEqual({ classSets: sc0.figures.loansExcluded.classSets + set.loans, staff: sc0.figures.loansExcluded.staff + 1 });

    // A student's own loan does count.
    const student = (ctx.sql.prepare("SELECT id FROM reader WHERE kind = 'student' AND active = 1 LIMIT 1").get() as { id: number }).id;
    await ctx.call('circulation.checkout', { readerId: student, code: free(), overrideReason: 'Kiểm thử' });
    const sc2 = await ctx.call('selfcheck.get', { year: '2026-2027' });
    expect(sc2.figures.loans).toBe(ownLoans + 1);

    // Beside the criterion: what was counted and what was left out.
    const f = sc2.figures;
    const basis = criterion(sc2).measure!.basis;
    expect(basis).toContain(`${formatAmount(f.loans)} lượt mượn về nhà của học sinh ÷ ${formatAmount(f.students)} học sinh`);
    expect(basis).toContain(`không tính ${formatAmount(f.loansExcluded.classSets)} SGK mượn theo lớp, ${formatAmount(f.loansExcluded.staff)} lượt của giáo viên, nhân viên`);
    for (const c of sc2.standards.flatMap((s) => s.criteria)) if (c.measure) expect(c.measure.basis, c.id).not.toBe('');
    const t = (await text((await ctx.call('selfcheck.print', { kind: 'report', year: '2026-2027' })).path)).replace(/\s+/g, ' ');
    expect(t).toContain(`Cách tính: ${formatAmount(f.loans)} lượt mượn về nhà của học sinh`);
    expect(t).toContain(`${formatAmount(f.loansExcluded.classSets)} SGK mượn theo lớp`);
    expect(t).toContain(`${formatAmount(f.visits)} lượt đến thư viện`);
  }, 30_000);
});
