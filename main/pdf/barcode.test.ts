import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_MODULE_MM, QUIET_ZONE_MODULES, snapModuleUp } from '../../shared/label-sheets';
import { checkBarcodeValue, code128Geometry, code128Modules, code128TotalModules, fitModuleWidth } from './barcode';
import { createPdfFile, mm } from './document';
import { drawBars } from './barcode';
import { decodeBarcodes } from '../../tests/pdf-read';

describe('Code 128 from JsBarcode encodings', () => {
  it('STK000123: start + S,T,K in set B + switch to C + 3 digit pairs + check + stop = 112 modules', () => {
    const m = code128Modules('STK000123');
    expect(m).toMatch(/^[01]+$/);
    expect(m.length).toBe(11 + 3 * 11 + 11 + 3 * 11 + 11 + 13);
    expect(code128TotalModules('STK000123')).toBe(112 + 2 * QUIET_ZONE_MODULES);
    expect(m.startsWith('11010010000')).toBe(true); // START B
    expect(m.endsWith('1100011101011')).toBe(true); // STOP
  });

  it('bars are vector rectangles after a quiet zone of ≥ 10 modules on each side', () => {
    const g = code128Geometry('STK000123', 0.254);
    expect(g.bars[0].x).toBeCloseTo(10 * 0.254, 9);
    const last = g.bars[g.bars.length - 1];
    expect(g.width - (last.x + last.w)).toBeCloseTo(10 * 0.254, 9);
    expect(g.bars.reduce((n, b) => n + b.w / 0.254, 0)).toBeCloseTo(code128Modules('STK000123').split('').filter((c) => c === '1').length, 6);
  });

  it('refuses content Code 128 cannot carry, with a Vietnamese message', () => {
    expect(() => checkBarcodeValue('Dế Mèn')).toThrow(/Code 128 chỉ nhận chữ không dấu/);
    expect(() => checkBarcodeValue('')).toThrow(/Không có nội dung/);
    expect(() => code128Modules('STK\u0111')).toThrow(/không dấu/);
    expect(() => checkBarcodeValue('X'.repeat(41))).toThrow(/quá dài/);
  });

  it('keeps the preferred module width when it fits and reduces it (whole dots, not below the minimum) when not', () => {
    // 132 modules × 0.254 = 33.5 mm: fits the 36.1 mm inside an L7651 label.
    expect(fitModuleWidth('STK000123', 36.1, 0.25)).toBeCloseTo(snapModuleUp(0.25), 9);
    const long = 'TK.000123-AB';
    const reduced = fitModuleWidth(long, 36.1, 0.25)!;
    expect(reduced).toBeLessThan(0.25);
    expect(reduced).toBeGreaterThanOrEqual(MIN_MODULE_MM - 1e-9);
    expect(code128TotalModules(long) * reduced).toBeLessThanOrEqual(36.1);
    expect(fitModuleWidth('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 36.1, 0.25)).toBeNull();
  });

  it('a reduced-width barcode still decodes at 300 dpi', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-bc-')), 'reduced.pdf');
    const values = ['TK.000123-AB', 'SGK-2026/0042', 'STK000123'];
    const pdf = createPdfFile({ file, title: 'test', margin: 0 });
    pdf.doc.addPage({ size: 'A4', margin: 0 });
    values.forEach((v, i) => {
      const module = fitModuleWidth(v, 36.1, 0.25)!;
      const g = code128Geometry(v, module);
      drawBars(pdf.doc, g, { x: 20 + i * 0.37, y: 30 + i * 40, w: g.width, h: 10 }, mm);
    });
    await pdf.finish();
    expect((await decodeBarcodes(file)).sort()).toEqual([...values].sort());
  });
});
