import { formatAmount } from '../../../shared/number-words';
import { AppError } from '../../../shared/errors';
import { schoolYearOf } from '../../../shared/dates';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { placeAndDate, signatureBlock } from '../../pdf/registers/blocks';
import { codeRanges, currentYear, lastYears, seriesName, yearRange, type RegisterEnv } from './common';
import type { JobHandle } from '../context';
import { seriesExists, stocktakeResults, textbookCopies } from '../../db/queries/registers';

/** Sổ đăng ký sách giáo khoa (docs/domain.md, "Sổ đăng ký sách giáo khoa (Sổ SGK)"): per title, per batch, ĐKCB ranges. */
export function textbookColumns(years: string[]): TableColumn[] {
  return [
    { title: 'Năm học / ngày vào sổ', width: 32 },
    { title: 'Số đăng ký', width: 56 },
    { title: 'Số chứng từ', width: 20 },
    { title: 'Năm XB', width: 12, align: 'center' },
    { title: 'Tổng số bản', width: 14, align: 'right', total: true },
    { title: 'Đơn giá', width: 17, align: 'right', money: true },
    { title: 'Thành tiền', width: 22, align: 'right', money: true, total: true },
    ...years.flatMap((y): TableColumn[] => [
      { title: 'Mất', width: 10, path: ['Kiểm kê', y], align: 'right' },
      { title: 'Còn', width: 10, path: ['Kiểm kê', y], align: 'right' },
    ]),
    { title: 'Ghi chú', width: 0 },
  ];
}

export async function printTextbookRegister(env: RegisterEnv, seriesCode: string, year: string | undefined, job: JobHandle) {
  const { sql, fmt } = env;
  if (!seriesExists(sql, seriesCode)) {
    throw new AppError('NOT_FOUND', `Không có loại tài liệu mã ${seriesCode}.`);
  }
  const range = year ? yearRange(year) : null;
  const copies = textbookCopies(sql, seriesCode, range);
  const years = lastYears(year ?? currentYear(env), 3);
  const result = new Map<string, string>();
  for (const s of stocktakeResults(sql, years)) result.set(`${s.copyId}:${s.year}`, s.result);

  const rows: TableRow[] = [];
  let i = 0;
  while (i < copies.length) {
    const t = copies[i];
    rows.push({ span: `${t.title}${t.volume ? `. ${t.volume}` : ''} — ${t.authors}${t.publisher ? `, NXB ${t.publisher}` : ''}` });
    while (i < copies.length && copies[i].titleId === t.titleId) {
      const b = copies[i];
      const group: typeof copies = [];
      while (i < copies.length && copies[i].titleId === t.titleId && copies[i].batchId === b.batchId) group.push(copies[i++]);
      const value = group.reduce((a, c) => a + c.price, 0);
      const prices = new Set(group.map((c) => c.price));
      const perYear = years.flatMap((y) => {
        const seen = group.map((c) => result.get(`${c.id}:${y}`)).filter(Boolean);
        if (seen.length === 0) return [null, null];
        return [seen.filter((r) => r === 'missing').length, seen.filter((r) => r === 'present').length];
      });
      const withdrawn = group.filter((c) => c.status === 'withdrawn').length;
      rows.push([
        `${schoolYearOf(b.date)} – ${fmt(b.date)}`, codeRanges(group), b.voucher, b.pubYear ?? '', group.length,
        prices.size === 1 ? group[0].price : null, value, ...perYear, withdrawn ? `${formatAmount(withdrawn)} bản đã thanh lọc` : '',
      ]);
    }
    if (rows.length % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  const name = seriesName(sql, seriesCode);
  return renderRegister({
    file: env.out,
    title: 'SỔ ĐĂNG KÝ SÁCH GIÁO KHOA',
    landscape: true,
    school: env.school,
    subtitle: `Loại sách: ${name}`,
    cover: { title: 'SỔ ĐĂNG KÝ SÁCH GIÁO KHOA', lines: [`Loại sách: ${name}`, `Năm học ${year ?? currentYear(env)}`, 'Số: ……/TV'] },
    sections: [{
      columns: textbookColumns(years), rows, carry: true, rowHeight: 6,
      outro: signatureBlock([
        { role: 'CÁN BỘ THƯ VIỆN', hint: '(Ký, ghi rõ họ tên)', name: env.school.librarian },
        { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: env.school.principal },
      ], placeAndDate(env.school, env.today)),
    }],
    job,
  });
}
