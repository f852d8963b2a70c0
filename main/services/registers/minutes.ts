import { AppError } from '../../../shared/errors';
import { amountInWords, formatAmount } from '../../../shared/number-words';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { officialHeader, placeAndDate, signatureBlock, stack, textBlock } from '../../pdf/registers/blocks';
import { codeRanges, REASON_LABELS, SOURCE_LABELS, type RegisterEnv } from './common';
import type { JobHandle } from '../context';
import { batchCopies, minutesBatch, minutesWithdrawal, withdrawalItems } from '../../db/queries/registers';

export const ACCESSION_LIST_COLUMNS: TableColumn[] = [
  { title: 'STT', width: 9, align: 'right' },
  { title: 'Tên sách', width: 50 },
  { title: 'Tác giả', width: 25 },
  { title: 'NXB', width: 20 },
  { title: 'Năm XB', width: 10, align: 'center' },
  { title: 'Số ĐKCB', width: 34 },
  { title: 'Số lượng', width: 11, align: 'right', total: true },
  { title: 'Đơn giá', width: 14, align: 'right', money: true },
  { title: 'Thành tiền', width: 0, align: 'right', money: true, total: true },
];

export const WITHDRAWAL_LIST_COLUMNS: TableColumn[] = [
  { title: 'STT', width: 9, align: 'right' },
  { title: 'Tên sách', width: 66 },
  { title: 'Số ĐKCB', width: 24 },
  { title: 'Số lượng', width: 12, align: 'right', total: true },
  { title: 'Đơn giá', width: 18, align: 'right', money: true },
  { title: 'Thành tiền', width: 22, align: 'right', money: true, total: true },
  { title: 'Lý do', width: 0 },
];

/** Biên bản nhập sách + bảng kê (docs/domain.md, "Biên bản nhập sách"); the total in figures and in words. */
export async function printAccessionMinutes(env: RegisterEnv, batchId: number | undefined, job: JobHandle) {
  const { sql, fmt } = env;
  const batch = minutesBatch(sql, batchId);
  if (!batch) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập đã xác nhận.');
  const copies = batchCopies(sql, batch.id);
  const rows: TableRow[] = [];
  const bySeries = new Map<string, { copies: number; value: number }>();
  let i = 0;
  while (i < copies.length) {
    const g: typeof copies = [];
    const first = copies[i];
    while (i < copies.length && copies[i].titleId === first.titleId && copies[i].price === first.price) g.push(copies[i++]);
    const value = g.reduce((a, c) => a + c.price, 0);
    rows.push([rows.length + 1, first.volume ? `${first.title}. ${first.volume}` : first.title, first.authors, first.publisher, first.pubYear ?? '',
      codeRanges(g), g.length, first.price, value]);
    const s = bySeries.get(first.seriesName) ?? { copies: 0, value: 0 };
    bySeries.set(first.seriesName, { copies: s.copies + g.length, value: s.value + value });
  }
  const total = copies.reduce((a, c) => a + c.price, 0);
  const source = [SOURCE_LABELS[batch.source] ?? batch.source, batch.supplier].filter(Boolean).join(' – ');
  const intro = stack(officialHeader(env.school), textBlock(70, [
    { text: 'BIÊN BẢN NHẬP SÁCH', bold: true, center: true, size: 14 },
    { text: `Số vào sổ tổng quát: ${batch.register_number} — Chứng từ số: ${batch.voucher_number || '……'}`, italic: true, center: true },
    { text: `Hôm nay, ngày ${fmt(batch.date)}, tại thư viện ${env.school.schoolName.replace(/^TRƯỜNG/i, 'trường')}, chúng tôi gồm: ông/bà ${env.school.principal || '……………'} – Hiệu trưởng; ông/bà ${env.school.librarian || '……………'} – người làm công tác thư viện; đại diện bên giao: ${batch.supplier || '……………'}. Đã cùng kiểm nhận và nhập vào thư viện số sách sau.` },
    { text: `Nguồn cung cấp: ${source}.` },
    { text: `Theo loại: ${[...bySeries.entries()].map(([name, s]) => `${name}: ${formatAmount(s.copies)} bản, ${formatAmount(s.value)} đồng`).join('; ') || 'không có'}.` },
    { text: `Tổng số: ${formatAmount(copies.length)} bản; tổng giá trị: ${formatAmount(total)} đồng (bằng chữ: ${amountInWords(total)}).`, bold: true },
    { text: 'Chi tiết theo bảng kê dưới đây.', italic: true },
  ]));
  const outro = stack(
    textBlock(8, [{ text: `Tổng cộng: ${formatAmount(total)} đồng. Bằng chữ: ${amountInWords(total)}.`, italic: true }]),
    signatureBlock([
      { role: 'BÊN GIAO', hint: '(Ký, ghi rõ họ tên)' },
      { role: 'NGƯỜI NHẬN', hint: '(Ký, ghi rõ họ tên)', name: env.school.librarian },
      { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: env.school.principal },
    ], placeAndDate(env.school, batch.date)),
  );
  return renderRegister({
    file: env.out, title: `BẢNG KÊ SÁCH NHẬP — SỐ VÀO SỔ ${batch.register_number}`, school: env.school, plainFirstPage: true,
    sections: [{ columns: ACCESSION_LIST_COLUMNS, rows, grandTotal: true, rowHeight: 6.5, intro, outro }],
    job,
  });
}

