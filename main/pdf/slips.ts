import type { SchoolInfo } from '../../shared/contract/settings';
import { compareVi } from '../../shared/text';
import { mm } from './document';
import { officialHeader, placeAndDate } from './registers/blocks';
import type { Block } from './registers/table';

/**
 * Slips for readers cut from A4 (phiếu nhắc trả sách, phiếu báo sách đã về): three a page, dashed cut lines between
 * them, in class order then department, so the cut slips can be handed to each form teacher.
 */
const SLIP = { height: 88, gap: 4, x: 12, width: 210 - 24, perPage: 3 } as const;

/** The group a reader's slip goes to: the class (students), the department (staff). */
const slipGroup = (r: { className: string; department: string }): string => r.className || r.department || 'Khác';

/** Class (or department) order, then given name (the last word), as the class lists are read. */
function bySlipGroup(a: { className: string; department: string; readerName: string }, b: { className: string; department: string; readerName: string }): number {
  return compareVi(slipGroup(a), slipGroup(b)) || compareVi(a.readerName.split(' ').pop()!, b.readerName.split(' ').pop()!) || compareVi(a.readerName, b.readerName);
}

/** The school and "THƯ VIỆN" left, the national motto right, sized for a slip. */
const slipHeader = (school: SchoolInfo): Block =>
  officialHeader({ managingBody: school.managingBody.toUpperCase(), schoolName: school.schoolName.toUpperCase() }, { unit: 'THƯ VIỆN', size: 9 });

/**
 * Lays out `count` slips three to an A4 page, pages filled (a class with one reader does not take a page of its own).
 * `draw(i, top)` draws slip i with its top edge `top` mm from the page's top, between SLIP.x and SLIP.x + SLIP.width.
 */
function slipsOnA4(doc: PDFKit.PDFDocument, count: number, draw: (i: number, top: number) => void): void {
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
function librarianSignature(doc: PDFKit.PDFDocument, school: SchoolInfo, todayIso: string, top: number, after: number): void {
  const x = SLIP.x + 96;
  const signTop = Math.max(top + SLIP.height - 17, after + 1);
  doc.font('serifItalic').fontSize(10).text(placeAndDate(school, todayIso), mm(x), mm(signTop), { width: mm(90), align: 'center' });
  doc.font('serifBold').fontSize(10).text('CÁN BỘ THƯ VIỆN', mm(x), mm(signTop + 4.5), { width: mm(90), align: 'center' });
  if (school.librarian) doc.font('serif').text(school.librarian, mm(x), mm(top + SLIP.height - 4), { width: mm(90), align: 'center' });
}

/** A small table of books on a slip: a header row, then rows; returns the y (mm) under it. */
function slipTable(doc: PDFKit.PDFDocument, cols: SlipColumn[], rows: string[][], y: number): number {
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

/** A column of a slip's table: width (mm), heading, left-aligned or centred. */
export interface SlipColumn { w: number; t: string; left?: boolean }

/** What a reader's slip is about: one line per book, the reader named on each. */
export interface SlipLine { readerId: number; readerName: string; className: string; department: string }

/** The words and table of one kind of reader's slip (phiếu nhắc trả sách, phiếu báo sách đã về). */
export interface ReaderSlipKind<L extends SlipLine> {
  /** "PHIẾU NHẮC TRẢ SÁCH". */
  heading: string;
  /** What the library does to the reader: "nhắc" → "Thư viện nhắc em: <tên>, lớp 7A2". */
  verb: string;
  /** The sentence before the table; `you` is "em" for a pupil, "thầy/cô" for staff. */
  intro(books: L[], you: string): string;
  cols: SlipColumn[];
  row(book: L, index: number): string[];
  /** The sentence under the table. */
  closing(you: string): string;
}

/** Book rows a slip has room for before "… và N cuốn khác", keeping the signature block clear of the text. */
const SLIP_MAX_LINES = 4;
const PT_PER_MM = mm(1);

/**
 * One slip per reader, three to an A4 page with cut lines, in class order (then department) so the cut slips can be
 * handed to each form teacher: the header, the heading, whom it is for, the books (at most four, then "… và N cuốn
 * khác"), the closing sentence and the librarian's signature under it. Returns the number of readers (0: no page added).
 */
export function readerSlipsOnA4<L extends SlipLine>(doc: PDFKit.PDFDocument, school: SchoolInfo, todayIso: string, lines: L[], kind: ReaderSlipKind<L>): number {
  const byReader = new Map<number, L[]>();
  for (const l of lines) byReader.set(l.readerId, [...(byReader.get(l.readerId) ?? []), l]);
  const readers = [...byReader.values()].sort((a, b) => bySlipGroup(a[0], b[0]));
  const { x, width: W } = SLIP;
  const header = slipHeader(school);
  slipsOnA4(doc, readers.length, (i, top) => {
    const books = readers[i];
    const who = books[0];
    const you = who.className ? 'em' : 'thầy/cô';
    header.draw(doc, mm(x), mm(top), mm(W));
    doc.font('serifBold').fontSize(14).text(kind.heading, mm(x), mm(top + 14), { width: mm(W), align: 'center' });
    doc.font('serif').fontSize(11).text(`Thư viện ${kind.verb} ${you}: `, mm(x), mm(top + 22), { continued: true })
      .font('serifBold').text(who.readerName, { continued: true }).font('serif')
      .text(who.className ? `, lớp ${who.className}` : who.department ? `, tổ ${who.department}` : '');
    doc.text(kind.intro(books, you), mm(x), mm(top + 27.5));
    let y = slipTable(doc, kind.cols, books.slice(0, SLIP_MAX_LINES).map((b, k) => kind.row(b, k)), top + 33);
    if (books.length > SLIP_MAX_LINES) {
      doc.font('serifItalic').fontSize(9).text(`… và ${books.length - SLIP_MAX_LINES} cuốn khác.`, mm(x), mm(y + 0.8));
      y += 4.5;
    }
    doc.font('serif').fontSize(10.5).text(kind.closing(you), mm(x), mm(y + 1.5), { width: mm(W) });
    // The date and signature title go below the closing sentence, never over it (a full table pushes them down).
    librarianSignature(doc, school, todayIso, top, doc.y / PT_PER_MM);
  });
  return readers.length;
}
