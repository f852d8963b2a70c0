import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FileResult } from '../../../shared/contract/define';
import { planPriorityLabels, planReasonLabels, planStatusLabels, type Plan } from '../../../shared/contract/plan';
import { formatDate, todayIso } from '../../../shared/dates';
import { amountInWords, formatAmount } from '../../../shared/number-words';
import * as q from '../../db/queries/plan';
import { exportFileName } from '../../pdf/document';
import { officialHeader, placeAndDate, signatureBlock, stack, textBlock } from '../../pdf/registers/blocks';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';
import { textbookForecast } from './needs';
import { planView } from './plans';

export const PLAN_TITLE = 'KẾ HOẠCH MUA SẮM, BỔ SUNG SÁCH, TÀI LIỆU THƯ VIỆN';

function outFile(ctx: ServiceContext, base: string, ext: string, out?: string): string {
  if (out) return path.resolve(out);
  const dir = exportsDirIn(ctx.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, exportFileName(base, ext, ctx.now()));
}

const seriesName = (ctx: ServiceContext, code: string) => {
  const s = q.seriesList(ctx.sql).find((x) => x.code === code);
  return s ? `${s.name} (${s.code})` : code ? code : 'Chưa xếp loại';
};

/** "Kế hoạch đã được Hiệu trưởng duyệt ngày …, số …" or what stage it is at. */
function statusLine(p: Plan): string {
  if (p.approvalDate) return `Phiên bản ${p.version} — đã duyệt ngày ${formatDate(p.approvalDate)}, số ${p.approvalNumber}.`;
  return `Phiên bản ${p.version} — ${planStatusLabels[p.status].toLowerCase()}.`;
}

/**
 * The plan as the principal signs it: official header and motto, the purpose paragraph, the table by
 * series (STT, tên sách, tác giả, NXB, năm XB, số lượng, đơn giá, thành tiền, ghi chú) with a subtotal per
 * series, the grand total in figures and in words, and Người lập — Kế toán — Hiệu trưởng duyệt.
 */
export async function printPlan(ctx: ServiceContext, planId: number, options: { out?: string; jobId?: string } = {}): Promise<FileResult> {
  const p = planView(ctx.sql, planId);
  const school = getSchool(ctx.sql);
  const file = outFile(ctx, `Ke hoach mua sam ${p.year} v${p.version}`, 'pdf', options.out);
  // Landscape, so that a publisher ("Thông tin và Truyền thông"), an author and a note read at full size, never shrunk or cut.
  const columns: TableColumn[] = [
    { title: 'STT', width: 9, align: 'right' }, { title: 'Tên sách', width: 72 }, { title: 'Tác giả', width: 40 },
    { title: 'NXB', width: 40 }, { title: 'Năm XB', width: 12, align: 'center' }, { title: 'Số lượng', width: 14, align: 'right' },
    { title: 'Đơn giá', width: 18, align: 'right', money: true }, { title: 'Thành tiền', width: 22, align: 'right', money: true },
    { title: 'Ghi chú', width: 0 },
  ];
  const rows: TableRow[] = [];
  let stt = 0;
  for (const s of p.totals.bySeries) {
    rows.push({ span: seriesName(ctx, s.seriesCode), bold: true });
    for (const l of p.lines.filter((x) => x.seriesCode === s.seriesCode)) {
      rows.push([++stt, l.title, l.authors.replace(/; /g, ', '), l.publisher, l.publicationYear ?? '', l.quantity, l.unitPrice, l.amount, l.note]);
    }
    rows.push({ span: `Cộng ${seriesName(ctx, s.seriesCode)}: ${formatAmount(s.copies)} bản — ${formatAmount(s.amount)} đồng`, bold: true });
  }
  const t = p.totals;
  rows.push(['', 'Tổng cộng', '', '', '', t.copies, '', t.amount, '']);
  const intro = stack(officialHeader(school), textBlock(40, [
    { text: `${PLAN_TITLE} NĂM HỌC ${p.year}`, bold: true, center: true, size: 13 },
    { text: statusLine(p), italic: true, center: true, size: 10 },
    { text: p.purpose || ' ' },
  ]));
  const reasons = t.byReason.map((r) => `${planReasonLabels[r.reason]}: ${formatAmount(r.copies)} bản, ${formatAmount(r.amount)} đồng`).join('; ');
  const budget = p.budgetCap === null ? '' : ` Hạn mức kinh phí: ${formatAmount(p.budgetCap)} đồng; ${p.remaining! >= 0 ? `còn lại ${formatAmount(p.remaining!)} đồng` : `vượt ${formatAmount(-p.remaining!)} đồng`}.`;
  const outro = stack(textBlock(30, [
    { text: `Tổng cộng: ${formatAmount(t.lines)} đầu sách, ${formatAmount(t.copies)} bản, thành tiền ${formatAmount(t.amount)} đồng.${budget}`, bold: true },
    { text: `Bằng chữ: ${amountInWords(t.amount)}.`, italic: true },
    { text: `Theo lý do — ${reasons || 'chưa có dòng nào'}.`, size: 10 },
  ]), signatureBlock([
    { role: 'Người lập', hint: '(Ký, ghi rõ họ tên)', name: school.librarian },
    { role: 'Kế toán', hint: '(Ký, ghi rõ họ tên)' },
    // The account that recorded the approval in Kệ Sách (issue 20) is the name under the signature line.
    { role: 'Hiệu trưởng duyệt', hint: '(Ký tên, đóng dấu)', name: p.approvedBy || school.principal, note: p.approvedBy ? 'Đã duyệt trên Kệ Sách' : undefined },
  ], placeAndDate(school, p.approvalDate ?? todayIso(ctx.now()))));
  const r = await renderRegister({
    file, title: `${PLAN_TITLE} NĂM HỌC ${p.year}`, school, plainFirstPage: true, landscape: true,
    // The last line, its series' subtotal and the grand total stay with the words and the signatures.
    sections: [{ columns, rows, rowHeight: 7, fontSize: 9, numbered: false, intro, outro, keepWithOutro: 3 }],
    job: ctx.jobs.begin(options.jobId),
  });
  return { fileName: path.basename(r.path), path: r.path, pages: r.pages, bytes: r.bytes };
}

