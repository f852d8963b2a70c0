import path from 'node:path';
import type { FileResult } from '../../shared/contract/define';
import type { SchoolInfo } from '../../shared/contract/settings';
import { formatDate, todayIso } from '../../shared/dates';
import { exportsDirIn } from '../paths';
import { code128Geometry, drawBars, fitModuleWidth } from './barcode';
import { createPdfFile, exportFileName, mm } from './document';
import type { ExportTarget } from './reminders';
import { readerSlipsOnA4 } from './slips';
import { fitText } from './text-fit';

/** A ready hold: the copy on the hold shelf, who it waits for and until when (ISO date). */
export interface HoldRow {
  readerId: number; readerName: string; className: string; department: string;
  title: string; copyCode: string; holdUntil: string;
}

/** "7A2", or the department for staff: what follows the name on a slip. */
const group = (r: HoldRow): string => r.className || r.department;

/** Phiếu giữ sách: A6, one per ready hold, to put in the book on the hold shelf. */
const SLIP_PAGE: [number, number] = [105, 148];
/** Preferred Code 128 module (mm): the labels' default, readable by any desk scanner. */
const MODULE_MM = 0.33;

/**
 * Phiếu giữ sách, one small page (A6) per ready hold: the title, its ĐKCB, "Giữ cho <name> — <class>",
 * "đến hết dd/mm/yyyy" and the copy's code as a Code 128 barcode, so the slip in the book says at a glance
 * whose it is and how long it waits.
 */
export async function holdSlipsPdf(ctx: ExportTarget, school: SchoolInfo, holds: HoldRow[]): Promise<FileResult> {
  const fileName = exportFileName(holds.length === 1 ? `Phieu-giu-sach-${holds[0].copyCode}` : 'Phieu-giu-sach', 'pdf', ctx.now());
  const file = path.join(exportsDirIn(ctx.dataDir), fileName);
  const pdf = createPdfFile({ file, title: 'Phiếu giữ sách', subject: school.schoolName, size: SLIP_PAGE, margin: 6 });
  const { doc } = pdf;
  const [pageW] = SLIP_PAGE;
  const x = 8, w = pageW - 16;
  for (const h of holds) {
    doc.addPage();
    doc.fillColor('black');
    doc.font('serifBold').fontSize(9).text(`THƯ VIỆN ${school.schoolName.toUpperCase()}`, mm(x), mm(8), { width: mm(w), align: 'center' });
    doc.font('serifBold').fontSize(16).text('PHIẾU GIỮ SÁCH', mm(x), mm(16), { width: mm(w), align: 'center' });
    doc.font('serifBold').fontSize(12).text(h.title, mm(x), mm(26), { width: mm(w), align: 'center', height: mm(16), ellipsis: true });
    doc.font('serif').fontSize(11).text(`Số ĐKCB: ${h.copyCode}`, mm(x), mm(43), { width: mm(w), align: 'center' });
    doc.moveTo(mm(x), mm(50)).lineTo(mm(x + w), mm(50)).lineWidth(0.5).strokeColor('black').stroke();
    const who = `Giữ cho ${h.readerName}${group(h) ? ` — ${group(h)}` : ''}`;
    const fit = fitText(doc.font('serifBold'), who, mm(w), 15);
    doc.fontSize(fit.size).text(fit.text, mm(x), mm(55), { width: mm(w), align: 'center', lineBreak: false });
    doc.font('serif').fontSize(14).text(`đến hết ${formatDate(h.holdUntil, school.dateStyle)}`, mm(x), mm(64), { width: mm(w), align: 'center' });
    doc.font('serifItalic').fontSize(9.5).text(
      'Quá hạn giữ mà bạn đọc chưa đến nhận, sách được chuyển cho người đặt tiếp theo hoặc trả lên giá.',
      mm(x), mm(74), { width: mm(w), align: 'center' },
    );
    // The copy's code as a barcode: the desk scans the slip or the book alike. A code Code 128 cannot carry is left out.
    let module: number | null = null;
    try {
      module = fitModuleWidth(h.copyCode, w, MODULE_MM);
    } catch {
      module = null;
    }
    if (module) {
      const g = code128Geometry(h.copyCode, module);
      drawBars(doc, g, { x: x + (w - g.width) / 2, y: 90, w: g.width, h: 14 }, mm);
      doc.font('sans').fontSize(9).text(h.copyCode, mm(x), mm(105.5), { width: mm(w), align: 'center' });
    }
    doc.font('serif').fontSize(8.5).fillColor('#444').text(`In ngày ${formatDate(todayIso(ctx.now()), school.dateStyle)}`, mm(x), mm(138), { width: mm(w), align: 'center' });
  }
  if (!holds.length) {
    doc.addPage();
    doc.font('serif').fontSize(11).text('Không có sách nào đang giữ.', mm(x), mm(20), { width: mm(w) });
  }
  const done = await pdf.finish();
  return { fileName, path: done.path, pages: done.pages, bytes: done.bytes };
}

/**
 * Phiếu báo sách đã về: one slip per reader with a ready hold, three to an A4 page with cut lines, in class order (then
 * department), laid out like the phiếu nhắc trả sách (slips.ts `readerSlipsOnA4`) so the form teacher hands them out
 * the same way: the books waiting (ĐKCB, title, until when) and when to come.
 */
export async function arrivalNoticesPdf(ctx: ExportTarget, school: SchoolInfo, holds: HoldRow[], label: string): Promise<FileResult> {
  const fileName = exportFileName(`Phieu-bao-sach-da-ve-${label}`, 'pdf', ctx.now());
  const file = path.join(exportsDirIn(ctx.dataDir), fileName);
  const pdf = createPdfFile({ file, title: 'Phiếu báo sách đã về', subject: school.schoolName, margin: 12 });
  const { doc } = pdf;
  const readers = readerSlipsOnA4(doc, school, todayIso(ctx.now()), holds, {
    heading: 'PHIẾU BÁO SÁCH ĐÃ VỀ',
    verb: 'báo',
    intro: (books, you) => `${books.length === 1 ? 'cuốn sách' : `${books.length} cuốn sách`} ${you} đặt trước đã về, thư viện đang giữ cho ${you}:`,
    cols: [{ w: 10, t: 'STT' }, { w: 28, t: 'Số ĐKCB' }, { w: 108, t: 'Tên sách', left: true }, { w: 40, t: 'Giữ đến hết ngày' }],
    row: (b, k) => [String(k + 1), b.copyCode, b.title, formatDate(b.holdUntil, school.dateStyle)],
    closing: (you) => `Mời ${you} đến thư viện nhận sách trước khi hết hạn giữ. Quá hạn, sách được chuyển cho bạn đọc đặt tiếp theo.`,
  });
  if (!readers) {
    doc.addPage();
    doc.font('serif').fontSize(12).text('Không có sách đặt trước nào đang chờ bạn đọc đến nhận.', mm(12), mm(20));
  }
  const done = await pdf.finish();
  return { fileName, path: done.path, pages: done.pages, bytes: done.bytes };
}
