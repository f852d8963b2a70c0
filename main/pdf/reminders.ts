import { formatAmount } from '../../shared/number-words';
import path from 'node:path';
import type { SchoolInfo } from '../../shared/contract/settings';
import type { FileResult } from '../../shared/contract/define';
import { formatDate, todayIso } from '../../shared/dates';
import { compareVi } from '../../shared/text';
import { exportsDirIn } from '../paths';
import { createPdfFile, exportFileName, mm } from './document';
import { placeAndDate } from './registers/blocks';
import { readerSlipsOnA4 } from './slips';
import { fitText } from './text-fit';

export interface ReminderLine {
  readerId: number; readerName: string; className: string; department: string; copyCode: string; title: string; dueAt: string; overdueDays: number;
}

/** Where and when a list is printed: the data folder (its exports folder gets the file) and the clock. */
export interface ExportTarget {
  dataDir: string;
  now(): Date;
}

/**
 * Phiếu nhắc trả sách: one slip per reader, three per A4 page with cut lines between them, in class
 * order (then department) so the cut slips can be handed to each form teacher (slips.ts `readerSlipsOnA4`).
 */
export async function remindersPdf(ctx: ExportTarget, school: SchoolInfo, lines: ReminderLine[], label: string): Promise<FileResult> {
  const fileName = exportFileName(`Phieu-nhac-tra-sach-${label}`, 'pdf', ctx.now());
  const file = path.join(exportsDirIn(ctx.dataDir), fileName);
  const pdf = createPdfFile({ file, title: 'Phiếu nhắc trả sách', subject: school.schoolName, margin: 12 });
  const { doc } = pdf;
  const readers = readerSlipsOnA4(doc, school, todayIso(ctx.now()), lines, {
    heading: 'PHIẾU NHẮC TRẢ SÁCH',
    verb: 'nhắc',
    intro: (books) => `hiện còn mượn ${books.length} cuốn sách đã quá hạn trả:`,
    cols: [{ w: 10, t: 'STT' }, { w: 28, t: 'Số ĐKCB' }, { w: 92, t: 'Tên sách', left: true }, { w: 26, t: 'Hạn trả' }, { w: 30, t: 'Số ngày quá hạn' }],
    row: (b, k) => [String(k + 1), b.copyCode, b.title, formatDate(b.dueAt, school.dateStyle), formatAmount(b.overdueDays)],
    closing: () => 'Đề nghị mang sách đến trả thư viện sớm nhất. Nếu làm mất sách, hãy báo với cán bộ thư viện để đền sách theo nội quy.',
  });
  if (!readers) {
    doc.addPage();
    doc.font('serif').fontSize(12).text('Không có bạn đọc nào quá hạn trả sách.', mm(12), mm(20));
  }
  const done = await pdf.finish();
  return { fileName, path: done.path, pages: done.pages, bytes: done.bytes };
}

/** Narrowest column of one title on the class-set list (mm): 18 titles fit one landscape page. */
const MIN_TITLE_COLUMN = 11;
const SHORT_NAMES: [RegExp, string][] = [
  [/Khoa học tự nhiên/g, 'KHTN'], [/Lịch sử và Địa lí/g, 'LS và ĐL'], [/Giáo dục công dân/g, 'GDCD'], [/Giáo dục thể chất/g, 'GDTC'],
  [/Giáo dục địa phương/g, 'GDĐP'], [/Hoạt động trải nghiệm, hướng nghiệp/g, 'HĐTN, HN'], [/Hoạt động trải nghiệm/g, 'HĐTN'],
  [/Tiếng Anh/g, 'T. Anh'], [/Công nghệ/g, 'C. nghệ'], [/Tập một/gi, 'T1'], [/Tập hai/gi, 'T2'], [/\s*\([^)]*\)/g, ''],
];
/** A textbook's column heading on the class-set list: the usual school abbreviations ("KHTN 7", "Toán 7, T1"). */
export function shortTitle(title: string): string {
  return SHORT_NAMES.reduce((t, [re, short]) => t.replace(re, short), title).trim();
}

export interface ClassSetRow { readerId: number; fullName: string; className: string; code: string; title: string; volume: string; returnedAt: string | null }

