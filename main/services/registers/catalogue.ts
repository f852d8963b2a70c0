import { inStockSql } from '../../../shared/stock';
import { compareVi } from '../../../shared/text';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { codeRanges, currentYear, seriesName, yearRange, type RegisterEnv } from './common';
import type { JobHandle } from '../jobs';

export const CATALOGUE_COLUMNS: TableColumn[] = [
  { title: 'STT', width: 10, align: 'right' },
  { title: 'Nhan đề', width: 62 },
  { title: 'Tác giả', width: 30 },
  { title: 'Nhà xuất bản', width: 26 },
  { title: 'Năm', width: 10, align: 'center' },
  { title: 'Môn loại', width: 14 },
  { title: 'Số bản', width: 11, align: 'right', total: true },
  { title: 'Số ĐKCB', width: 0 },
];

/** Mục lục chữ cái: titles in Vietnamese collation, a letter heading before each initial. */
export async function printAlphabeticalCatalogue(env: RegisterEnv, seriesCode: string | undefined, year: string | undefined, job: JobHandle) {
  const { raw } = env;
  const range = year ? yearRange(year) : null;
  const copies = raw.prepare(`SELECT t.id AS titleId, t.title, t.volume, t.authors, t.publisher, t.publication_year AS pubYear, t.classification AS cls,
      c.accession_code AS code, c.accession_number AS n
    FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
    JOIN accession_batch b ON b.id = c.batch_id AND b.status = 'confirmed'
    WHERE ${inStockSql('c.status')} ${seriesCode ? 'AND s.code = ?' : ''} ${range ? 'AND b.date BETWEEN ? AND ?' : ''}
    ORDER BY t.id, c.series_id, c.accession_number`).all(...(seriesCode ? [seriesCode] : []), ...(range ? [range.from, range.to] : [])) as {
      titleId: number; title: string; volume: string; authors: string; publisher: string; pubYear: number | null; cls: string; code: string; n: number;
    }[];
  const titles: { t: (typeof copies)[number]; codes: { code: string; n: number }[] }[] = [];
  for (const c of copies) {
    const last = titles[titles.length - 1];
    if (last && last.t.titleId === c.titleId) last.codes.push(c);
    else titles.push({ t: c, codes: [c] });
  }
  const label = (x: (typeof copies)[number]) => (x.volume ? `${x.title}. ${x.volume}` : x.title);
  titles.sort((a, b) => compareVi(label(a.t), label(b.t)) || a.t.titleId - b.t.titleId);
  const rows: TableRow[] = [];
  let letter = '';
  titles.forEach(({ t, codes }, i) => {
    const first = (Array.from(t.title.trim())[0] ?? '').toLocaleUpperCase('vi');
    if (first !== letter) {
      letter = first;
      rows.push({ span: letter });
    }
    rows.push([i + 1, label(t), t.authors, t.publisher, t.pubYear ?? '', t.cls, codes.length, codeRanges(codes)]);
  });
  const name = seriesName(raw, seriesCode);
  return renderRegister({
    file: env.out, title: 'MỤC LỤC CHỮ CÁI', landscape: true, school: env.school,
    subtitle: `Loại sách: ${name}${year ? ` — năm học ${year}` : ''}`,
    cover: { title: 'MỤC LỤC CHỮ CÁI', lines: [`Loại sách: ${name}`, `Năm học ${year ?? currentYear(env)}`] },
    sections: [{ columns: CATALOGUE_COLUMNS, rows, grandTotal: true, rowHeight: 6 }],
    job,
  });
}
