import type { SchoolInfo } from '../../../shared/contract/settings';
import { formatAmount } from '../../../shared/number-words';
import { createPdfFile, forgetWordLayouts, mm } from '../document';
import type { PrintProgress } from '../progress';
import { fitText } from '../text-fit';

/**
 * The register renderer: every sổ and bảng kê is one or more ruled tables laid out like the paper book.
 * Pagination is computed before anything is drawn (fixed row heights), so "Trang x / y" is exact and
 * the document streams to disk page by page. Data rows are single lines: text shrinks, then truncates
 * with an ellipsis, and never wraps.
 */

export interface TableColumn {
  title: string;
  /** Header groups above the title, outermost first (e.g. ['Lý do xuất', 'Mất']). */
  path?: string[];
  /** Width in mm; the last column may be 0 to take the rest. */
  width: number;
  align?: 'left' | 'right' | 'center';
  /** Numeric column summed in the "Mang sang" / "Cộng" rows. */
  total?: boolean;
  /** Numbers shown as amounts (12.340.000). */
  money?: boolean;
}

export type Cell = string | number | null | undefined;
export type TableRow = Cell[] | { span: string; bold?: boolean };

/** A fixed-height block drawn with the table (intro text, signatures). */
export interface Block {
  height: number;
  draw(doc: PDFKit.PDFDocument, x: number, y: number, width: number): void;
}

/**
 * Rows read while the pages are drawn, so a long list is never held whole: how many there will be (the
 * pages are counted from that before drawing), then the rows in order, a chunk at a time.
 */
export interface RowStream {
  count: number;
  chunks: AsyncIterable<TableRow[]>;
}

export interface TableSection {
  /** Shown above the table on every page of the section ("PHẦN I — NHẬP KHO"). */
  heading?: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Print "Mang sang" at the top of continuation pages and "Cộng" at the foot of each page. */
  carry?: boolean;
  /** Print a final "Tổng cộng" row after the last data row. */
  grandTotal?: boolean;
  /** Row height in mm (default 6). */
  rowHeight?: number;
  fontSize?: number;
  /** Numbered header row "(1) (2) …" like the printed books. */
  numbered?: boolean;
  intro?: Block;
  outro?: Block;
  /**
   * When the outro does not fit below the last rows, this many last rows (e.g. the totals) go with it to the next
   * page instead of the outro standing alone there; 0 (default) moves only the outro.
   */
  keepWithOutro?: number;
}

/** A section whose rows are streamed (the danh sách kiểm kê of a whole collection). */
export type StreamedSection = Omit<TableSection, 'rows'> & { rows: RowStream };

type AnySection = TableSection | StreamedSection;

export interface CoverSpec {
  title: string;
  lines: string[];
}

export interface RegisterDocumentSpec {
  file: string;
  title: string;
  landscape?: boolean;
  school: SchoolInfo;
  cover?: CoverSpec;
  /** No running header on the very first page (a minute that opens with its own official header). */
  plainFirstPage?: boolean;
  /** Top-right of every page, e.g. "Loại sách: Sách tham khảo". */
  subtitle?: string;
  sections: AnySection[];
  /** Told how far the rows are; a cancelled job throws from it, which stops the print. */
  job?: PrintProgress;
  /**
   * Every how many pages pdfkit's per-font word layouts are forgotten (default 200). Each distinct word
   * drawn stays cached until then: forgetting often re-lays out the repeated words (titles, publishers),
   * which cost the Sổ ĐKCB about 10 % of its time at 20; a list whose words are mostly unique (one ĐKCB
   * per line, 100,000 lines) keeps its memory flat with 1.
   */
  forgetLayoutsEvery?: number;
}

const MARGIN = 10;
const RUNNING_HEADER = 14;
const SECTION_HEADING = 7;
const FOOTER = 7;
const HEADER_LEVEL = 8;
const NUMBER_ROW = 4;

interface Geometry {
  width: number;
  height: number;
}

function pageGeometry(landscape: boolean | undefined): Geometry {
  return landscape ? { width: 297, height: 210 } : { width: 210, height: 297 };
}

function headerDepth(columns: TableColumn[]): number {
  return Math.max(...columns.map((c) => (c.path?.length ?? 0))) + 1;
}