/** Danh sách mượn sách giáo khoa của lớp: one row per student, the ĐKCB of each title, a signature box. */
export async function classSetListPdf(ctx: ExportTarget, school: SchoolInfo, classSet: string, rows: ClassSetRow[]): Promise<FileResult> {
  const fileName = exportFileName(`Danh-sach-muon-${classSet}`, 'pdf', ctx.now());
  const file = path.join(exportsDirIn(ctx.dataDir), fileName);
  const pdf = createPdfFile({ file, title: `Danh sách mượn ${classSet}`, subject: school.schoolName, landscape: true, margin: 10 });
  const { doc } = pdf;
  const titles = [...new Set(rows.map((r) => (r.volume ? `${r.title}, ${r.volume}` : r.title)))].sort(compareVi);
  const readers = new Map<number, { fullName: string; codes: Map<string, string>; returned: number; total: number }>();
  for (const r of rows) {
    const e = readers.get(r.readerId) ?? { fullName: r.fullName, codes: new Map(), returned: 0, total: 0 };
    e.codes.set(r.volume ? `${r.title}, ${r.volume}` : r.title, r.code);
    e.total++;
    if (r.returnedAt) e.returned++;
    readers.set(r.readerId, e);
  }
  const list = [...readers.values()].sort((a, b) => compareVi(a.fullName.split(' ').pop()!, b.fullName.split(' ').pop()!) || compareVi(a.fullName, b.fullName));
  // Every title on one landscape page (abbreviated headers, codes shrunk to their column), so each student signs once;
  // only a set of more than MAX_TITLES titles goes on over a second column page.
  const pageW = 297 - 20;
  const fixed = [8, 46];
  const sign = 24;
  const room = pageW - fixed[0] - fixed[1] - sign;
  const perPageTitles = Math.max(1, Math.min(titles.length, Math.floor(room / MIN_TITLE_COLUMN)));
  const chunks: string[][] = [];
  for (let i = 0; i < titles.length; i += perPageTitles) chunks.push(titles.slice(i, i + perPageTitles));
  for (const chunk of chunks) {
    const colW = room / chunk.length;
    let y = 0;
    const header = () => {
      doc.addPage();
      doc.font('serifBold').fontSize(10).text(school.schoolName.toUpperCase(), mm(10), mm(10));
      doc.font('serifBold').fontSize(14).text(`DANH SÁCH MƯỢN SÁCH GIÁO KHOA — ${classSet.toUpperCase()}`, mm(10), mm(16), { width: mm(pageW), align: 'center' });
      y = 26;
      const heads = ['STT', 'Họ và tên', ...chunk.map(shortTitle), 'Ký nhận'];
      const widths = [fixed[0], fixed[1], ...chunk.map(() => colW), sign];
      let x = 10;
      doc.font('sansBold').fontSize(7);
      heads.forEach((h, i) => {
        doc.rect(mm(x), mm(y), mm(widths[i]), mm(14)).lineWidth(0.5).stroke();
        doc.text(h, mm(x + 0.6), mm(y + 1), { width: mm(widths[i] - 1.2), height: mm(12.5), align: 'center', ellipsis: true });
        x += widths[i];
      });
      y += 14;
    };
    header();
    list.forEach((r, i) => {
      if (y + 6.5 > 210 - 12) header();
      const cells = [String(i + 1), r.fullName, ...chunk.map((t) => r.codes.get(t) ?? '—'), r.returned === r.total ? 'Đã trả' : ''];
      const widths = [fixed[0], fixed[1], ...chunk.map(() => colW), sign];
      let x = 10;
      cells.forEach((c, k) => {
        doc.rect(mm(x), mm(y), mm(widths[k]), mm(6.5)).lineWidth(0.5).stroke();
        doc.font(k >= 2 ? 'sans' : 'serif');
        // A code shrinks to its column rather than lose characters: "SGK000123" must stay whole to be checked.
        const f = fitText(doc, c, mm(widths[k] - 1.2), k >= 2 ? 8 : 10);
        doc.fontSize(f.size).text(f.text, mm(x + 0.6), mm(y + 1.6 + (k >= 2 ? (8 - f.size) * 0.12 : 0)), { width: mm(widths[k] - 1.2), align: k === 1 ? 'left' : 'center', lineBreak: false });
        x += widths[k];
      });
      y += 6.5;
    });
    doc.font('serif').fontSize(10).text(`Tổng số: ${formatAmount(list.length)} học sinh, ${formatAmount(rows.length)} cuốn.`, mm(10), mm(y + 3));
    if (y + 20 > 210 - 10) {
      doc.addPage();
      y = 10;
    }
    doc.font('serifItalic').text(placeAndDate(school, todayIso(ctx.now())), mm(190), mm(y + 3), { width: mm(90), align: 'center' });
    doc.font('serifBold').text('GIÁO VIÊN CHỦ NHIỆM', mm(20), mm(y + 9), { width: mm(80), align: 'center' });
    doc.font('serifBold').text('CÁN BỘ THƯ VIỆN', mm(190), mm(y + 9), { width: mm(90), align: 'center' });
  }
  const done = await pdf.finish();
  return { fileName, path: done.path, pages: done.pages, bytes: done.bytes };
}
