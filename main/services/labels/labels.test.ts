import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CARD_RULES } from '../../pdf/cards';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { decodeBarcodes, pdfFonts, pdfText } from '../../../tests/pdf-read';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await tempContext();
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
});
afterAll(async () => ctx.cleanup());

describe('text and fonts', () => {
  it('a barcode label PDF gives back the Vietnamese titles exactly, with embedded fonts only', async () => {
    const r = await ctx.call('labels.print', { kind: 'barcode', templateId: 'L7163', selection: { by: 'all' }, markPrinted: false });
    const text = await pdfText(r.path);
    expect(text).toContain('Dế Mèn phiêu lưu ký');
    expect(text).toContain('Đất rừng phương Nam');
    expect(text).toContain('TRƯỜNG THCS AN VĨNH');
    const fonts = pdfFonts(r.path);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatchObject({ name: expect.stringMatching(/Liberation/), embedded: true, subset: true, unicode: true });
  });

  it('a card PDF gives back the students\' names exactly, with embedded fonts only', async () => {
    const r = await ctx.call('labels.printCards', { selection: { by: 'class', className: '6A1' }, backSide: true });
    const text = await pdfText(r.path);
    expect(text).toContain('THẺ THƯ VIỆN');
    expect(text).toContain('Nguyễn');
    expect(text).toContain('Trương Kim Hoa');
    expect(text).toContain('NỘI QUY THƯ VIỆN');
    expect(text).toContain('UBND ĐẶC KHU LÝ SƠN');
    for (const f of pdfFonts(r.path)) expect(f).toMatchObject({ name: expect.stringMatching(/Liberation/), embedded: true, subset: true, unicode: true });
  });
});

describe('choosing what to print', () => {
  it('by ĐKCB range, scanned list (kept in scan order) and title', async () => {
    const range = await ctx.call('labels.selectCopies', { selection: { by: 'range', from: 'STK000003', to: 'STK000007' } });
    expect(range.copies.map((c) => c.accessionCode)).toEqual(['STK000003', 'STK000004', 'STK000005', 'STK000006', 'STK000007']);
    const short = await ctx.call('labels.selectCopies', { selection: { by: 'range', from: 'STN000002', to: '4' } });
    expect(short.total).toBe(3);
    const list = await ctx.call('labels.selectCopies', { selection: { by: 'list', codes: ['stn000005', 'SGK000001', 'STN000005'] } });
    expect(list.copies.map((c) => c.accessionCode)).toEqual(['STN000005', 'SGK000001']);
    await expect(ctx.call('labels.selectCopies', { selection: { by: 'list', codes: ['STK999999'] } })).rejects.toThrow(/Không tìm thấy 1 bản sách: STK999999/);
    const titleId = (ctx.sql.prepare("SELECT id FROM title WHERE title = 'Dế Mèn phiêu lưu ký'").get() as { id: number }).id;
    const byTitle = await ctx.call('labels.selectCopies', { selection: { by: 'title', titleId } });
    expect(byTitle.total).toBe(5);
    expect(byTitle.copies.every((c) => c.title === 'Dế Mèn phiêu lưu ký')).toBe(true);
    const series = await ctx.call('labels.selectCopies', { selection: { by: 'all' }, series: 'STN' });
    expect(series.copies.every((c) => c.accessionCode.startsWith('STN'))).toBe(true);
  });

  it('"not yet labelled" shrinks as labels are printed (copy.label_printed_at is set)', async () => {
    const before = await ctx.call('labels.selectCopies', { selection: { by: 'unlabelled' } });
    const r = await ctx.call('labels.print', { kind: 'spine', templateId: 'L7651', start: 60, selection: { by: 'range', from: 'STN000001', to: 'STN000010' } });
    expect(r.labels).toBe(10);
    expect(r.pages).toBe(2); // labels 60–65 of the first sheet, then 4 on the second
    const after = await ctx.call('labels.selectCopies', { selection: { by: 'unlabelled' } });
    expect(after.total).toBe(before.total - 10);
    const stamp = ctx.sql.prepare("SELECT label_printed_at AS t FROM copy WHERE accession_code = 'STN000001'").get() as { t: string };
    expect(stamp.t).toBe(ctx.now().toISOString());
  });

  it('by batch', async () => {
    const batch = ctx.sql.prepare('SELECT id, total_copies AS n FROM accession_batch WHERE register_number = 2').get() as { id: number; n: number };
    const r = await ctx.call('labels.selectCopies', { selection: { by: 'batch', batchId: batch.id } });
    expect(r.total).toBe(batch.n);
  });

  it('invalid barcode content is refused with a message, and nothing is written', async () => {
    ctx.sql.prepare("UPDATE copy SET barcode = 'STKđ01' WHERE accession_code = 'STK000001'").run();
    try {
      await expect(ctx.call('labels.print', { kind: 'barcode', templateId: 'L7651', selection: { by: 'list', codes: ['STK000001'] } }))
        .rejects.toThrow(/Không in được mã vạch cho "STKđ01"/);
      const printed = ctx.sql.prepare("SELECT label_printed_at AS t FROM copy WHERE accession_code = 'STK000001'").get() as { t: string | null };
      expect(printed.t).toBeNull();
    } finally {
      ctx.sql.prepare("UPDATE copy SET barcode = accession_code WHERE accession_code = 'STK000001'").run();
    }
  });

  it('cards by class and for new readers of the year', async () => {
    const classes = await ctx.call('labels.cardClasses', {});
    expect(classes.reduce((n, c) => n + c.count, 0)).toBe(371);
    const sixA1 = classes.find((c) => c.className === '6A1')!;
    const r = await ctx.call('labels.printCards', { selection: { by: 'class', className: '6A1' } });
    expect(r.cards).toBe(sixA1.count);
    await expect(ctx.call('labels.printCards', { selection: { by: 'class', className: '9Z9' } })).rejects.toThrow(/Không có bạn đọc nào/);
  });
});