function tableHeaderHeight(section: AnySection): number {
  return headerDepth(section.columns) * HEADER_LEVEL + (section.numbered === false ? 0 : NUMBER_ROW);
}

interface PagePlan {
  section: number;
  /** Row range [from, to). */
  from: number;
  to: number;
  first: boolean;
  last: boolean;
  /** Draw the grand total row on this page. */
  grand: boolean;
  /** Draw the outro (signatures) on this page, below the rows. */
  outro: boolean;
  /** A page holding only the outro. */
  outroOnly: boolean;
}

function rowCount(section: AnySection): number {
  return Array.isArray(section.rows) ? section.rows.length : section.rows.count;
}

/** Hands out a section's rows page by page, from an array or pulled from a stream as far as the page needs. */
function rowPager(rows: TableRow[] | RowStream) {
  if (Array.isArray(rows)) return { page: async (from: number, to: number) => rows.slice(from, to), end: () => {} };
  const it = rows.chunks[Symbol.asyncIterator]();
  let buffer: TableRow[] = [];
  let read = 0;
  const short = () => new Error(`Bảng được báo ${rows.count} dòng nhưng nguồn dữ liệu trả về ${read} dòng.`);
  return {
    async page(from: number, to: number): Promise<TableRow[]> {
      while (buffer.length < to - from) {
        const next = await it.next();
        if (next.done) throw short();
        buffer = buffer.length ? buffer.concat(next.value) : next.value;
        read += next.value.length;
      }
      const page = buffer.slice(0, to - from);
      buffer = buffer.slice(to - from);
      return page;
    },
    /** After the last page: a stream that still has rows was miscounted, and the page numbers are wrong. */
    async end() {
      for (let next = await it.next(); !next.done; next = await it.next()) read += next.value.length;
      if (buffer.length || read !== rows.count) throw short();
    },
  };
}

/** Plans every page of a section from fixed heights: deterministic, computed before drawing. */
export function planSection(section: AnySection, sectionIndex: number, geo: Geometry): PagePlan[] {
  const rowH = section.rowHeight ?? 6;
  const usable = geo.height - 2 * MARGIN - RUNNING_HEADER - (section.heading ? SECTION_HEADING : 0) - FOOTER;
  const headerH = tableHeaderHeight(section);
  const pages: PagePlan[] = [];
  let i = 0;
  const n = rowCount(section);
  let grandLeft = !!section.grandTotal;
  do {
    const first = pages.length === 0;
    let space = usable - headerH - (first && section.intro ? section.intro.height : 0);
    if (section.carry) space -= rowH + (first ? 0 : rowH); // "Cộng" always, "Mang sang" after the first page
    const capacity = Math.max(1, Math.floor(space / rowH + 1e-6));
    const take = Math.min(capacity, n - i);
    let used = take;
    const to = i + take;
    let grand = false;
    if (to === n && grandLeft && used < capacity) {
      grand = true;
      grandLeft = false;
      used++;
    }
    pages.push({ section: sectionIndex, from: i, to, first, last: false, grand, outro: false, outroOnly: false });
    i = to;
    if (i >= n && !grandLeft) {
      const left = space - used * rowH;
      if (section.outro) {
        const last = pages[pages.length - 1];
        // The last rows (the totals) go over with the outro rather than leave it alone on the next page.
        const keep = Math.min(section.keepWithOutro ?? 0, last.to - last.from - 1);
        let nextSpace = usable - headerH - (section.carry ? 2 * rowH : 0) - section.outro.height - 4;
        nextSpace -= (keep + (last.grand ? 1 : 0)) * rowH;
        if (left >= section.outro.height + 4) last.outro = true;
        else if (keep > 0 && nextSpace >= 0) {
          last.to -= keep;
          pages.push({ section: sectionIndex, from: n - keep, to: n, first: false, last: false, grand: last.grand, outro: true, outroOnly: false });
          last.grand = false;
        } else pages.push({ section: sectionIndex, from: n, to: n, first: false, last: false, grand: false, outro: true, outroOnly: true });
      }
      break;
    }
  } while (i < n || grandLeft);
  pages[pages.length - 1].last = true;
  return pages;
}

function cellText(col: TableColumn, v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v === 0 && col.total ? '' : col.money || col.total || col.align === 'right' ? formatAmount(v) : String(v);
  return v;
}

