import fs from 'node:fs';
import { AppError } from '../../shared/errors';
import { CARD_SHEET, cellBox, DEFAULT_MODULE_MM, insetBox, labelsPerSheet, type Box, type LabelSheet, type Offset } from '../../shared/label-sheets';
import { code128Geometry, fitModuleWidth } from './barcode';
import { createPdfFile, mm } from './document';
import type { FontName } from './fonts';
import { drawPage, type LabelCell, type LayoutItem, type LayoutPage } from './labels';
import { fitLine, pdfMeasure, truncateToWidth, type TextMeasure } from './text-fit';

export interface CardReader {
  cardNumber: string;
  fullName: string;
  kind: string;
  className: string;
  department: string;
  schoolYear: string;
  /** Absolute path of the photo, or null for the placeholder frame. */
  photoFile: string | null;
}

export interface CardContext {
  measure: TextMeasure;
  managingBody: string;
  schoolName: string;
  schoolYear: string;
  moduleWidth: number;
  principal?: string;
}

export const DEFAULT_CARD_RULES = [
  'Xuất trình thẻ khi mượn, trả sách; không cho người khác mượn thẻ.',
  'Mượn, trả sách đúng hạn theo quy định của thư viện.',
  'Giữ gìn sách cẩn thận: không viết, vẽ, gạch, xé hay làm bẩn sách.',
  'Làm mất, làm hỏng sách phải đền bằng sách cùng loại hoặc bằng tiền.',
  'Giữ trật tự, vệ sinh chung trong thư viện.',
  'Mất thẻ phải báo ngay cho cán bộ thư viện.',
];

function centred(m: TextMeasure, text: string, font: FontName, size: number, box: Box, y: number): LayoutItem {
  const w = m.width(text, font, size);
  return { kind: 'text', x: box.x + (box.w - w) / 2, y, w, h: m.lineHeight(font, size), text, font, size };
}

function left(m: TextMeasure, text: string, font: FontName, size: number, x: number, y: number): LayoutItem {
  return { kind: 'text', x, y, w: m.width(text, font, size), h: m.lineHeight(font, size), text, font, size };
}

/** The front of one card: header, "THẺ THƯ VIỆN", photo (or frame), name, class, year, Code 128 of the card number. */
export function layoutCardFront(ctx: CardContext, card: Box, r: CardReader): LayoutItem[] {
  const m = ctx.measure;
  const inner = insetBox(card, 3, 2.5);
  const items: LayoutItem[] = [
    { kind: 'rect', x: card.x + 0.8, y: card.y + 0.8, w: card.w - 1.6, h: card.h - 1.6, radius: 2.5, lineWidth: 0.2, color: '#1f4e79' },
  ];
  let y = inner.y;
  const body = fitLine(m, ctx.managingBody.toUpperCase(), 'sans', inner.w, 6.5, 4.5);
  if (body.text) {
    items.push(centred(m, body.text, 'sans', body.size, inner, y));
    y += m.lineHeight('sans', body.size);
  }
  const school = fitLine(m, ctx.schoolName.toUpperCase(), 'sansBold', inner.w, 7.5, 5);
  if (school.text) {
    items.push(centred(m, school.text, 'sansBold', school.size, inner, y));
    y += m.lineHeight('sansBold', school.size) + 0.6;
  }
  items.push({ kind: 'line', x: inner.x + inner.w * 0.3, y, w: inner.w * 0.4, h: 0, lineWidth: 0.2 });
  y += 0.8;
  items.push(centred(m, 'THẺ THƯ VIỆN', 'sansBold', 11, inner, y));
  y += m.lineHeight('sansBold', 11) + 1;

  // Photo 3×4 on the left.
  const photo: Box = { x: inner.x, y, w: 18, h: 24 };
  if (r.photoFile) items.push({ kind: 'image', ...photo, file: r.photoFile });
  else {
    items.push({ kind: 'rect', ...photo, radius: 0, lineWidth: 0.2, dash: 0.8, color: '#555555' });
    items.push(centred(m, 'Ảnh 3×4', 'sans', 6, photo, photo.y + photo.h / 2 - m.lineHeight('sans', 6) / 2));
  }
  const col: Box = { x: photo.x + photo.w + 3, y, w: inner.x + inner.w - (photo.x + photo.w + 3), h: inner.y + inner.h - y };
  let cy = col.y;
  const labelSize = 6.5;
  items.push(left(m, 'Họ và tên:', 'sans', labelSize, col.x, cy));
  cy += m.lineHeight('sans', labelSize);
  const name = fitLine(m, r.fullName, 'sansBold', col.w, 10, 6.5);
  items.push(left(m, name.text, 'sansBold', name.size, col.x, cy));
  cy += m.lineHeight('sansBold', name.size) + 0.3;
  const where = r.kind === 'student' ? `Lớp: ${r.className}` : r.department ? `Tổ: ${r.department}` : r.className ? `Lớp: ${r.className}` : 'Giáo viên, nhân viên';
  const year = `Năm học: ${r.schoolYear || ctx.schoolYear}`;
  const whereText = truncateToWidth(m, where, 'sans', 7.5, col.w);
  items.push(left(m, whereText, 'sans', 7.5, col.x, cy));
  cy += m.lineHeight('sans', 7.5);
  items.push(left(m, truncateToWidth(m, year, 'sans', 7.5, col.w), 'sans', 7.5, col.x, cy));
  cy += m.lineHeight('sans', 7.5) + 0.6;

  const module = fitModuleWidth(r.cardNumber, col.w, ctx.moduleWidth);
  if (module === null) throw new AppError('CARD_NUMBER_TOO_LONG', `Số thẻ "${r.cardNumber}" quá dài để in mã vạch trên thẻ.`);
  const barcode = code128Geometry(r.cardNumber, module);
  const codeSize = 7;
  const codeH = m.lineHeight('sans', codeSize);
  const bottom = inner.y + inner.h;
  const barH = Math.min(10, bottom - codeH - 0.3 - cy);
  if (barH < 5) throw new AppError('CARD_LAYOUT', 'Thẻ không đủ chỗ cho mã vạch.');
  const barY = bottom - codeH - 0.3 - barH;
  items.push({ kind: 'bars', x: col.x + (col.w - barcode.width) / 2, y: barY, w: barcode.width, h: barH, barcode });
  items.push(centred(m, r.cardNumber, 'sans', codeSize, col, bottom - codeH));
  return items;
}