describe('templates, calibration, jobs', () => {
  it('user templates are validated (grid must fit the page), saved and usable', async () => {
    const mine = { id: 'TRUONG-40', name: 'Giấy nhãn của trường', pageWidth: 210, pageHeight: 297, marginTop: 13, marginLeft: 8,
      columns: 4, rows: 10, labelWidth: 48, labelHeight: 27, pitchX: 49, pitchY: 27.1, cornerRadius: 1 };
    await expect(ctx.call('labels.saveTemplate', { ...mine, columns: 5 })).rejects.toThrow(/vượt chiều rộng trang/);
    await expect(ctx.call('labels.saveTemplate', { ...mine, id: 'L7651' })).rejects.toThrow(/mẫu có sẵn/);
    await ctx.call('labels.saveTemplate', mine);
    expect((await ctx.call('labels.listTemplates', {})).map((s) => s.id)).toContain('TRUONG-40');
    const r = await ctx.call('labels.print', { kind: 'barcode', templateId: 'TRUONG-40', selection: { by: 'range', from: 'SGK000001', to: 'SGK000045' }, markPrinted: false });
    expect(r.pages).toBe(2);
    await ctx.call('labels.deleteTemplate', { id: 'TRUONG-40' });
    await expect(ctx.call('labels.print', { kind: 'barcode', templateId: 'TRUONG-40', selection: { by: 'all' } })).rejects.toThrow(/Không có mẫu giấy nhãn/);
  });

  it('labels.getCalibration: the default printer with no offset until one is saved, then what was saved', async () => {
    expect(await ctx.call('labels.getCalibration', {})).toEqual({ current: 'Máy in mặc định', printers: { 'Máy in mặc định': { dx: 0, dy: 0 } } });
    await ctx.call('labels.saveCalibration', { printer: 'Brother HL-1201', dx: 7, dy: -2 });
    expect(await ctx.call('labels.getCalibration', {})).toEqual({ current: 'Brother HL-1201', printers: { 'Máy in mặc định': { dx: 0, dy: 0 }, 'Brother HL-1201': { dx: 7, dy: -2 } } });
  });
  it('labels.getCardRules / labels.saveCardRules: shipped rules until saved; saved ones are cleaned, kept and printed on the back', async () => {
    expect((await ctx.call('labels.getCardRules', {})).rules).toEqual(DEFAULT_CARD_RULES);
    const saved = await ctx.call('labels.saveCardRules', { rules: ['  Giữ yên lặng trong phòng đọc. ', '', 'Trả sách đúng hẹn.'] });
    expect(saved.rules).toEqual(['Giữ yên lặng trong phòng đọc.', 'Trả sách đúng hẹn.']);
    expect((await ctx.call('labels.getCardRules', {})).rules).toEqual(saved.rules);
    await expect(ctx.call('labels.saveCardRules', { rules: Array.from({ length: 13 }, (_, i) => `Điều ${i + 1}`) })).rejects.toThrow(/Tối đa 12 điều/);
    expect((await ctx.call('labels.getCardRules', {})).rules).toEqual(saved.rules);
    const r = await ctx.call('labels.printCards', { selection: { by: 'list', cardNumbers: ['HS000001'] }, backSide: true });
    const text = await pdfText(r.path);
    expect(text).toContain('Giữ yên lặng trong phòng đọc.');
    expect(text).not.toContain(DEFAULT_CARD_RULES[0]);
    await ctx.call('labels.saveCardRules', { rules: DEFAULT_CARD_RULES });
  });
  it('calibration offsets are saved per printer in 0.1 mm steps', async () => {
    await ctx.call('labels.saveCalibration', { printer: 'Canon LBP 2900', dx: 12, dy: -5 });
    const c = await ctx.call('labels.saveCalibration', { printer: 'HP 107a', dx: -3, dy: 0 });
    expect(c.current).toBe('HP 107a');
    expect(c.printers['Canon LBP 2900']).toEqual({ dx: 12, dy: -5 });
    await expect(ctx.call('labels.saveCalibration', { printer: 'X', dx: 101, dy: 0 })).rejects.toThrow(/±10 mm/);
    await expect(ctx.call('labels.saveCalibration', { printer: 'X', dx: 1.5, dy: 0 })).rejects.toThrow(/0,1 mm/);
    const page = await ctx.call('labels.calibrationPdf', { templateId: 'L7160', printer: 'Canon LBP 2900' });
    expect(await pdfText(page.path)).toContain('độ lệch x 1,2 mm, y -0,5 mm');
  });

  it('a cancelled job stops with a message and leaves no file and no marks', async () => {
    const before = (await ctx.call('labels.selectCopies', { selection: { by: 'unlabelled' } })).total;
    await ctx.call('jobs.cancel', { jobId: 'huy-1' });
    await expect(ctx.call('labels.print', { kind: 'barcode', templateId: 'L7651', selection: { by: 'all' }, jobId: 'huy-1' })).rejects.toThrow(/Đã hủy/);
    expect((await ctx.call('labels.selectCopies', { selection: { by: 'unlabelled' } })).total).toBe(before);
    expect(fs.readdirSync(`${ctx.dataDir}/exports`).filter((f) => f.includes('Nhan-ma-vach-L7651'))).toEqual([]);
  });

  it('reports progress events while it works', async () => {
    ctx.events.length = 0;
    await ctx.call('labels.print', { kind: 'barcode', templateId: 'L7651', selection: { by: 'all' }, jobId: 'tien-do', markPrinted: false });
    const last = ctx.events.filter((e) => e.event === 'jobs.progress').at(-1);
    expect(last?.payload).toMatchObject({ jobId: 'tien-do', done: 548, total: 548 });
  });
});

