import { formatAmount } from '../../../shared/number-words';
import { AppError } from '../../../shared/errors';
import { schoolYearOf } from '../../../shared/dates';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { placeAndDate, signatureBlock } from '../../pdf/registers/blocks';
import { codeRanges, currentYear, lastYears, seriesName, yearRange, type RegisterEnv } from './common';
import type { JobHandle } from '../jobs';

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
  const { raw, fmt } = env;
  if (!raw.prepare('SELECT 1 FROM collection_series WHERE code = ?').get(seriesCode)) {
    throw new AppError('NOT_FOUND', `Không có loại tài liệu mã ${seriesCode}.`);
  }
  const range = year ? yearRange(year) : null;
  const copies = raw.prepare(`SELECT c.id, c.title_id AS titleId, c.batch_id AS batchId, c.accession_code AS code, c.accession_number AS n,
      c.price, c.status, t.title, t.volume, t.authors, t.publisher, t.publication_year AS pubYear, t.grade_level AS grade,
      b.date, b.voucher_number AS voucher
    FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
    JOIN accession_batch b ON b.id = c.batch_id AND b.status = 'confirmed'
    WHERE s.code = ? ${range ? 'AND b.date BETWEEN ? AND ?' : ''}
    ORDER BY t.grade_level, t.title, t.volume, t.id, b.date, b.id, c.accession_number`).all(seriesCode, ...(range ? [range.from, range.to] : [])) as {
      id: number; titleId: number; batchId: number; code: string; n: number; price: number; status: string; title: string; volume: string;
      authors: string; publisher: string; pubYear: number | null; grade: number | null; date: string; voucher: string;
    }[];
  const years = lastYears(year ?? currentYear(env), 3);
  const result = new Map<string, string>();
  for (const s of raw.prepare(`SELECT si.copy_id AS copyId, st.school_year AS year, si.result FROM stocktake_item si JOIN stocktake st ON st.id = si.stocktake_id
      WHERE si.copy_id IS NOT NULL AND st.school_year IN (${years.map(() => '?').join(',')}) ORDER BY st.started_at, si.id`).all(...years) as
      { copyId: number; year: string; result: string }[]) result.set(`${s.copyId}:${s.year}`, s.result);

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
  const name = seriesName(raw, seriesCode);
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
