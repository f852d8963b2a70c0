import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelCopy } from '../../shared/contract/labels';
import { boxInside, BUILTIN_SHEETS, CARD_SHEET, cellBox, labelsPerSheet, type Box, type Offset } from '../../shared/label-sheets';
import { importCatalogueFile } from '../services/catalogue/import';
import { selectCopies } from '../services/labels/select';
import { fixturePath, tempContext, type TestContext } from '../test-utils';
import { layoutCardPages, mirroredCell, type CardReader } from './cards';
import { layoutCalibration, layoutLabelPages, type LabelContext, type LayoutItem, type LayoutPage } from './labels';
import { standaloneMeasure } from './text-fit';

let ctx: TestContext;
let copies: LabelCopy[];
const measure = standaloneMeasure();

// Hard cases next to the fixture catalogue: a long classification, a long mark, a long Vietnamese title.
const hard: LabelCopy[] = [
  { id: -1, accessionCode: 'STK000999', barcode: 'STK000999', title: 'Hoàng Sa, Trường Sa trong lòng Tổ quốc — những câu chuyện kể về biển đảo quê hương Việt Nam',
    classification: '895.922 334 080 9282', authorMark: 'NGHIÊNG', series: 'STK', labelPrintedAt: null },
  { id: -2, accessionCode: 'SGK-2026/0042', barcode: 'SGK-2026/0042', title: 'Ngữ văn 6', classification: '', authorMark: '', series: 'SGK', labelPrintedAt: null },
];

beforeAll(async () => {
  ctx = await tempContext();
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  copies = [...selectCopies(ctx.sql, { by: 'all' }), ...hard];
});
afterAll(async () => ctx.cleanup());

function itemBox(it: LayoutItem): Box {
  return { x: it.x, y: it.y, w: it.w, h: it.h };
}

function allPages(kind: 'spine' | 'barcode' | 'combined', sheetIndex: number, start: number, offset: Offset): LayoutPage[] {
  const sheet = BUILTIN_SHEETS[sheetIndex];
  const lctx: LabelContext = { measure, schoolName: 'TRƯỜNG TRUNG HỌC CƠ SỞ AN VĨNH, ĐẶC KHU LÝ SƠN', moduleWidth: 0.25, sheet };
  return [...layoutLabelPages(kind, lctx, copies, start, offset)];
}

const offsets: Offset[] = [{ dx: 0, dy: 0 }, { dx: 1.5, dy: -0.8 }, { dx: -2.3, dy: 3.1 }];
const cases = BUILTIN_SHEETS.flatMap((s, i) => (['spine', 'barcode', 'combined'] as const).map((k) => [s.id, k, i] as const));