/** Dự trù SGK on its own: enrolment per grade, then each volume's usable copies and copies to buy. */
export async function printForecast(ctx: ServiceContext, year: string, options: { out?: string; jobId?: string } = {}): Promise<FileResult> {
  const f = textbookForecast(ctx, year);
  const school = getSchool(ctx.sql);
  const file = outFile(ctx, `Du tru SGK ${f.forYear}`, 'pdf', options.out);
  const columns: TableColumn[] = [
    { title: 'Khối', width: 11, align: 'center' }, { title: 'Môn', width: 30 }, { title: 'Tên sách', width: 72 },
    { title: 'Số HS năm tới', width: 20, align: 'right', total: true }, { title: 'Bản còn dùng được', width: 22, align: 'right', total: true },
    { title: 'Cần mua', width: 0, align: 'right', total: true },
  ];
  const rows: TableRow[] = f.rows.map((r) => [r.grade, r.subject, r.title, r.enrolment, r.usable, r.toBuy]);
  const enrol = f.enrolment.map((e) => `khối ${e.grade}: ${formatAmount(e.students)} HS (${e.fromGrade === e.grade ? 'giữ số năm nay' : `từ khối ${e.fromGrade}`})`).join('; ');
  const intro = stack(officialHeader(school), textBlock(30, [
    { text: `DỰ TRÙ SÁCH GIÁO KHOA NĂM HỌC ${f.forYear}`, bold: true, center: true, size: 13 },
    { text: `Số học sinh năm học tới theo danh sách bạn đọc hiện nay — ${enrol || 'chưa có danh sách học sinh'}. Bản còn dùng được: không tính bản mất, bản đã thanh lọc.`, size: 10 },
  ]));
  const sets = f.sets.filter((s) => s.toBuy > 0).map((s) => `${s.subject} ${s.grade}: ${formatAmount(s.toBuy)} bộ`).join('; ');
  const outro = stack(textBlock(16, [{ text: `Số bộ cần mua theo khối, môn — ${sets || 'không cần mua thêm'}.`, size: 10 }]), signatureBlock([
    { role: 'Người lập', hint: '(Ký, ghi rõ họ tên)', name: school.librarian },
    { role: 'Hiệu trưởng duyệt', hint: '(Ký tên, đóng dấu)', name: school.principal },
  ], placeAndDate(school, todayIso(ctx.now()))));
  const r = await renderRegister({
    file, title: `DỰ TRÙ SÁCH GIÁO KHOA NĂM HỌC ${f.forYear}`, school, plainFirstPage: true,
    sections: [{ columns, rows, rowHeight: 7, fontSize: 9, numbered: false, grandTotal: true, intro, outro }],
    job: ctx.jobs.begin(options.jobId),
  });
  return { fileName: path.basename(r.path), path: r.path, pages: r.pages, bytes: r.bytes };
}

