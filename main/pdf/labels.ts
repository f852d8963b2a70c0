import fs from 'node:fs';
import type { LabelCopy, LabelKind } from '../../shared/contract/labels';
import { AppError } from '../../shared/errors';
import {
  cellBox, DEFAULT_MODULE_MM, formatMm, insetBox, labelsPerSheet, slotOf, type Box, type LabelSheet, type Offset,
} from '../../shared/label-sheets';
import { shelfMarkLines } from '../../shared/shelfmark';
import { code128Geometry, drawBars, fitModuleWidth, type BarcodeGeometry } from './barcode';
import { createPdfFile, mm } from './document';
import type { FontName } from './fonts';
import { fitLine, pdfMeasure, truncateToWidth, type TextMeasure } from './text-fit';

/*
 * Labels are laid out as data first (boxes in mm, page coordinates, printer offset applied), then drawn.
 * Tests check the data: every item inside its cell, the first N−1 cells empty.
 */

export type LayoutItem =
  | { kind: 'text'; x: number; y: number; w: number; h: number; text: string; font: FontName; size: number }
  | { kind: 'bars'; x: number; y: number; w: number; h: number; barcode: BarcodeGeometry }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; radius: number; lineWidth: number; dash?: number; color?: string }
  | { kind: 'line'; x: number; y: number; w: number; h: number; lineWidth: number; color?: string }
  | { kind: 'image'; x: number; y: number; w: number; h: number; file: string };

export interface LabelCell {
  index: number;
  box: Box;
  items: LayoutItem[];
}

export interface LayoutPage {
  cells: LabelCell[];
  /** Page-level marks (crop marks, rulers). */
  items: LayoutItem[];
}

function textAt(m: TextMeasure, text: string, font: FontName, size: number, box: Box, y: number, align: 'center' | 'left' = 'center'): LayoutItem {
  const w = m.width(text, font, size);
  const h = m.lineHeight(font, size);
  const x = align === 'center' ? box.x + (box.w - w) / 2 : box.x;
  return { kind: 'text', x, y, w, h, text, font, size };
}

/**
 * Several lines stacked and centred in `box`, all at one size: the largest ≤ max where every line fits the
 * width and the block fits the height (shrink to fit); lines still too wide at `min` are truncated.
 */
export function fitBlock(m: TextMeasure, lines: string[], font: FontName, box: Box, max: number, min: number): LayoutItem[] {
  const rows = lines.filter((l) => l.trim() !== '');
  if (!rows.length || box.w <= 0 || box.h <= 0) return [];
  const lh1 = m.lineHeight(font, 1);
  let size = Math.min(max, box.h / (rows.length * lh1));
  for (const l of rows) size = Math.min(size, box.w / Math.max(1e-6, m.width(l, font, 1)));
  size = Math.floor(size * 4) / 4;
  const heightCap = Math.floor((box.h / (rows.length * lh1)) * 4) / 4;
  if (size < min) size = Math.min(min, heightCap);
  if (size <= 0) return [];
  const texts = rows.map((l) => truncateToWidth(m, l, font, size, box.w));
  const lh = m.lineHeight(font, size);
  const top = box.y + (box.h - lh * rows.length) / 2;
  return texts.flatMap((t, i) => (t ? [textAt(m, t, font, size, box, top + i * lh)] : []));
}

export interface LabelContext {
  measure: TextMeasure;
  schoolName: string;
  /** Preferred narrowest bar in mm (0,25 by default). */
  moduleWidth: number;
  sheet: LabelSheet;
}

const GAP = 0.5;

function barcodeFor(ctx: LabelContext, value: string, width: number): BarcodeGeometry {
  const module = fitModuleWidth(value, width, ctx.moduleWidth);
  if (module === null) {
    throw new AppError('LABEL_TOO_NARROW',
      `Nhãn ${ctx.sheet.id} rộng ${ctx.sheet.labelWidth} mm không đủ chỗ cho mã vạch "${value}" ở cỡ vạch đọc được; hãy chọn mẫu nhãn rộng hơn.`);
  }
  return code128Geometry(value, module);
}

/** Spine label: the shelf mark (classification / author or title mark / ĐKCB) in large bold, shrunk to fit. */
export function layoutSpine(ctx: LabelContext, cell: Box, copy: LabelCopy): LayoutItem[] {
  const pad = Math.max(1, Math.min(2.5, cell.h * 0.07));
  const inner = insetBox(cell, pad);
  return fitBlock(ctx.measure, shelfMarkLines(copy.classification, copy.authorMark, copy.accessionCode), 'sansBold', inner, 20, 6);
}