describe('label layout (boxes in mm, computed before drawing)', () => {
  it.each(cases)('%s %s: every item of every label stays inside its cell, for each printer offset', (_id, kind, i) => {
    const sheet = BUILTIN_SHEETS[i];
    for (const offset of offsets) {
      const pages = allPages(kind, i, 1, offset);
      const cells = pages.flatMap((p) => p.cells);
      expect(cells.length).toBe(copies.length);
      for (const cell of cells) {
        expect(cell.box).toEqual(cellBox(sheet, cell.index, offset));
        expect(cell.items.length).toBeGreaterThan(0);
        for (const it of cell.items) {
          if (!boxInside(itemBox(it), cell.box)) throw new Error(`${kind} ${sheet.id}: ${JSON.stringify({ ...it, barcode: undefined })} outside ${JSON.stringify(cell.box)}`);
          if (it.kind === 'text') {
            expect(it.size).toBeGreaterThanOrEqual(5);
            expect(it.w).toBeCloseTo(measure.width(it.text, it.font, it.size), 6);
          }
        }
        if (kind !== 'spine') {
          const bars = cell.items.filter((x) => x.kind === 'bars');
          expect(bars).toHaveLength(1);
          const b = bars[0].kind === 'bars' ? bars[0].barcode : null;
          expect(b!.bars[0].x).toBeGreaterThanOrEqual(10 * b!.moduleWidth - 1e-9); // quiet zone inside the cell
        }
      }
    }
  });

  it('spine labels carry the three lines of the shelf mark, large and shrunk only as needed', () => {
    const pages = allPages('spine', 0, 1, { dx: 0, dy: 0 });
    const first = pages[0].cells[0];
    const texts = first.items.filter((x) => x.kind === 'text');
    expect(texts.map((t) => (t.kind === 'text' ? t.text : ''))).toEqual([copies[0].classification, copies[0].authorMark, copies[0].accessionCode]);
    expect(texts[0].kind === 'text' && texts[0].size).toBeGreaterThanOrEqual(10);
    const longCell = pages.flatMap((p) => p.cells).find((c) => c.items.some((x) => x.kind === 'text' && x.text.startsWith('895.922 334')));
    const longItem = longCell?.items[0];
    // The long classification made the whole block smaller, not clipped.
    expect(longItem?.kind === 'text' && longItem.text).toBe('895.922 334 080 9282');
  });

  it.each(BUILTIN_SHEETS.map((s, i) => [s.id, i] as const))('%s: start position N leaves the first N−1 cells empty', (_id, i) => {
    const sheet = BUILTIN_SHEETS[i];
    const per = labelsPerSheet(sheet);
    for (const n of [1, 2, 7, per]) {
      const pages = allPages('barcode', i, n, { dx: 0, dy: 0 });
      const firstIndexes = pages[0].cells.map((c) => c.index);
      expect(Math.min(...firstIndexes)).toBe(n - 1);
      expect(firstIndexes).toEqual(Array.from({ length: Math.min(per - n + 1, copies.length) }, (_, k) => n - 1 + k));
      expect(pages[1].cells[0].index).toBe(0);
      expect(pages.flatMap((p) => p.cells).length).toBe(copies.length);
    }
  });

  it('the calibration page outlines every cell with the offset applied', () => {
    const sheet = BUILTIN_SHEETS[0];
    const page = layoutCalibration(sheet, { dx: 0.5, dy: -0.3 }, measure, 'HP LaserJet');
    expect(page.cells).toHaveLength(65);
    for (const c of page.cells) {
      expect(c.items[0]).toMatchObject({ kind: 'rect', ...cellBox(sheet, c.index, { dx: 0.5, dy: -0.3 }) });
      for (const it of c.items) expect(boxInside(itemBox(it), c.box)).toBe(true);
    }
  });
});

describe('card layout', () => {
  const reader = (i: number): CardReader => ({
    cardNumber: `HS${String(i).padStart(6, '0')}`, fullName: i === 3 ? 'Tôn Nữ Hoàng Phương Thảo Nguyên Khánh Linh Ngọc' : 'Nguyễn Thị Ánh', kind: 'student',
    className: '6A1', department: '', schoolYear: '2026-2027', photoFile: null,
  });
  const cctx = { measure, managingBody: 'UBND ĐẶC KHU LÝ SƠN', schoolName: 'TRƯỜNG THCS AN VĨNH', schoolYear: '2026-2027', moduleWidth: 0.25 };

  it('fronts and mirrored backs stay inside their ID-1 cells, with crop marks outside the cards', () => {
    const readers = Array.from({ length: 13 }, (_, i) => reader(i + 1));
    const pages = [...layoutCardPages(cctx, readers, { dx: 0.4, dy: 0.2 }, ['Giữ gìn sách cẩn thận.', 'Trả sách đúng hạn.'])];
    expect(pages.map((p) => p.side)).toEqual(['front', 'back', 'front', 'back']);
    for (const p of pages) {
      for (const c of p.cells) {
        expect(c.box.w).toBe(85.6);
        expect(c.box.h).toBe(54);
        for (const it of c.items) expect(boxInside(itemBox(it), c.box), JSON.stringify(it)).toBe(true);
      }
      for (const mark of p.items) {
        for (const c of p.cells) {
          const inside = mark.x > c.box.x + 0.01 && mark.x + mark.w < c.box.x + c.box.w - 0.01 && mark.y > c.box.y + 0.01 && mark.y + mark.h < c.box.y + c.box.h - 0.01;
          expect(inside).toBe(false);
        }
      }
    }
    // Back of card 1 (top left) sits top right: long-edge duplex.
    expect(pages[1].cells[0].index).toBe(1);
    expect(mirroredCell(CARD_SHEET, 4)).toBe(5);
    expect(pages[2].cells).toHaveLength(3);
  });
});