/** Greedy word wrap at `size`. */
export function wrapText(m: TextMeasure, text: string, font: FontName, size: number, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (!line || m.width(next, font, size) <= width) line = next;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => truncateToWidth(m, l, font, size, width));
}

/** The back of a card: the library rules (nội quy), shrunk until they fit, and the principal's signature line. */
export function layoutCardBack(ctx: CardContext, card: Box, rules: readonly string[]): LayoutItem[] {
  const m = ctx.measure;
  const inner = insetBox(card, 3.5, 2.5);
  const items: LayoutItem[] = [
    { kind: 'rect', x: card.x + 0.8, y: card.y + 0.8, w: card.w - 1.6, h: card.h - 1.6, radius: 2.5, lineWidth: 0.2, color: '#1f4e79' },
    centred(m, 'NỘI QUY THƯ VIỆN', 'sansBold', 9, inner, inner.y),
  ];
  // Signature block, bottom right: "HIỆU TRƯỞNG", room to sign, the principal's name.
  const sign: Box = { x: inner.x + inner.w * 0.55, y: 0, w: inner.w * 0.45, h: 0 };
  const nameH = ctx.principal ? m.lineHeight('sansBold', 6.5) : 0;
  const signTop = inner.y + inner.h - nameH - 6 - m.lineHeight('sansBold', 6.5);
  items.push(centred(m, 'HIỆU TRƯỞNG', 'sansBold', 6.5, sign, signTop));
  if (ctx.principal) {
    const name = truncateToWidth(m, ctx.principal, 'sansBold', 6.5, sign.w);
    items.push(centred(m, name, 'sansBold', 6.5, sign, inner.y + inner.h - nameH));
  }
  const top = inner.y + m.lineHeight('sansBold', 9) + 0.8;
  const bottom = signTop - 0.5;
  for (let size = 8; size >= 4.5; size -= 0.25) {
    const lh = m.lineHeight('sans', size);
    const gap = size * 0.05;
    const blocks = rules.filter((r) => r.trim()).map((r, i) => wrapText(m, `${i + 1}. ${r}`, 'sans', size, inner.w));
    const total = blocks.reduce((n, b) => n + b.length * lh + gap, 0);
    if (total <= bottom - top || size <= 4.5) {
      let y = top;
      for (const b of blocks) {
        for (const line of b) {
          if (y + lh > bottom + 1e-6) break;
          items.push(left(m, line, 'sans', size, inner.x, y));
          y += lh;
        }
        y += gap;
      }
      break;
    }
  }
  return items;
}