describe('labels from a phiếu nhập, and a preview that shows what prints', () => {
  const smallestBatch = () => ctx.sql.prepare(`SELECT b.id, COUNT(c.id) AS n FROM accession_batch b JOIN copy c ON c.batch_id = b.id
    WHERE b.status = 'confirmed' GROUP BY b.id ORDER BY n, b.id LIMIT 1`).get() as { id: number; n: number };
  const codesOf = (batchId: number) => (ctx.sql.prepare('SELECT barcode FROM copy WHERE batch_id = ? ORDER BY series_id, accession_number')
    .all(batchId) as { barcode: string }[]).map((r) => r.barcode);

  it('labels.preview draws each label with the lines the PDF prints (spine: classification / mark / ĐKCB)', async () => {
    const b = smallestBatch();
    const selection = { by: 'batch' as const, batchId: b.id };
    for (const kind of ['spine', 'barcode', 'combined'] as const) {
      const preview = await ctx.call('labels.preview', { kind, templateId: 'L7651', start: 3, selection });
      expect(preview.total).toBe(b.n);
      expect(preview.cells[0].index).toBe(2);
      const r = await ctx.call('labels.print', { kind, templateId: 'L7651', start: 3, selection, markPrinted: false });
      // Labels side by side share a text line: compare words. Every word the preview shows is printed, and the reverse.
      const printed = (await pdfText(r.path)).split(/\s+/).filter(Boolean);
      const shown = preview.cells.flatMap((c) => c.items.flatMap((it) => (it.kind === 'text' ? it.text.split(/\s+/) : []))).filter(Boolean);
      expect(printed.length).toBeGreaterThan(0);
      expect([...new Set(shown)].sort()).toEqual([...new Set(printed)].sort());
      if (kind === 'spine') {
        const first = preview.cells[0];
        const lines = first.items.flatMap((it) => (it.kind === 'text' ? [it.text] : []));
        expect(lines).toHaveLength(3);
        expect(lines[2]).toBe(first.accessionCode);
      } else {
        expect(preview.cells[0].items.some((it) => it.kind === 'bars')).toBe(true);
      }
    }
  });

  it('labels.printBatch prints a confirmed phiếu\'s copies, and the barcodes decode to exactly its codes', async () => {
    const b = smallestBatch();
    const r = await ctx.call('labels.printBatch', { batchId: b.id, markPrinted: false });
    expect(r.labels).toBe(b.n);
    expect((await decodeBarcodes(r.path)).sort()).toEqual(codesOf(b.id).sort());
    await expect(ctx.call('labels.printBatch', { batchId: 999_999 })).rejects.toMatchObject({ code: 'BATCH_NOT_FOUND' });
  }, 60_000);
});
