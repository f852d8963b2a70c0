import type { SchoolInfo } from '../../../shared/contract/settings';
import type { Block } from './table';

/** "Lý Sơn, ngày 26 tháng 11 năm 2026" from the school's place and an ISO date. */
export function placeAndDate(school: SchoolInfo, iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${school.place}, ngày ${d} tháng ${m} năm ${y}`;
}

export interface Signer {
  /** e.g. "NGƯỜI LẬP", "HIỆU TRƯỞNG". */
  role: string;
  /** e.g. "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)". */
  hint: string;
  name?: string;
  /** A small line under the name, e.g. who recorded an approval in the app. */
  note?: string;
}

/** Signature blocks side by side, the place and date above the last one. */
export function signatureBlock(signers: Signer[], placeDate?: string): Block {
  return {
    height: 42,
    draw(doc, x, y, width) {
      const n = signers.length;
      const colW = Math.min(width / n, 200);
      const gap = n > 1 ? (width - colW * n) / (n - 1) : 0;
      signers.forEach((s, i) => {
        const cx = n === 1 ? x + width - colW : x + i * (colW + gap);
        let yy = y;
        if (placeDate && i === n - 1) {
          doc.font('serifItalic').fontSize(10).text(placeDate, cx - 20, yy, { width: colW + 40, align: 'center', lineBreak: false });
        }
        yy += 14;
        doc.font('serifBold').fontSize(10.5).text(s.role, cx, yy, { width: colW, align: 'center', lineBreak: false });
        doc.font('serifItalic').fontSize(9).text(s.hint, cx, yy + 13, { width: colW, align: 'center', lineBreak: false });
        if (s.name) doc.font('serifBold').fontSize(10.5).text(s.name, cx, yy + 80, { width: colW, align: 'center', lineBreak: false });
        if (s.note) doc.font('serifItalic').fontSize(8.5).text(s.note, cx - 10, yy + 94, { width: colW + 20, align: 'center', lineBreak: false });
      });
    },
  };
}

/** Paragraphs of text in a fixed-height block (intro of a biên bản), shrunk to fit. */
export function textBlock(heightMm: number, paragraphs: { text: string; bold?: boolean; italic?: boolean; center?: boolean; size?: number }[]): Block {
  return {
    height: heightMm,
    draw(doc, x, y, width) {
      let yy = y;
      for (const p of paragraphs) {
        doc.font(p.bold ? (p.italic ? 'serifBoldItalic' : 'serifBold') : p.italic ? 'serifItalic' : 'serif').fontSize(p.size ?? 11);
        doc.text(p.text, x, yy, { width, align: p.center ? 'center' : 'justify' });
        yy = doc.y + 2;
      }
    },
  };
}

/**
 * National motto header of an official paper: school left, "CỘNG HÒA…" right. `unit` adds a third line
 * under the school (a slip from "THƯ VIỆN"); `size` scales the lines (10 pt by default).
 */
export function officialHeader(school: Pick<SchoolInfo, 'managingBody' | 'schoolName'>, options: { unit?: string; size?: number } = {}): Block {
  const size = options.size ?? 10;
  const line = size * 1.3;
  return {
    height: options.unit ? 20 : 16,
    draw(doc, x, y, width) {
      const half = width * 0.45;
      doc.font('serif').fontSize(size).text(school.managingBody, x, y, { width: half, align: 'center', lineBreak: false });
      doc.font('serifBold').fontSize(size).text(school.schoolName, x, y + line, { width: half, align: 'center', lineBreak: false });
      if (options.unit) doc.font('serif').fontSize(size).text(options.unit, x, y + 2 * line, { width: half, align: 'center', lineBreak: false });
      doc.font('serifBold').fontSize(size).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', x + width - half - 20, y, { width: half + 20, align: 'center', lineBreak: false });
      doc.font('serifBold').fontSize(size + 0.5).text('Độc lập - Tự do - Hạnh phúc', x + width - half - 20, y + line, { width: half + 20, align: 'center', lineBreak: false });
    },
  };
}

/** Stacks blocks into one. */
export function stack(...blocks: Block[]): Block {
  return {
    height: blocks.reduce((a, b) => a + b.height, 0),
    draw(doc, x, y, width) {
      let yy = y;
      for (const b of blocks) {
        b.draw(doc, x, yy, width);
        yy += (b.height * 72) / 25.4;
      }
    },
  };
}