/** Crop marks around the grid, on every cut line, outside the cards. */
export function cropMarks(sheet: LabelSheet, offset: Offset): LayoutItem[] {
  const items: LayoutItem[] = [];
  const x0 = sheet.marginLeft + offset.dx;
  const y0 = sheet.marginTop + offset.dy;
  const x1 = x0 + (sheet.columns - 1) * sheet.pitchX + sheet.labelWidth;
  const y1 = y0 + (sheet.rows - 1) * sheet.pitchY + sheet.labelHeight;
  const gap = 2;
  const len = Math.max(2, Math.min(7, Math.min(sheet.marginLeft, sheet.marginTop) - gap - 1));
  const xs = new Set<number>();
  for (let c = 0; c < sheet.columns; c++) {
    xs.add(x0 + c * sheet.pitchX);
    xs.add(x0 + c * sheet.pitchX + sheet.labelWidth);
  }
  const ys = new Set<number>();
  for (let r = 0; r < sheet.rows; r++) {
    ys.add(y0 + r * sheet.pitchY);
    ys.add(y0 + r * sheet.pitchY + sheet.labelHeight);
  }
  for (const x of xs) {
    items.push({ kind: 'line', x, y: y0 - gap - len, w: 0, h: len, lineWidth: 0.15 });
    items.push({ kind: 'line', x, y: y1 + gap, w: 0, h: len, lineWidth: 0.15 });
  }
  for (const y of ys) {
    items.push({ kind: 'line', x: x0 - gap - len, y, w: len, h: 0, lineWidth: 0.15 });
    items.push({ kind: 'line', x: x1 + gap, y, w: len, h: 0, lineWidth: 0.15 });
  }
  return items;
}

/** Mirror of a cell for the back side (long-edge duplex): same row, column reversed. */
export function mirroredCell(sheet: LabelSheet, index: number): number {
  const col = index % sheet.columns;
  const row = Math.floor(index / sheet.columns);
  return row * sheet.columns + (sheet.columns - 1 - col);
}

/** Card pages: fronts, each followed by its back page when `rules` are given. */
export function* layoutCardPages(ctx: CardContext, readers: readonly CardReader[], offset: Offset, rules: readonly string[] | null): Generator<LayoutPage & { side: 'front' | 'back' }> {
  const sheet = CARD_SHEET;
  const per = labelsPerSheet(sheet);
  for (let p = 0; p * per < readers.length; p++) {
    const chunk = readers.slice(p * per, (p + 1) * per);
    const cells: LabelCell[] = chunk.map((r, i) => {
      const box = cellBox(sheet, i, offset);
      return { index: i, box, items: layoutCardFront(ctx, box, r) };
    });
    yield { side: 'front', cells, items: cropMarks(sheet, offset) };
    if (rules) {
      // The back page is printed with the same offset mirrored horizontally (the sheet is turned over).
      const back: Offset = { dx: -offset.dx, dy: offset.dy };
      const backCells: LabelCell[] = chunk.map((_r, i) => {
        const index = mirroredCell(sheet, i);
        const box = cellBox(sheet, index, back);
        return { index, box, items: layoutCardBack(ctx, box, rules) };
      });
      yield { side: 'back', cells: backCells, items: cropMarks(sheet, back) };
    }
  }
}

export interface CardPdfOptions {
  file: string;
  readers: readonly CardReader[];
  managingBody: string;
  schoolName: string;
  schoolYear: string;
  principal?: string;
  offset: Offset;
  rules: readonly string[] | null;
  moduleWidth?: number;
  progress?: (done: number, total: number) => void;
}

export async function writeCardPdf(o: CardPdfOptions): Promise<{ path: string; bytes: number; pages: number }> {
  if (!o.readers.length) throw new AppError('NOTHING_TO_PRINT', 'Không có bạn đọc nào để in thẻ.');
  const pdf = createPdfFile({ file: o.file, size: 'A4', margin: 0, title: 'Thẻ thư viện' });
  const ctx: CardContext = {
    measure: pdfMeasure(pdf.doc), managingBody: o.managingBody, schoolName: o.schoolName, schoolYear: o.schoolYear, principal: o.principal,
    moduleWidth: o.moduleWidth ?? DEFAULT_MODULE_MM,
  };
  let done = 0;
  try {
    for (const page of layoutCardPages(ctx, o.readers, o.offset, o.rules)) {
      pdf.doc.addPage({ size: [mm(CARD_SHEET.pageWidth), mm(CARD_SHEET.pageHeight)], margin: 0 });
      drawPage(pdf.doc, page);
      if (page.side === 'front') {
        done += page.cells.length;
        o.progress?.(done, o.readers.length);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  } catch (error) {
    await pdf.finish().catch(() => undefined);
    fs.rmSync(o.file, { force: true });
    throw error;
  }
  return pdf.finish();
}