function resolveWidths(columns: TableColumn[], total: number): number[] {
  const fixed = columns.reduce((a, c) => a + c.width, 0);
  return columns.map((c, i) => (c.width === 0 || (i === columns.length - 1 && fixed < total) ? c.width + total - fixed : c.width));
}

/** School header at the top left of every page, document title centred, page number in the footer. */
function drawRunningHeader(doc: PDFKit.PDFDocument, spec: RegisterDocumentSpec, geo: Geometry, sub: string) {
  const x = mm(MARGIN), w = mm(geo.width - 2 * MARGIN);
  doc.font('serif').fontSize(8).fillColor('black');
  doc.text(spec.school.managingBody, x, mm(MARGIN), { lineBreak: false });
  doc.font('serifBold').text(spec.school.schoolName, x, mm(MARGIN + 3.4), { lineBreak: false });
  if (sub) {
    doc.font('serifItalic').fontSize(8.5);
    const s = fitText(doc, sub, mm(80), 8.5);
    doc.fontSize(s.size).text(s.text, x + w - mm(80), mm(MARGIN), { width: mm(80), align: 'right', lineBreak: false });
  }
  doc.font('serifBold');
  const title = fitText(doc, spec.title, w - mm(20), 11);
  doc.fontSize(title.size).text(title.text, x, mm(MARGIN + 7.5), { width: w, align: 'center', lineBreak: false });
}

function drawFooter(doc: PDFKit.PDFDocument, geo: Geometry, page: number, pages: number) {
  doc.font('serifItalic').fontSize(9).fillColor('black');
  doc.text(`Trang ${page} / ${pages}`, mm(MARGIN), mm(geo.height - MARGIN - 4), { width: mm(geo.width - 2 * MARGIN), align: 'center', lineBreak: false });
}

function drawTableHeader(doc: PDFKit.PDFDocument, section: AnySection, widths: number[], x0: number, y0: number) {
  const cols = section.columns;
  const depth = headerDepth(cols);
  const xs: number[] = [x0];
  widths.forEach((w, i) => xs.push(xs[i] + w));
  doc.lineWidth(0.6).strokeColor('black');
  const box = (x: number, y: number, w: number, h: number, label: string, bold: boolean) => {
    doc.rect(mm(x), mm(y), mm(w), mm(h)).stroke();
    doc.font(bold ? 'serifBold' : 'serif').fontSize(7.5);
    const th = Math.min(doc.heightOfString(label, { width: mm(w) - 2 }), mm(h) - 1);
    doc.text(label, mm(x) + 1, mm(y) + Math.max(0.5, (mm(h) - th) / 2), { width: mm(w) - 2, height: mm(h) - 1, align: 'center', ellipsis: true });
  };
  const prefix = (i: number, level: number) => (cols[i].path ?? []).slice(0, level + 1).join('\u0000');
  // Drawn column by column (a group just before its first column) so the text reads in the book's order.
  for (let i = 0; i < cols.length; i++) {
    const p = cols[i].path ?? [];
    for (let level = 0; level < p.length; level++) {
      if (i > 0 && (cols[i - 1].path ?? []).length > level && prefix(i - 1, level) === prefix(i, level)) continue;
      let j = i + 1;
      while (j < cols.length && (cols[j].path ?? []).length > level && prefix(j, level) === prefix(i, level)) j++;
      box(xs[i], y0 + level * HEADER_LEVEL, xs[j] - xs[i], HEADER_LEVEL, p[level], true);
    }
    box(xs[i], y0 + p.length * HEADER_LEVEL, widths[i], (depth - p.length) * HEADER_LEVEL, cols[i].title, p.length === 0);
  }
  if (section.numbered !== false) {
    const y = y0 + depth * HEADER_LEVEL;
    doc.font('serifItalic').fontSize(7);
    cols.forEach((_c, i) => {
      doc.rect(mm(xs[i]), mm(y), mm(widths[i]), mm(NUMBER_ROW)).stroke();
      doc.text(`(${i + 1})`, mm(xs[i]), mm(y) + 2, { width: mm(widths[i]), align: 'center', lineBreak: false });
    });
  }
}

interface RowDrawer {
  draw(row: TableRow, y: number, bold?: boolean): void;
}

