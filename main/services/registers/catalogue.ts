import { compareVi } from '../../../shared/text';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { codeRanges, currentYear, seriesName, yearRange, type RegisterEnv } from './common';
import type { JobHandle } from '../context';
import { catalogueCopies } from '../../db/queries/registers';

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
  const range = year ? yearRange(year) : null;
  const copies = catalogueCopies(env.sql, seriesCode, range);
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
  const name = seriesName(env.sql, seriesCode);
  return renderRegister({
    file: env.out, title: 'MỤC LỤC CHỮ CÁI', landscape: true, school: env.school,
    subtitle: `Loại sách: ${name}${year ? ` — năm học ${year}` : ''}`,
    cover: { title: 'MỤC LỤC CHỮ CÁI', lines: [`Loại sách: ${name}`, `Năm học ${year ?? currentYear(env)}`] },
    sections: [{ columns: CATALOGUE_COLUMNS, rows, grandTotal: true, rowHeight: 6 }],
    job,
  });
}
