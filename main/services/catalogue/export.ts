import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FileResult } from '../../../shared/contract/define';
import { todayIso } from '../../../shared/dates';
import { shelfMark } from '../../../shared/shelfmark';
import { exportCopyRows, exportTitleRows } from '../../db/queries/catalogue';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { SOURCE_LABELS } from './import';
import { DATE_FORMAT, excelDate, excelNumber } from '../xlsx-cells';

const STATUS_LABELS: Record<string, string> = { available: 'Sẵn sàng', onLoan: 'Đang mượn', held: 'Đang giữ', withdrawn: 'Đã thanh lọc', lost: 'Mất' };

/**
 * Exports the catalogue to .xlsx: sheet "Đầu sách" (one row per title, with the same headers the import
 * reads) and sheet "Bản sách" (one row per copy with its ĐKCB, status and notes). Streams rows to disk.
 */
export async function exportCatalogue(ctx: ServiceContext, output?: string): Promise<FileResult> {
  const file = output ? path.resolve(output) : path.join(exportsDirIn(ctx.dataDir), `danh-muc-sach-${todayIso(ctx.now())}.xlsx`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sql = ctx.sql;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  wb.creator = 'Kệ Sách';

  const titles = wb.addWorksheet('Đầu sách', { views: [{ state: 'frozen', ySplit: 1 }] });
  titles.columns = [
    ['Mã', 8], ['Loại sách', 10], ['Nhan đề', 45], ['Phụ đề', 20], ['Tập', 10], ['Tác giả', 30], ['Nhà xuất bản', 22], ['Nơi xuất bản', 16],
    ['Năm xuất bản', 8], ['Lần xuất bản', 8], ['Số trang', 8], ['Khổ (cm)', 8], ['Giá tiền', 10], ['ISBN', 16], ['Môn loại', 10],
    ['Ký hiệu tác giả', 10], ['Ký hiệu xếp giá', 16], ['Ngôn ngữ', 8], ['Từ khóa', 20], ['Tóm tắt', 30], ['Khối lớp', 6], ['Môn học', 14],
    ['Số lượng', 8], ['Sẵn sàng', 8],
  ].map(([header, width]) => ({ header: header as string, width: width as number }));
  for (const key of [9, 10, 11, 21, 23, 24]) titles.getColumn(key).numFmt = '0';
  titles.getColumn(13).numFmt = '#,##0';
  titles.getRow(1).font = { bold: true };
  titles.getRow(1).commit();
  let n = 0;
  for (const t of exportTitleRows(sql)) {
    titles.addRow([t.id, t.series_code, t.title, t.subtitle, t.volume, t.authors, t.publisher, t.place_of_publication, excelNumber(t.publication_year),
      excelNumber(t.edition), excelNumber(t.pages), excelNumber(t.size_cm), excelNumber(t.cover_price), t.isbn, t.classification, t.author_mark,
      shelfMark(String(t.classification ?? ''), String(t.author_mark ?? '')), t.language, t.keywords, t.summary, excelNumber(t.grade_level), t.subject,
      t.copies, t.available]).commit();
    if (++n % 500 === 0) await new Promise((r) => setImmediate(r));
  }
  await titles.commit();

  const copies = wb.addWorksheet('Bản sách', { views: [{ state: 'frozen', ySplit: 1 }] });
  copies.columns = [
    ['Số ĐKCB', 14], ['Loại sách', 10], ['Nhan đề', 45], ['Tác giả', 26], ['Năm xuất bản', 8], ['Môn loại', 10], ['Giá tiền', 10],
    ['Phát không / Mua', 10], ['Tình trạng', 12], ['Kho/kệ', 14], ['Số vào sổ tổng quát', 10], ['Ngày vào sổ', 12], ['Nguồn', 12],
    ['Ghi chú', 40], ['Mã đầu sách', 8],
  ].map(([header, width]) => ({ header: header as string, width: width as number }));
  copies.getColumn(5).numFmt = '0';
  copies.getColumn(7).numFmt = '#,##0';
  copies.getColumn(12).numFmt = DATE_FORMAT;
  copies.getRow(1).font = { bold: true };
  copies.getRow(1).commit();
  for (const c of exportCopyRows(sql)) {
    copies.addRow([c.accession_code, c.series_code, c.title, c.authors, excelNumber(c.publication_year), c.classification, excelNumber(c.price),
      c.acquisition_mode === 'free' ? 'Phát không' : 'Mua', STATUS_LABELS[String(c.status)] ?? c.status, c.location, c.register_number,
      excelDate(c.date as string | null), SOURCE_LABELS[String(c.source)] ?? c.source, c.note, c.title_id]).commit();
    if (++n % 500 === 0) await new Promise((r) => setImmediate(r));
  }
  await copies.commit();
  await wb.commit();
  return { fileName: path.basename(file), path: file, bytes: fs.statSync(file).size };
}
