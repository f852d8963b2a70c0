/**
 * Adhesive label sheets as data, in millimetres, and the pure geometry of their cells.
 * Pure: no DOM, no node:*. Used by the PDF renderer (main) and the sheet preview (renderer).
 */

export interface LabelSheet {
  /** Stable id: the Avery/Zweckform code for shipped sheets ("L7651"), free text for the user's own. */
  id: string;
  name: string;
  pageWidth: number;
  pageHeight: number;
  /** Distance from the page's top edge to the top of the first row. */
  marginTop: number;
  /** Distance from the page's left edge to the left of the first column. */
  marginLeft: number;
  columns: number;
  rows: number;
  labelWidth: number;
  labelHeight: number;
  /** Horizontal pitch: left edge of one column to the left edge of the next. */
  pitchX: number;
  /** Vertical pitch: top edge of one row to the top edge of the next. */
  pitchY: number;
  /** Corner radius, for the preview and the calibration outlines only. */
  cornerRadius: number;
  builtIn?: boolean;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Printer offset in mm (positive x = right, positive y = down). */
export interface Offset {
  dx: number;
  dy: number;
}

export const A4_MM = { width: 210, height: 297 } as const;

const a4 = { pageWidth: A4_MM.width, pageHeight: A4_MM.height, builtIn: true } as const;

/** The common A4 sheets (Avery/Zweckform-compatible), with their published margins and pitches. */
export const BUILTIN_SHEETS: readonly LabelSheet[] = [
  { ...a4, id: 'L7651', name: 'Avery L7651 — 65 nhãn 38,1 × 21,2 mm', marginTop: 10.7, marginLeft: 4.67, columns: 5, rows: 13,
    labelWidth: 38.1, labelHeight: 21.2, pitchX: 40.64, pitchY: 21.2, cornerRadius: 2 },
  { ...a4, id: 'L7654', name: 'Avery L7654 — 40 nhãn 45,7 × 25,4 mm', marginTop: 21.5, marginLeft: 9.7, columns: 4, rows: 10,
    labelWidth: 45.7, labelHeight: 25.4, pitchX: 48.3, pitchY: 25.4, cornerRadius: 2 },
  { ...a4, id: 'L7159', name: 'Avery L7159 — 24 nhãn 63,5 × 33,9 mm', marginTop: 12.9, marginLeft: 7.25, columns: 3, rows: 8,
    labelWidth: 63.5, labelHeight: 33.9, pitchX: 66, pitchY: 33.9, cornerRadius: 2.5 },
  { ...a4, id: 'L7160', name: 'Avery L7160 — 21 nhãn 63,5 × 38,1 mm', marginTop: 15.15, marginLeft: 7.25, columns: 3, rows: 7,
    labelWidth: 63.5, labelHeight: 38.1, pitchX: 66, pitchY: 38.1, cornerRadius: 2.5 },
  { ...a4, id: '3474', name: 'Zweckform 3474 — 24 nhãn 70 × 37 mm', marginTop: 0.5, marginLeft: 0, columns: 3, rows: 8,
    labelWidth: 70, labelHeight: 37, pitchX: 70, pitchY: 37, cornerRadius: 0 },
  { ...a4, id: 'L7163', name: 'Avery L7163 — 14 nhãn 99,1 × 38,1 mm', marginTop: 15.15, marginLeft: 4.65, columns: 2, rows: 7,
    labelWidth: 99.1, labelHeight: 38.1, pitchX: 101.6, pitchY: 38.1, cornerRadius: 2.5 },
];

/** Library cards: ID-1 (85,6 × 54 mm), 2 × 5 per A4, abutting so one cut serves two cards; centred. */
export const CARD_SIZE = { width: 85.6, height: 54 } as const;
export const CARD_SHEET: LabelSheet = {
  ...a4, id: 'ID1-10', name: 'Thẻ ID-1, 10 thẻ trên A4',
  columns: 2, rows: 5, labelWidth: CARD_SIZE.width, labelHeight: CARD_SIZE.height, pitchX: CARD_SIZE.width, pitchY: CARD_SIZE.height,
  marginLeft: round2((A4_MM.width - 2 * CARD_SIZE.width) / 2), marginTop: round2((A4_MM.height - 5 * CARD_SIZE.height) / 2), cornerRadius: 3,
};

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

const EPS = 0.005;

/** Checks that a sheet makes sense and its grid fits the page; returns Vietnamese messages (empty = valid). */
export function validateSheet(s: LabelSheet): string[] {
  const errors: string[] = [];
  const positive: [keyof LabelSheet, string][] = [
    ['pageWidth', 'Chiều rộng trang'], ['pageHeight', 'Chiều cao trang'], ['labelWidth', 'Chiều rộng nhãn'],
    ['labelHeight', 'Chiều cao nhãn'], ['pitchX', 'Bước ngang'], ['pitchY', 'Bước dọc'],
  ];
  for (const [key, label] of positive) {
    const v = s[key] as number;
    if (!Number.isFinite(v) || v <= 0) errors.push(`${label} phải lớn hơn 0 mm.`);
  }
  if (!Number.isInteger(s.columns) || s.columns < 1 || s.columns > 20) errors.push('Số cột phải là số nguyên từ 1 đến 20.');
  if (!Number.isInteger(s.rows) || s.rows < 1 || s.rows > 40) errors.push('Số hàng phải là số nguyên từ 1 đến 40.');
  if (!(s.marginTop >= 0)) errors.push('Lề trên không được âm.');
  if (!(s.marginLeft >= 0)) errors.push('Lề trái không được âm.');
  if (!(s.cornerRadius >= 0) || s.cornerRadius > Math.min(s.labelWidth, s.labelHeight) / 2) {
    errors.push('Bán kính góc phải từ 0 đến nửa cạnh ngắn của nhãn.');
  }
  if (errors.length) return errors;
  if (s.columns > 1 && s.pitchX + EPS < s.labelWidth) errors.push('Bước ngang phải lớn hơn hoặc bằng chiều rộng nhãn (các nhãn không được chồng lên nhau).');
  if (s.rows > 1 && s.pitchY + EPS < s.labelHeight) errors.push('Bước dọc phải lớn hơn hoặc bằng chiều cao nhãn (các nhãn không được chồng lên nhau).');
  const right = s.marginLeft + (s.columns - 1) * s.pitchX + s.labelWidth;
  const bottom = s.marginTop + (s.rows - 1) * s.pitchY + s.labelHeight;
  if (right > s.pageWidth + EPS) {
    errors.push(`Lưới nhãn rộng ${fmt(right)} mm (tính cả lề trái), vượt chiều rộng trang ${fmt(s.pageWidth)} mm.`);
  }
  if (bottom > s.pageHeight + EPS) {
    errors.push(`Lưới nhãn cao ${fmt(bottom)} mm (tính cả lề trên), vượt chiều cao trang ${fmt(s.pageHeight)} mm.`);
  }
  return errors;
}

function fmt(n: number): string {
  return (Math.round(n * 100) / 100).toString().replace('.', ',');
}

export function labelsPerSheet(s: LabelSheet): number {
  return s.columns * s.rows;
}

/** The box of cell `index` (0-based, row by row from the top left) on a page, with the printer offset applied. */
export function cellBox(s: LabelSheet, index: number, offset: Offset = { dx: 0, dy: 0 }): Box {
  const col = index % s.columns;
  const row = Math.floor(index / s.columns);
  return {
    x: s.marginLeft + col * s.pitchX + offset.dx,
    y: s.marginTop + row * s.pitchY + offset.dy,
    w: s.labelWidth,
    h: s.labelHeight,
  };
}

/** Where item i goes when printing starts at label `start` (1-based) of the first sheet. */
export function slotOf(s: LabelSheet, i: number, start = 1): { page: number; cell: number } {
  const per = labelsPerSheet(s);
  const slot = i + Math.min(Math.max(1, start), per) - 1;
  return { page: Math.floor(slot / per), cell: slot % per };
}

/** Number of pages for `count` items starting at label `start`. */
export function pageCount(s: LabelSheet, count: number, start = 1): number {
  if (count <= 0) return 0;
  return slotOf(s, count - 1, start).page + 1;
}

export function insetBox(b: Box, dx: number, dy = dx): Box {
  return { x: b.x + dx, y: b.y + dy, w: Math.max(0, b.w - 2 * dx), h: Math.max(0, b.h - 2 * dy) };
}

/** True when `inner` lies within `outer` (with a tiny tolerance for floating point). */
export function boxInside(inner: Box, outer: Box, tolerance = 1e-6): boolean {
  return inner.x >= outer.x - tolerance && inner.y >= outer.y - tolerance
    && inner.x + inner.w <= outer.x + outer.w + tolerance && inner.y + inner.h <= outer.y + outer.h + tolerance;
}

export function findSheet(sheets: readonly LabelSheet[], id: string): LabelSheet | undefined {
  return sheets.find((s) => s.id.toUpperCase() === id.trim().toUpperCase());
}

/**
 * Printers place dots on a 1/600-inch grid: module widths are snapped down to whole dots so every bar
 * prints the same width (0,25 mm → 6 dots = 0,254 mm is the smallest ≥ 0,25 mm).
 */
export const PRINTER_DOT_MM = 25.4 / 600;

export function snapModuleUp(mm: number): number {
  return Math.ceil(mm / PRINTER_DOT_MM - 1e-9) * PRINTER_DOT_MM;
}

export function snapModuleDown(mm: number): number {
  return Math.floor(mm / PRINTER_DOT_MM + 1e-9) * PRINTER_DOT_MM;
}

/** Default narrowest bar, and the floor we reduce to when a cell is too narrow (4 dots ≈ 0,17 mm). */
export const DEFAULT_MODULE_MM = 0.25;
export const MIN_MODULE_MM = 4 * PRINTER_DOT_MM;
export const QUIET_ZONE_MODULES = 10;

/** A printer offset in mm as people read it: one decimal, Vietnamese comma (1.2 → "1,2", -0.5 → "-0,5"). */
export function formatMm(mm: number): string {
  return (Math.round(mm * 10) / 10).toFixed(1).replace('.', ',');
}