/** The barcode column: [school name], bars, human-readable ĐKCB, [short title]. */
function barcodeBlock(ctx: LabelContext, box: Box, copy: LabelCopy, withSchool: boolean, withTitle: boolean): LayoutItem[] {
  const m = ctx.measure;
  const big = box.h >= 28;
  const small = big ? 7 : 5.5;
  const codeSize = big ? 9 : 7;
  const items: LayoutItem[] = [];
  let top = box.y;
  let bottom = box.y + box.h;
  if (withSchool && ctx.schoolName) {
    const t = truncateToWidth(m, ctx.schoolName, 'sansBold', small, box.w);
    if (t) {
      items.push(textAt(m, t, 'sansBold', small, box, top));
      top += m.lineHeight('sansBold', small) + GAP;
    }
  }
  if (withTitle && copy.title) {
    const h = m.lineHeight('sans', small);
    const t = truncateToWidth(m, copy.title, 'sans', small, box.w);
    if (t) {
      items.push(textAt(m, t, 'sans', small, box, bottom - h));
      bottom -= h + GAP * 0.6;
    }
  }
  const codeH = m.lineHeight('sans', codeSize);
  const barcode = barcodeFor(ctx, copy.barcode, box.w);
  const codeText = truncateToWidth(m, copy.barcode, 'sans', codeSize, box.w);
  items.push(textAt(m, codeText, 'sans', codeSize, box, bottom - codeH));
  bottom -= codeH + GAP * 0.4;
  let barH = bottom - top;
  if (barH < 4) throw new AppError('LABEL_TOO_SMALL', `Nhãn ${ctx.sheet.id} quá thấp để in mã vạch đọc được.`);
  barH = Math.min(barH, 18);
  const y = top + (bottom - top - barH) / 2;
  items.push({ kind: 'bars', x: box.x + (box.w - barcode.width) / 2, y, w: barcode.width, h: barH, barcode });
  return items;
}

/** Barcode label: school name, Code 128 of the copy's barcode with its text, short title. */
export function layoutBarcodeLabel(ctx: LabelContext, cell: Box, copy: LabelCopy): LayoutItem[] {
  const inner = insetBox(cell, 1, Math.max(1, Math.min(2, cell.h * 0.06)));
  return barcodeBlock(ctx, inner, copy, true, true);
}

/** Spine + barcode on one label: side by side when the label is wide enough, otherwise stacked. */
export function layoutCombined(ctx: LabelContext, cell: Box, copy: LabelCopy): LayoutItem[] {
  const m = ctx.measure;
  const inner = insetBox(cell, 1, Math.max(1, Math.min(2, cell.h * 0.06)));
  const module = fitModuleWidth(copy.barcode, inner.w, ctx.moduleWidth);
  const barWidth = module === null ? inner.w : code128Geometry(copy.barcode, module).width;
  const spineMin = 18;
  if (inner.w - barWidth - 1.5 >= spineMin) {
    const spineW = inner.w - barWidth - 1.5;
    const left: Box = { x: inner.x, y: inner.y, w: spineW, h: inner.h };
    const right: Box = { x: inner.x + spineW + 1.5, y: inner.y, w: barWidth, h: inner.h };
    return [
      ...fitBlock(m, shelfMarkLines(copy.classification, copy.authorMark, copy.accessionCode), 'sansBold', insetBox(left, 0.5), 18, 6),
      { kind: 'line', x: inner.x + spineW + 0.75, y: inner.y + 1, w: 0, h: inner.h - 2, lineWidth: 0.15, color: '#777777' },
      ...barcodeBlock(ctx, right, copy, true, inner.h >= 25),
    ];
  }
  const mark = shelfMarkLines(copy.classification, copy.authorMark).join('  ');
  const items: LayoutItem[] = [];
  let top = inner.y;
  if (mark) {
    const fitted = fitLine(m, mark, 'sansBold', inner.w, inner.h >= 28 ? 13 : 9, 6);
    if (fitted.text) {
      items.push(textAt(m, fitted.text, 'sansBold', fitted.size, inner, top));
      top += m.lineHeight('sansBold', fitted.size) + GAP;
    }
  }
  return [...items, ...barcodeBlock(ctx, { ...inner, y: top, h: inner.y + inner.h - top }, copy, false, inner.h >= 30)];
}