/** The plan for the accountant: one row per line, numbers stored as numbers, Thành tiền and the totals as formulas with their values. */
export async function exportPlanXlsx(ctx: ServiceContext, planId: number, out?: string): Promise<FileResult> {
  const p = planView(ctx.sql, planId);
  const school = getSchool(ctx.sql);
  const file = outFile(ctx, `Ke hoach mua sam ${p.year} v${p.version}`, 'xlsx', out);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kệ Sách';
  const ws = wb.addWorksheet('Kế hoạch');
  ws.addRow([school.schoolName]).font = { bold: true };
  ws.addRow([`${PLAN_TITLE} NĂM HỌC ${p.year}`]).font = { bold: true, size: 13 };
  ws.addRow([statusLine(p)]);
  const header = ['STT', 'Tên sách', 'Tác giả', 'NXB', 'Năm XB', 'ISBN', 'Loại sách', 'Số lượng', 'Đơn giá', 'Thành tiền', 'Lý do', 'Ưu tiên', 'Nguồn kinh phí', 'Nhà cung cấp', 'Ghi chú', 'Đã nhận', 'Giá trị đã nhận'];
  const headerRow = ws.addRow(header);
  headerRow.font = { bold: true };
  const first = headerRow.number + 1;
  // Thành tiền is the accountant's formula H×I, written with its value so a viewer that does not recalculate shows it.
  p.lines.forEach((l, i) => {
    const r = first + i;
    const row = ws.addRow([i + 1, l.title, l.authors.replace(/; /g, ', '), l.publisher, l.publicationYear, l.isbn || null, l.seriesCode, l.quantity, l.unitPrice,
      { formula: `H${r}*I${r}`, result: l.amount },
      planReasonLabels[l.reason], planPriorityLabels[l.priority], l.funding, l.supplier, l.note, l.received, l.receivedAmount]);
    for (const c of [9, 10, 17]) row.getCell(c).numFmt = '#,##0';
  });
  const last = first + p.lines.length - 1;
  const sum = (col: string, value: number) => (p.lines.length ? { formula: `SUM(${col}${first}:${col}${last})`, result: value } : 0);
  const total = ws.addRow(['', 'Tổng cộng', '', '', null, null, '', sum('H', p.totals.copies), null, sum('J', p.totals.amount), '', '', '', '', '', sum('P', p.totals.received), sum('Q', p.totals.receivedAmount)]);
  total.font = { bold: true };
  for (const c of [10, 17]) total.getCell(c).numFmt = '#,##0';
  ws.addRow(['', `Bằng chữ: ${amountInWords(p.totals.amount)}.`]);
  if (p.budgetCap !== null) ws.addRow(['', 'Hạn mức kinh phí', '', '', null, null, '', null, null, p.budgetCap]).getCell(10).numFmt = '#,##0';
  ws.columns.forEach((c, i) => (c.width = [6, 44, 24, 20, 8, 16, 9, 10, 12, 14, 26, 11, 14, 18, 24, 9, 14][i] ?? 12));
  ws.views = [{ state: 'frozen', ySplit: headerRow.number }];

  const sums = wb.addWorksheet('Tổng hợp');
  sums.addRow(['Theo loại sách', 'Số dòng', 'Số bản', 'Thành tiền']).font = { bold: true };
  for (const s of p.totals.bySeries) sums.addRow([seriesName(ctx, s.seriesCode), s.lines, s.copies, s.amount]).getCell(4).numFmt = '#,##0';
  sums.addRow([]);
  sums.addRow(['Theo lý do', 'Số dòng', 'Số bản', 'Thành tiền']).font = { bold: true };
  for (const r of p.totals.byReason) sums.addRow([planReasonLabels[r.reason], r.lines, r.copies, r.amount]).getCell(4).numFmt = '#,##0';
  sums.columns.forEach((c, i) => (c.width = [36, 10, 10, 16][i]));
  await wb.xlsx.writeFile(file);
  return { fileName: path.basename(file), path: file, bytes: fs.statSync(file).size };
}
