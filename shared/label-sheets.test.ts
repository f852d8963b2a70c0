import { describe, expect, it } from 'vitest';
import {
  BUILTIN_SHEETS, CARD_SHEET, cellBox, findSheet, labelsPerSheet, MIN_MODULE_MM, pageCount, PRINTER_DOT_MM, slotOf, snapModuleDown,
  snapModuleUp, validateSheet, type LabelSheet,
} from './label-sheets';

const expected: [string, number, number, number, number][] = [
  ['L7651', 38.1, 21.2, 5, 13], ['L7654', 45.7, 25.4, 4, 10], ['L7159', 63.5, 33.9, 3, 8],
  ['L7160', 63.5, 38.1, 3, 7], ['3474', 70, 37, 3, 8], ['L7163', 99.1, 38.1, 2, 7],
];

describe('shipped label sheets', () => {
  it.each(expected)('%s is %s × %s mm, %s × %s, and its grid fits A4 with its margins', (id, w, h, cols, rows) => {
    const s = findSheet(BUILTIN_SHEETS, id)!;
    expect(s).toBeDefined();
    expect([s.labelWidth, s.labelHeight, s.columns, s.rows]).toEqual([w, h, cols, rows]);
    expect(validateSheet(s)).toEqual([]);
    // Margins are roughly symmetric on the real sheets (within 1 mm).
    const right = s.pageWidth - (s.marginLeft + (cols - 1) * s.pitchX + w);
    const bottom = s.pageHeight - (s.marginTop + (rows - 1) * s.pitchY + h);
    expect(Math.abs(right - s.marginLeft)).toBeLessThan(1);
    expect(Math.abs(bottom - s.marginTop)).toBeLessThan(1);
  });

  it('ID-1 cards: 10 per A4, centred', () => {
    expect(labelsPerSheet(CARD_SHEET)).toBe(10);
    expect(validateSheet(CARD_SHEET)).toEqual([]);
    expect([CARD_SHEET.labelWidth, CARD_SHEET.labelHeight]).toEqual([85.6, 54]);
  });
});

describe('validateSheet', () => {
  const base = BUILTIN_SHEETS[0] as LabelSheet;
  it('refuses a grid wider than the page, naming the width', () => {
    const errors = validateSheet({ ...base, columns: 6 });
    expect(errors.join(' ')).toMatch(/vượt chiều rộng trang 210 mm/);
  });
  it('refuses a grid taller than the page', () => {
    expect(validateSheet({ ...base, marginTop: 25 }).join(' ')).toMatch(/vượt chiều cao trang/);
  });
  it('refuses overlapping labels and non-positive sizes', () => {
    expect(validateSheet({ ...base, pitchX: 30 }).join(' ')).toMatch(/Bước ngang/);
    expect(validateSheet({ ...base, labelHeight: 0 }).join(' ')).toMatch(/Chiều cao nhãn phải lớn hơn 0/);
    expect(validateSheet({ ...base, rows: 2.5 }).join(' ')).toMatch(/Số hàng/);
  });
});

describe('cell geometry', () => {
  const s = findSheet(BUILTIN_SHEETS, 'L7651')!;
  it('places cells row by row with the printer offset', () => {
    expect(cellBox(s, 0)).toEqual({ x: 4.67, y: 10.7, w: 38.1, h: 21.2 });
    const b = cellBox(s, 6, { dx: 0.3, dy: -0.2 });
    expect(b.x).toBeCloseTo(4.67 + 40.64 + 0.3, 6);
    expect(b.y).toBeCloseTo(10.7 + 21.2 - 0.2, 6);
  });
  it('start position N skips N−1 labels of the first sheet only', () => {
    expect(slotOf(s, 0, 7)).toEqual({ page: 0, cell: 6 });
    expect(slotOf(s, 58, 7)).toEqual({ page: 0, cell: 64 });
    expect(slotOf(s, 59, 7)).toEqual({ page: 1, cell: 0 });
    expect(pageCount(s, 59, 7)).toBe(1);
    expect(pageCount(s, 60, 7)).toBe(2);
    expect(pageCount(s, 0, 7)).toBe(0);
  });
  it('module widths snap to whole 1/600-inch printer dots', () => {
    expect(snapModuleUp(0.25)).toBeCloseTo(6 * PRINTER_DOT_MM, 9);
    expect(snapModuleUp(0.25)).toBeGreaterThanOrEqual(0.25);
    expect(snapModuleDown(0.25)).toBeCloseTo(5 * PRINTER_DOT_MM, 9);
    expect(MIN_MODULE_MM).toBeCloseTo(0.1693, 3);
  });
});