export function layoutLabel(kind: LabelKind, ctx: LabelContext, cell: Box, copy: LabelCopy): LayoutItem[] {
  if (kind === 'spine') return layoutSpine(ctx, cell, copy);
  if (kind === 'barcode') return layoutBarcodeLabel(ctx, cell, copy);
  return layoutCombined(ctx, cell, copy);
}

/**
 * Lays out `copies` page by page from label `start` of the first sheet. A generator, so 5,000 labels
 * never sit in memory as layout at once.
 */
export function* layoutLabelPages(kind: LabelKind, ctx: LabelContext, copies: readonly LabelCopy[], start: number, offset: Offset): Generator<LayoutPage> {
  const per = labelsPerSheet(ctx.sheet);
  let page: LayoutPage | null = null;
  let pageNo = -1;
  for (let i = 0; i < copies.length; i++) {
    const slot = slotOf(ctx.sheet, i, start);
    if (slot.page !== pageNo) {
      if (page) yield page;
      page = { cells: [], items: [] };
      pageNo = slot.page;
    }
    const box = cellBox(ctx.sheet, slot.cell, offset);
    page!.cells.push({ index: slot.cell, box, items: layoutLabel(kind, ctx, box, copies[i]) });
    if (page!.cells.length > per) throw new Error('page overflow');
  }
  if (page) yield page;
}

export function drawItems(doc: PDFKit.PDFDocument, items: readonly LayoutItem[]): void {
  for (const it of items) {
    switch (it.kind) {
      case 'text':
        doc.font(it.font).fontSize(it.size).fillColor('black').text(it.text, mm(it.x), mm(it.y), { lineBreak: false });
        break;
      case 'bars':
        drawBars(doc, it.barcode, it, mm);
        break;
      case 'rect':
        doc.save().lineWidth(mm(it.lineWidth)).strokeColor(it.color ?? 'black');
        if (it.dash) doc.dash(mm(it.dash), { space: mm(it.dash) });
        if (it.radius > 0) doc.roundedRect(mm(it.x), mm(it.y), mm(it.w), mm(it.h), mm(it.radius));
        else doc.rect(mm(it.x), mm(it.y), mm(it.w), mm(it.h));
        doc.stroke().undash().restore();
        break;
      case 'line':
        doc.save().lineWidth(mm(it.lineWidth)).strokeColor(it.color ?? 'black')
          .moveTo(mm(it.x), mm(it.y)).lineTo(mm(it.x + it.w), mm(it.y + it.h)).stroke().restore();
        break;
      case 'image':
        doc.image(it.file, mm(it.x), mm(it.y), { fit: [mm(it.w), mm(it.h)], align: 'center', valign: 'center' });
        break;
    }
  }
}

