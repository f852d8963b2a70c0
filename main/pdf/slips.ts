import type { SchoolInfo } from '../../shared/contract/settings';
import { compareVi } from '../../shared/text';
import { mm } from './document';
import { officialHeader, placeAndDate } from './registers/blocks';
import type { Block } from './registers/table';

/**
 * Slips for readers cut from A4 (phiếu nhắc trả sách, phiếu báo sách đã về): three a page, dashed cut lines between
 * them, in class order then department, so the cut slips can be handed to each form teacher.
 */
export const SLIP = { height: 88, gap: 4, x: 12, width: 210 - 24, perPage: 3 } as const;

/** The group a reader's slip goes to: the class (students), the department (staff). */
export const slipGroup = (r: { className: string; department: string }): string => r.className || r.department || 'Khác';

/** Class (or department) order, then given name (the last word), as the class lists are read. */
export function bySlipGroup(a: { className: string; department: string; readerName: string }, b: { className: string; department: string; readerName: string }): number {
  return compareVi(slipGroup(a), slipGroup(b)) || compareVi(a.readerName.split(' ').pop()!, b.readerName.split(' ').pop()!) || compareVi(a.readerName, b.readerName);
}

/** The school and "THƯ VIỆN" left, the national motto right, sized for a slip. */
export const slipHeader = (school: SchoolInfo): Block =>
  officialHeader({ managingBody: school.managingBody.toUpperCase(), schoolName: school.schoolName.toUpperCase() }, { unit: 'THƯ VIỆN', size: 9 });

/**
 * Lays out `count` slips three to an A4 page, pages filled (a class with one reader does not take a page of its own).
 * `draw(i, top)` draws slip i with its top edge `top` mm from the page's top, between SLIP.x and SLIP.x + SLIP.width.
 */
export function slipsOnA4(doc: PDFKit.PDFDocument, count: number, draw: (i: number, top: number) => void): void {
  for (let i = 0; i < count; i++) {
    const slot = i % SLIP.perPage;
    if (slot === 0) doc.addPage();
    const top = 12 + slot * (SLIP.height + SLIP.gap);
    if (slot > 0) {
      doc.save().moveTo(mm(6), mm(top - 2)).lineTo(mm(204), mm(top - 2)).dash(mm(2), { space: mm(1.5) }).lineWidth(0.5).strokeColor('#888').stroke().restore();
    }
    doc.fillColor('black');
    draw(i, top);
  }
}

/** The date and "CÁN BỘ THƯ VIỆN" at the slip's bottom right, never above `after` mm (the text they follow). */
export function librarianSignature(doc: PDFKit.PDFDocument, school: SchoolInfo, todayIso: string, top: number, after: number): void {
  const x = SLIP.x + 96;
  const signTop = Math.max(top + SLIP.height - 17, after + 1);
  doc.font('serifItalic').fontSize(10).text(placeAndDate(school, todayIso), mm(x), mm(signTop), { width: mm(90), align: 'center' });
  doc.font('serifBold').fontSize(10).text('CÁN BỘ THƯ VIỆN', mm(x), mm(signTop + 4.5), { width: mm(90), align: 'center' });
  if (school.librarian) doc.font('serif').text(school.librarian, mm(x), mm(top + SLIP.height - 4), { width: mm(90), align: 'center' });
}

/** A small table of books on a slip: a header row, then rows; returns the y (mm) under it. */
export function slipTable(doc: PDFKit.PDFDocument, cols: { w: number; t: string; left?: boolean }[], rows: string[][], y: number): number {
  let yy = y;
  const row = (cells: string[], bold: boolean) => {
    let cx = SLIP.x;
    doc.font(bold ? 'serifBold' : 'serif').fontSize(9.5);
    cells.forEach((c, i) => {
      doc.rect(mm(cx), mm(yy), mm(cols[i].w), mm(5.5)).lineWidth(0.5).strokeColor('black').stroke();
      doc.text(c, mm(cx + 1), mm(yy + 1.2), { width: mm(cols[i].w - 2), height: mm(4.5), align: cols[i].left ? 'left' : 'center', lineBreak: false, ellipsis: true });
      cx += cols[i].w;
    });
    yy += 5.5;
  };
  row(cols.map((c) => c.t), true);
  for (const r of rows) row(r, false);
  return yy;
}