function rowDrawer(doc: PDFKit.PDFDocument, section: AnySection, widths: number[], x0: number): RowDrawer {
  const rowH = section.rowHeight ?? 6;
  const size = section.fontSize ?? 8.5;
  const xs: number[] = [x0];
  widths.forEach((w, i) => xs.push(xs[i] + w));
  const total = xs[xs.length - 1] - x0;
  const pad = 0.8;
  // One baseline per row whatever size a cell shrank to, so text extraction keeps the row on one line.
  const ASCENT = 0.891;
  const topFor = (rowTop: number, h: number, s: number) => rowTop + h / 2 + size * 0.35 - ASCENT * s;
  return {
    draw(row, y, bold) {
      const top = mm(y), h = mm(rowH);
      if (!Array.isArray(row)) {
        doc.font(row.bold === false ? 'serif' : 'serifBold');
        const f = fitText(doc, row.span, mm(total - 2 * pad), size);
        doc.fontSize(f.size).text(f.text, mm(x0 + pad), topFor(top, h, f.size), { lineBreak: false });
        return;
      }
      doc.font(bold ? 'serifBold' : 'serif');
      row.forEach((v, i) => {
        const col = section.columns[i];
        if (!col) return;
        const s = cellText(col, v);
        if (!s) return;
        const avail = mm(widths[i] - 2 * pad);
        const f = fitText(doc, s, avail, size);
        doc.fontSize(f.size);
        const align = col.align ?? (typeof v === 'number' ? 'right' : 'left');
        const x = align === 'right' ? mm(xs[i + 1] - pad) - f.w : align === 'center' ? mm(xs[i]) + (mm(widths[i]) - f.w) / 2 : mm(xs[i] + pad);
        doc.text(f.text, x, topFor(top, h, f.size), { lineBreak: false });
      });
    },
  };
}

/** Ruled grid for `count` rows from y: one line per row boundary and one per column boundary. */
function drawGrid(doc: PDFKit.PDFDocument, widths: number[], x0: number, y0: number, rowH: number, rows: { y: number; span: boolean }[]) {
  const xs: number[] = [x0];
  widths.forEach((w, i) => xs.push(xs[i] + w));
  const right = xs[xs.length - 1];
  doc.lineWidth(0.4).strokeColor('black');
  if (rows.length === 0) return;
  for (const r of rows) {
    doc.moveTo(mm(x0), mm(r.y + rowH)).lineTo(mm(right), mm(r.y + rowH));
    doc.moveTo(mm(x0), mm(r.y)).lineTo(mm(x0), mm(r.y + rowH));
    doc.moveTo(mm(right), mm(r.y)).lineTo(mm(right), mm(r.y + rowH));
  }
  // Column lines: continuous runs, broken only where a spanning row sits.
  let runStart: number | null = null;
  const flush = (end: number) => {
    if (runStart === null) return;
    for (let i = 1; i < xs.length - 1; i++) doc.moveTo(mm(xs[i]), mm(runStart)).lineTo(mm(xs[i]), mm(end));
    runStart = null;
  };
  for (const r of rows) {
    if (r.span) flush(r.y);
    else if (runStart === null) runStart = r.y;
  }
  flush(rows[rows.length - 1].y + rowH);
  doc.stroke();
  void y0;
}

function addTotals(acc: number[], row: TableRow, columns: TableColumn[]) {
  if (!Array.isArray(row)) return;
  columns.forEach((c, i) => {
    if (c.total && typeof row[i] === 'number') acc[i] += row[i] as number;
  });
}

function totalsRow(label: string, acc: number[], columns: TableColumn[]): Cell[] {
  return columns.map((c, i) => (c.total ? acc[i] : i === 0 ? label : null));
}