export function drawPage(doc: PDFKit.PDFDocument, page: LayoutPage): void {
  drawItems(doc, page.items);
  for (const c of page.cells) drawItems(doc, c.items);
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface LabelPdfOptions {
  file: string;
  kind: LabelKind;
  sheet: LabelSheet;
  copies: readonly LabelCopy[];
  start: number;
  offset: Offset;
  schoolName: string;
  moduleWidth?: number;
  /** Called every few labels; may throw to cancel. */
  progress?: (done: number, total: number) => void;
}

const KIND_TITLE: Record<LabelKind, string> = { spine: 'Nhãn gáy', barcode: 'Nhãn mã vạch', combined: 'Nhãn gáy và mã vạch' };

/** Streams a label PDF to disk, yielding to the event loop between batches so scanning never stalls. */
export async function writeLabelPdf(o: LabelPdfOptions): Promise<{ path: string; bytes: number; pages: number }> {
  if (!o.copies.length) throw new AppError('NOTHING_TO_PRINT', 'Không có bản sách nào để in nhãn.');
  const pdf = createPdfFile({ file: o.file, size: [o.sheet.pageWidth, o.sheet.pageHeight], margin: 0, title: `${KIND_TITLE[o.kind]} ${o.sheet.id}` });
  const ctx: LabelContext = { measure: pdfMeasure(pdf.doc), schoolName: o.schoolName, moduleWidth: o.moduleWidth ?? DEFAULT_MODULE_MM, sheet: o.sheet };
  let done = 0;
  let sinceYield = 0;
  try {
    for (const page of layoutLabelPages(o.kind, ctx, o.copies, o.start, o.offset)) {
      pdf.doc.addPage({ size: [mm(o.sheet.pageWidth), mm(o.sheet.pageHeight)], margin: 0 });
      drawPage(pdf.doc, page);
      done += page.cells.length;
      sinceYield += page.cells.length;
      o.progress?.(done, o.copies.length);
      if (sinceYield >= 40) {
        sinceYield = 0;
        await yieldToLoop();
      }
    }
  } catch (error) {
    await pdf.finish().catch(() => undefined);
    fs.rmSync(o.file, { force: true });
    throw error;
  }
  return pdf.finish();
}

/** Calibration page: every label outline, the label number, a centre cross and mm rulers along two edges. */
export function layoutCalibration(sheet: LabelSheet, offset: Offset, measure: TextMeasure, printer: string): LayoutPage {
  const cells: LabelCell[] = [];
  for (let i = 0; i < labelsPerSheet(sheet); i++) {
    const box = cellBox(sheet, i, offset);
    const cx = box.x + box.w / 2;
    const cy = box.y + box.h / 2;
    const label = String(i + 1);
    const size = Math.min(8, box.h * 0.6);
    cells.push({
      index: i,
      box,
      items: [
        { kind: 'rect', x: box.x, y: box.y, w: box.w, h: box.h, radius: sheet.cornerRadius, lineWidth: 0.15 },
        { kind: 'line', x: cx - 2, y: cy, w: 4, h: 0, lineWidth: 0.1 },
        { kind: 'line', x: cx, y: cy - 2, w: 0, h: 4, lineWidth: 0.1 },
        textAt(measure, label, 'sans', size, { ...box, x: box.x + 1, w: box.w - 2 }, box.y + 0.8, 'left'),
      ],
    });
  }
  const items: LayoutItem[] = [];
  // Rulers from the page corner (not shifted: they measure where the printer put the outlines).
  const rx = 0;
  const ry = 0;
  for (let v = 0; v <= Math.floor(sheet.pageWidth); v++) {
    const len = v % 10 === 0 ? 4 : v % 5 === 0 ? 2.5 : 1.5;
    items.push({ kind: 'line', x: rx + v, y: ry + sheet.pageHeight / 2 - len / 2, w: 0, h: len, lineWidth: 0.1 });
  }
  for (let v = 10; v <= Math.floor(sheet.pageHeight); v++) {
    const len = v % 10 === 0 ? 4 : v % 5 === 0 ? 2.5 : 1.5;
    items.push({ kind: 'line', x: sheet.pageWidth / 2 - len / 2, y: ry + v, w: len, h: 0, lineWidth: 0.1 });
  }
  for (let v = 10; v < sheet.pageWidth; v += 10) {
    const t = String(v);
    items.push(textAt(measure, t, 'sans', 5, { x: v - 5, y: 0, w: 10, h: 3 }, sheet.pageHeight / 2 + 2.2));
  }
  for (let v = 10; v < sheet.pageHeight; v += 10) {
    items.push(textAt(measure, String(v), 'sans', 5, { x: sheet.pageWidth / 2 + 2.3, y: 0, w: 10, h: 3 }, v - 0.9, 'left'));
  }
  const note = `Trang căn chỉnh ${sheet.id} — máy in: ${printer || 'mặc định'} — độ lệch x ${formatMm(offset.dx)} mm, y ${formatMm(offset.dy)} mm. ` +
    'In trên giấy thường, đặt lên tờ nhãn soi ngược sáng rồi đo khoảng lệch bằng thước.';
  const noteSize = 6.5;
  const noteBox: Box = { x: 8, y: 0, w: sheet.pageWidth - 16, h: 3 };
  const t = truncateToWidth(measure, note, 'sans', noteSize, noteBox.w);
  const firstTop = cellBox(sheet, 0).y;
  const noteY = firstTop >= 4 ? Math.max(0.5, firstTop - measure.lineHeight('sans', noteSize) - 0.8) : sheet.pageHeight - 4;
  items.push(textAt(measure, t, 'sans', noteSize, noteBox, noteY));
  return { cells, items };
}

export async function writeCalibrationPdf(file: string, sheet: LabelSheet, offset: Offset, printer: string): Promise<{ path: string; bytes: number; pages: number }> {
  const pdf = createPdfFile({ file, size: [sheet.pageWidth, sheet.pageHeight], margin: 0, title: `Trang căn chỉnh ${sheet.id}` });
  pdf.doc.addPage({ size: [mm(sheet.pageWidth), mm(sheet.pageHeight)], margin: 0 });
  drawPage(pdf.doc, layoutCalibration(sheet, offset, pdfMeasure(pdf.doc), printer));
  return pdf.finish();
}
