import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { placeAndDate, signatureBlock } from '../../pdf/registers/blocks';
import { currentYear, SOURCE_LABELS, yearRange, type RegisterEnv } from './common';
import type { JobHandle } from '../context';
import { addDays, schoolYearOf } from '../../../shared/dates';
import type { Sql } from '../../db/sql';
import { COUNT_KEYS, countsBetween, firstBatchDate, generalBatches, generalWithdrawals, type Counts } from '../../db/queries/registers';

/** The column groups shared by the three parts of Sổ ĐKTQ (docs/domain.md, "Sổ đăng ký tổng quát (ĐKTQ)"). */
const num = (title: string, path: string[], width: number, money = false): TableColumn => ({ title, path, width, total: true, align: 'right', money });
const countColumns = (): TableColumn[] => [
  num('Sách', ['Tổng số'], 12), num('Báo', ['Tổng số'], 10), num('Tranh ảnh, bản đồ', ['Tổng số'], 13), num('Băng đĩa', ['Tổng số'], 11),
  num('Giá tiền', ['Tổng số'], 22, true),
  num('SGK', ['Theo nội dung'], 11), num('SNV', ['Theo nội dung'], 11), num('STK', ['Theo nội dung'], 11), num('Thiếu nhi', ['Theo nội dung'], 11),
  num('Khác', ['Theo nội dung'], 11),
  num('Anh', ['Theo ngôn ngữ'], 10), num('Pháp', ['Theo ngôn ngữ'], 10), num('Khác', ['Theo ngôn ngữ'], 10),
];
const countCells = (c: Counts) => COUNT_KEYS.map((k) => Number(c[k]));

export const PART1_COLUMNS: TableColumn[] = [
  { title: 'Ngày vào sổ', width: 18, align: 'center' }, { title: 'Số thứ tự', width: 11, align: 'center' },
  { title: 'Nguồn cung cấp', width: 44 }, { title: 'Số chứng từ', width: 22 },
  ...countColumns(), { title: 'Phụ chú', width: 0 },
];
export const PART2_COLUMNS: TableColumn[] = [
  { title: 'Ngày vào sổ', width: 18, align: 'center' }, { title: 'Số biên bản', width: 20 }, { title: 'Ngày phê chuẩn', width: 18, align: 'center' },
  ...countColumns(),
  num('Hư nát', ['Lý do xuất'], 12), num('Tổng số', ['Lý do xuất', 'Mất'], 12), num('Độc giả đền', ['Lý do xuất', 'Mất'], 12),
  num('Lạc hậu', ['Lý do xuất'], 12), num('Lý do khác', ['Lý do xuất'], 0),
];
const PART3_COLUMNS: TableColumn[] = [
  { title: 'Năm học', width: 56 }, ...countColumns().map((c) => ({ ...c, total: false })), { title: 'Ghi chú', width: 0 },
];

export interface StockBalance {
  year: string;
  opening: Counts;
  added: Counts;
  removed: Counts;
  closing: Counts;
}

const zero = (): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts;
const plus = (a: Counts, b: Counts, sign = 1): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, Number(a[k]) + sign * Number(b[k])])) as Counts;

/** Phần III: for each school year up to `lastYear`, opening + in − out = closing. */
export function stockBalances(sql: Sql, lastYear: string): StockBalance[] {
  const first = firstBatchDate(sql);
  if (!first) return [];
  const out: StockBalance[] = [];
  let year = schoolYearOf(first);
  let opening = zero();
  for (let guard = 0; guard < 100 && year <= lastYear; guard++) {
    const range = yearRange(year);
    const added = countsBetween(sql, 'added', range);
    const removed = countsBetween(sql, 'removed', range);
    const closing = plus(plus(opening, added), removed, -1);
    out.push({ year, opening, added, removed, closing });
    opening = closing;
    year = `${Number(year.slice(0, 4)) + 1}-${Number(year.slice(0, 4)) + 2}`;
  }
  return out;
}

export async function printGeneralRegister(env: RegisterEnv, year: string | undefined, job: JobHandle): Promise<{ path: string; bytes: number; pages: number }> {
  const { sql, fmt } = env;
  const range = year ? yearRange(year) : null;
  const batches = generalBatches(sql, range);
  const part1: TableRow[] = batches.map((b) => [
    fmt(b.date), b.registerNumber ?? '', [SOURCE_LABELS[b.source] ?? b.source, b.supplier].filter(Boolean).join(' – '), b.voucher,
    ...countCells(b), b.note,
  ]);
  const withdrawals = generalWithdrawals(sql, range);
  const part2: TableRow[] = withdrawals.map((w) => [
    fmt(w.date), w.number, fmt(w.approvalDate), ...countCells(w), w.damaged, w.lost, w.lostPaid, w.outdated, w.otherReason,
  ]);
  const balances = stockBalances(sql, year ?? currentYear(env));
  const part3: TableRow[] = [];
  for (const b of balances) {
    const { from } = yearRange(b.year);
    part3.push({ span: `Năm học ${b.year}` });
    part3.push([`Hiện còn đến ${fmt(addDays(from, -1))}`, ...countCells(b.opening), '']);
    part3.push([`Năm học ${b.year} nhập`, ...countCells(b.added), '']);
    part3.push([`Năm học ${b.year} xuất`, ...countCells(b.removed), '']);
    part3.push([`Tồn kho năm học ${b.year}`, ...countCells(b.closing), '']);
  }
  const signers = signatureBlock([
    { role: 'CÁN BỘ THƯ VIỆN', hint: '(Ký, ghi rõ họ tên)', name: env.school.librarian },
    { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: env.school.principal },
  ], placeAndDate(env.school, env.today));
  return renderRegister({
    file: env.out,
    title: 'SỔ ĐĂNG KÝ TỔNG QUÁT',
    landscape: true,
    school: env.school,
    subtitle: year ? `Năm học ${year}` : '',
    cover: { title: 'SỔ ĐĂNG KÝ TỔNG QUÁT', lines: [year ? `Năm học ${year}` : `Năm học ${currentYear(env)}`, 'Số: ……/TV'] },
    sections: [
      { heading: 'PHẦN I — NHẬP KHO', columns: PART1_COLUMNS, rows: part1, carry: true, rowHeight: 7 },
      { heading: 'PHẦN II — XUẤT KHO', columns: PART2_COLUMNS, rows: part2, carry: true, rowHeight: 7 },
      { heading: 'PHẦN III — TÌNH HÌNH KHO TỪNG NĂM HỌC', columns: PART3_COLUMNS, rows: part3, rowHeight: 7, outro: signers },
    ],
    job,
  });
}
