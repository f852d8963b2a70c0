import path from 'node:path';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Statistics } from '../../../shared/contract/reports';
import type { FileResult } from '../../../shared/contract/define';
import { excelDate, MONTH_FORMAT } from '../xlsx-cells';
import { digitalForms, languageLabel, readerKindLabels, readerKinds, type DigitalForm } from '../../../shared/contract/enums';

type Cell = string | number | Date | null;

/** One sheet; a Date cell shows as a month (mm/yyyy), numbers stay numbers with a thousands format. */
function sheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][], widths: number[]) {
  const ws = wb.addWorksheet(name);
  ws.addRow(header).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(r);
    r.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = MONTH_FORMAT;
      else if (typeof v === 'number') row.getCell(i + 1).numFmt = '#,##0';
    });
  }
  ws.columns.forEach((c, i) => (c.width = widths[i] ?? 14));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

/** The statistics as an Excel workbook, one sheet per table (open format for the managing body). */
export async function writeStatisticsXlsx(s: Statistics, file: string): Promise<FileResult> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kệ Sách';
  const series = [...new Set(s.circulation.map((c) => c.series))].sort();
  const rows: Cell[][] = [];
  // Lượt đọc tại chỗ recorded with no reader open at the desk get a row of their own.
  const kinds: string[] = s.circulation.some((c) => c.readerKind === '') ? [...readerKinds, ''] : [...readerKinds];
  for (const m of s.months) {
    for (const k of kinds) {
      const cells = series.map((code) => s.circulation.find((c) => c.month === m && c.readerKind === k && c.series === code));
      const loans = cells.map((c) => c?.loans ?? 0), inLib = cells.map((c) => c?.inLibrary ?? 0);
      rows.push([excelDate(m), k ? readerKindLabels[k as keyof typeof readerKindLabels] : 'Không ghi bạn đọc', ...loans, loans.reduce((a, b) => a + b, 0), ...inLib, inLib.reduce((a, b) => a + b, 0)]);
    }
  }
  sheet(wb, 'Lưu thông', ['Tháng', 'Bạn đọc', ...series.map((x) => `Mượn ${x}`), 'Tổng mượn', ...series.map((x) => `Đọc tại chỗ ${x}`), 'Tổng đọc tại chỗ'], rows, [10, 12]);
  sheet(wb, 'Lượt đến thư viện', ['Tháng', 'Lượt'], s.months.map((m) => [excelDate(m), s.visits.find((v) => v.month === m)?.visits ?? 0]), [10, 10]);
  sheet(wb, 'Sách đọc nhiều', ['Nhan đề', 'Tác giả', 'Lượt mượn'], s.topTitles.map((t) => [t.title, t.authors, t.loans]), [50, 30, 12]);
  sheet(wb, 'Lớp đọc nhiều', ['Lớp', 'Lượt mượn', 'Số học sinh mượn'], s.topClasses.map((c) => [c.className, c.loans, c.readers]), [10, 12, 18]);
  sheet(wb, 'Kho theo loại', ['Mã', 'Loại', 'Đầu sách', 'Bản sách', 'Giá trị (đồng)'], s.collectionBySeries.map((c) => [c.series, c.name, c.titles, c.copies, c.value]), [8, 30, 12, 12, 16]);
  sheet(wb, 'Kho theo môn loại', ['Lớp DDC', 'Tên', 'Bản sách'], s.collectionByClass.map((c) => [c.code, c.label, c.copies]), [10, 40, 12]);
  sheet(wb, 'Kho theo ngôn ngữ', ['Ngôn ngữ', 'Bản sách'], s.collectionByLanguage.map((c) => [languageLabel(c.language), c.copies]), [12, 12]);
  sheet(wb, 'Bổ sung – thanh lọc', ['Loại', 'Nhập (bản)', 'Giá trị nhập', 'Thanh lọc (bản)', 'Giá trị thanh lọc'],
    [...new Set([...s.added.map((a) => a.series), ...s.withdrawn.map((w) => w.series)])].map((code) => {
      const a = s.added.find((x) => x.series === code), w = s.withdrawn.find((x) => x.series === code);
      return [code, a?.copies ?? 0, a?.value ?? 0, w?.copies ?? 0, w?.value ?? 0];
    }), [10, 12, 14, 14, 16]);
  sheet(wb, 'Tài liệu số', ['Hình thức', 'Số tài liệu', 'Dung lượng (byte)', 'Lượt xem trong kỳ'],
    s.digital.byForm.map((f) => [digitalForms[f.form as DigitalForm] ?? f.form, f.resources, f.bytes, f.views]), [24, 12, 18, 16]);
  sheet(wb, 'Lượt xem tài liệu số', ['Tháng', 'Lượt xem'], s.months.map((m) => [excelDate(m), s.digital.viewsByMonth.find((v) => v.month === m)?.views ?? 0]), [10, 12]);
  sheet(wb, 'Lượt tra cứu trực tuyến', ['Tháng', 'Lượt tra cứu'], s.months.map((m) => [excelDate(m), s.opacSearches.byMonth.find((v) => v.month === m)?.searches ?? 0]), [10, 14]);
  // Đặt trước (issue 22): as the screen's table, the months of the period with any reservation placed or fulfilled.
  sheet(wb, 'Đặt trước theo tháng', ['Tháng', 'Lượt đặt trước', 'Đã nhận sách'],
    s.reservations.byMonth.map((m) => [excelDate(m.month), m.placed, m.fulfilled]), [10, 16, 14]);
  sheet(wb, 'Quá hạn', ['Lớp / nhóm', 'Lượt quá hạn'], s.overdue.byClass.map((c) => [c.className, c.loans]), [22, 14]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await wb.xlsx.writeFile(file);
  return { fileName: path.basename(file), path: file, bytes: fs.statSync(file).size };
}
