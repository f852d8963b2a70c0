import fs from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SHEETS } from '../../../shared/label-sheets';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { decodeBarcodes, pdfText } from '../../../tests/pdf-read';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';

/**
 * Acceptance: the printed barcodes decode exactly, read back the way a scanner would — pages rasterised at
 * 300 dpi (print resolution) and decoded by ZXing, independently of how the app drew them. One sheet is
 * decoded whole (all 548 codes); on the others every code is checked in the printed text and the barcodes
 * of the first and last pages (the whole sheet's geometry, and a partial page) must decode to the codes
 * printed under them. A whole-run decode of each sheet took minutes and proved nothing more.
 */
let ctx: TestContext;

/** The ĐKCB list the fixture catalogue must produce, computed from the CSV itself: per type, 1…n. */
function expectedCodes(): string[] {
  const rows = Papa.parse<Record<string, string>>(fs.readFileSync(fixturePath('sach-mau.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const perSeries = new Map<string, number>();
  for (const r of rows) perSeries.set(r['Loại sách'], (perSeries.get(r['Loại sách']) ?? 0) + Number(r['Số lượng']));
  return [...perSeries].flatMap(([s, n]) => Array.from({ length: n }, (_, i) => `${s}${String(i + 1).padStart(6, '0')}`));
}

/** The codes printed as text on each page (`pattern` matches one code). */
async function printedCodes(file: string, pattern: RegExp): Promise<string[][]> {
  const pages = (await pdfText(file)).split('\f').slice(0, -1);
  return pages.map((t) => t.match(new RegExp(pattern.source, 'g')) ?? []);
}

/** Every code printed, and the barcodes of the first and last pages decode to exactly the codes printed on them. */
async function expectPrintedAndSampled(file: string, pattern: RegExp, expected: string[]) {
  const pages = await printedCodes(file, pattern);
  expect(pages.flat().sort()).toEqual([...expected].sort());
  const sample = pages.length > 1 ? [1, pages.length] : [1];
  const decoded = await decodeBarcodes(file, { pages: sample });
  expect(decoded.length).toBeGreaterThan(0);
  expect(decoded.sort()).toEqual(sample.flatMap((p) => pages[p - 1]).sort());
}

const CODE = /\b[A-Z]{2,4}\d{6}\b/;
const expected = expectedCodes();

beforeAll(async () => {
  ctx = await tempContext();
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
});
afterAll(async () => ctx.cleanup());

describe('acceptance: printed barcodes decode exactly (300 dpi raster + ZXing)', () => {
  it('the fixture catalogue has 548 copies', () => {
    expect(expected).toHaveLength(548);
  });

  it('L7651 (narrowest label): all 548 barcodes, decoded from every page, yield exactly the expected ĐKCB list', async () => {
    const r = await ctx.call('labels.print', { kind: 'barcode', templateId: 'L7651', selection: { by: 'all' }, markPrinted: false });
    expect(r.labels).toBe(548);
    expect([...(await decodeBarcodes(r.path))].sort()).toEqual([...expected].sort());
  });

  it.each(BUILTIN_SHEETS.map((s) => s.id).filter((id) => id !== 'L7651'))('%s: 548 barcode labels print exactly the expected ĐKCB list and decode', async (templateId) => {
    const r = await ctx.call('labels.print', { kind: 'barcode', templateId, selection: { by: 'all' }, markPrinted: false });
    expect(r.labels).toBe(548);
    await expectPrintedAndSampled(r.path, CODE, expected);
  });

  it('L7651 combined labels (stacked layout, narrowest cell) decode too', async () => {
    const r = await ctx.call('labels.print', { kind: 'combined', templateId: 'L7651', selection: { by: 'all' }, markPrinted: false });
    await expectPrintedAndSampled(r.path, CODE, expected);
  });

  it('the cards of the 371 students yield exactly their card numbers', async () => {
    const cards = (ctx.sql.prepare("SELECT card_number AS c FROM reader WHERE kind = 'student'").all() as { c: string }[]).map((x) => x.c);
    expect(cards).toHaveLength(371);
    const r = await ctx.call('labels.printCards', { selection: { by: 'all' } });
    expect(r.cards).toBe(371);
    expect(r.pages).toBe(38);
    await expectPrintedAndSampled(r.path, CODE, cards);
  });
});