function drawCover(doc: PDFKit.PDFDocument, spec: RegisterDocumentSpec, geo: Geometry) {
  const cover = spec.cover!;
  const w = mm(geo.width - 2 * MARGIN);
  doc.lineWidth(2).rect(mm(MARGIN), mm(MARGIN), w, mm(geo.height - 2 * MARGIN)).stroke();
  doc.lineWidth(0.6).rect(mm(MARGIN + 2), mm(MARGIN + 2), w - mm(4), mm(geo.height - 2 * MARGIN - 4)).stroke();
  doc.font('serif').fontSize(13).text(spec.school.managingBody, mm(MARGIN), mm(MARGIN + 12), { width: w, align: 'center' });
  doc.font('serifBold').fontSize(14).text(spec.school.schoolName, mm(MARGIN), mm(MARGIN + 19), { width: w, align: 'center' });
  doc.font('serifBold').fontSize(26).text(cover.title, mm(MARGIN + 10), mm(geo.height * 0.36), { width: w - mm(20), align: 'center' });
  let y = doc.y + 18;
  doc.font('serif').fontSize(15);
  for (const line of cover.lines) {
    doc.text(line, mm(MARGIN + 10), y, { width: w - mm(20), align: 'center' });
    y += 24;
  }
}

/** Writes the document; returns the file facts. */
export async function renderRegister(spec: RegisterDocumentSpec): Promise<{ path: string; bytes: number; pages: number }> {
  const geo = pageGeometry(spec.landscape);
  const plans = spec.sections.map((s, i) => planSection(s, i, geo));
  const contentPages = plans.reduce((a, p) => a + p.length, 0);
  const totalRows = spec.sections.reduce((a, s) => a + rowCount(s), 0);
  const file = createPdfFile({ file: spec.file, title: spec.title, landscape: spec.landscape, margin: MARGIN });
  const { doc } = file;
  if (spec.cover) {
    doc.addPage();
    drawCover(doc, spec, geo);
  }
  let pageNo = 0;
  let done = 0;
  const x0 = MARGIN;
  const tableWidth = geo.width - 2 * MARGIN;
  for (let s = 0; s < spec.sections.length; s++) {
    const section = spec.sections[s];
    const widths = resolveWidths(section.columns, tableWidth);
    const rowH = section.rowHeight ?? 6;
    const drawer = rowDrawer(doc, section, widths, x0);
    const carried = section.columns.map(() => 0);
    const grand = section.columns.map(() => 0);
    const pager = rowPager(section.rows);
    for (const plan of plans[s]) {
      doc.addPage();
      pageNo++;
      const plain = spec.plainFirstPage && pageNo === 1;
      if (!plain) drawRunningHeader(doc, spec, geo, spec.subtitle ?? '');
      let y = MARGIN + (plain ? 0 : RUNNING_HEADER);
      if (plan.first && section.intro) {
        section.intro.draw(doc, mm(x0), mm(y), mm(tableWidth));
        y += section.intro.height;
      }
      if (section.heading) {
        doc.font('serifBold').fontSize(11).text(plan.first ? section.heading : `${section.heading} (tiếp theo)`, mm(x0), mm(y), {
          width: mm(tableWidth), align: 'center', lineBreak: false,
        });
        y += SECTION_HEADING;
      }
      if (!plan.outroOnly) {
        drawTableHeader(doc, section, widths, x0, y);
        y += tableHeaderHeight(section);
        const gridRows: { y: number; span: boolean }[] = [];
        if (section.carry && !plan.first) {
          drawer.draw(totalsRow('Mang sang', carried, section.columns), y, true);
          gridRows.push({ y, span: false });
          y += rowH;
        }
        const pageRows = await pager.page(plan.from, plan.to);
        for (const row of pageRows) {
          drawer.draw(row, y);
          gridRows.push({ y, span: !Array.isArray(row) });
          addTotals(carried, row, section.columns);
          addTotals(grand, row, section.columns);
          y += rowH;
          done++;
          if (done % 50 === 0) {
            spec.job?.progress(done, totalRows);
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        if (section.carry) {
          drawer.draw(totalsRow('Cộng', carried, section.columns), y, true);
          gridRows.push({ y, span: false });
          y += rowH;
        }
        if (plan.grand) {
          drawer.draw(totalsRow('Tổng cộng', grand, section.columns), y, true);
          gridRows.push({ y, span: false });
          y += rowH;
        }
        drawGrid(doc, widths, x0, y, rowH, gridRows);
      }
      if (plan.outro && section.outro) section.outro.draw(doc, mm(x0), mm(y + 4), mm(tableWidth));
      drawFooter(doc, geo, pageNo, contentPages);
      if (pageNo % (spec.forgetLayoutsEvery ?? 200) === 0) forgetWordLayouts(doc);
    }
    await pager.end();
  }
  spec.job?.progress(totalRows, totalRows);
  return file.finish();
}