/** Biên bản xuất / thanh lý sách + bảng kê with reasons. */
export async function printWithdrawalMinutes(env: RegisterEnv, withdrawalId: number | undefined, job: JobHandle) {
  const { sql, fmt } = env;
  const w = minutesWithdrawal(sql, withdrawalId);
  if (!w) throw new AppError('NOT_FOUND', 'Không tìm thấy biên bản xuất.');
  const items = withdrawalItems(sql, w.id);
  const rows: TableRow[] = items.map((it, i) => [i + 1, it.volume ? `${it.title}. ${it.volume}` : it.title, it.code, 1, it.price, it.price,
    [REASON_LABELS[it.reason] ?? it.reason, it.reasonNote].filter(Boolean).join(': ')]);
  const total = items.reduce((a, it) => a + it.price, 0);
  const byReason = new Map<string, number>();
  for (const it of items) byReason.set(REASON_LABELS[it.reason] ?? it.reason, (byReason.get(REASON_LABELS[it.reason] ?? it.reason) ?? 0) + 1);
  const members = w.members.split('\n').map((m) => m.trim()).filter(Boolean);
  const intro = stack(officialHeader(env.school), textBlock(72, [
    { text: 'BIÊN BẢN XUẤT / THANH LÝ SÁCH', bold: true, center: true, size: 14 },
    { text: `Số: ${w.number}${w.decision_number ? ` — theo ${w.decision_number}` : ''}`, italic: true, center: true },
    { text: `Hôm nay, ngày ${fmt(w.date)}, tại thư viện ${env.school.schoolName.replace(/^TRƯỜNG/i, 'trường')}, hội đồng thanh lý gồm: ${members.join('; ') || '……………'}. Đã xem xét và thống nhất xuất khỏi kho thư viện số sách sau (các dòng trong sổ đăng ký cá biệt được giữ nguyên và ghi "đã thanh lọc").` },
    { text: `Lý do: ${[...byReason.entries()].map(([r, n]) => `${r}: ${formatAmount(n)} bản`).join('; ') || 'không có'}.` },
    { text: `Tổng số: ${formatAmount(items.length)} bản; tổng giá trị: ${formatAmount(total)} đồng (bằng chữ: ${amountInWords(total)}).`, bold: true },
    { text: `Ngày phê chuẩn: ${fmt(w.approval_date) || '……………'}.`, italic: true },
  ]));
  const outro = signatureBlock([
    { role: 'NGƯỜI LẬP', hint: '(Ký, ghi rõ họ tên)', name: env.school.librarian },
    { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: env.school.principal },
  ], placeAndDate(env.school, w.date));
  return renderRegister({
    file: env.out, title: `BẢNG KÊ SÁCH XUẤT — BIÊN BẢN SỐ ${w.number}`, school: env.school, plainFirstPage: true,
    sections: [{ columns: WITHDRAWAL_LIST_COLUMNS, rows, grandTotal: true, rowHeight: 6.5, intro, outro }],
    job,
  });
}
