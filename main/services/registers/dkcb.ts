import { renderRegister, type RegisterDocumentSpec, type TableColumn, type TableSection } from '../../pdf/registers/table';
import { placeAndDate, signatureBlock } from '../../pdf/registers/blocks';
import { AppError } from '../../../shared/errors';
import { currentYear, lastYears, yearRange, type RegisterEnv } from './common';
import type { JobHandle } from '../context';
import { individualCopiesChunk, registerSeriesIds, seriesExists, stocktakeResults, type IndividualCopyRow } from '../../db/queries/registers';

/** Sổ đăng ký cá biệt, columns (1)–(20) of docs/domain.md, "Sổ đăng ký cá biệt (Sổ ĐKCB)". */
export function individualColumns(years: string[]): TableColumn[] {
  return [
    { title: 'Ngày vào sổ', width: 15, align: 'center' },
    { title: 'STT tên sách', width: 9, align: 'right' },
    { title: 'Số ĐKCB', width: 18 },
    { title: 'Tác giả', width: 23 },
    { title: 'Tên sách', width: 41 },
    { title: 'Nơi XB', width: 13, path: ['Xuất bản'] },
    { title: 'NXB', width: 17, path: ['Xuất bản'] },
    { title: 'Năm', width: 8, path: ['Xuất bản'], align: 'center' },
    { title: 'Phát không', width: 11, path: ['Đơn giá'], align: 'right', money: true },
    { title: 'Mua', width: 11, path: ['Đơn giá'], align: 'right', money: true },
    { title: 'Môn loại', width: 12 },
    { title: 'Số vào sổ tổng quát', width: 10, align: 'center' },
    { title: 'Ngày và số biên bản xuất', width: 20 },
    { title: 'Kho/kệ', width: 13 },
    ...years.map((y): TableColumn => ({ title: `${y.slice(2, 4)}-${y.slice(7)}`, width: 7, path: ['Kiểm kê'], align: 'center' })),
    { title: 'Ghi chú', width: 0 },
  ];
}

const RESULT = { present: 'Còn', missing: 'Mất', extra: 'Thừa' } as Record<string, string>;

export async function printIndividualRegister(env: RegisterEnv, seriesCode: string | undefined, year: string | undefined, job: JobHandle) {
  return renderRegister({ ...(await individualRegisterSpec(env, seriesCode, year)), job });
}

/** The Sổ ĐKCB as a document spec, ready to render (the bench draws the same spec with raw pdfkit too). */
export async function individualRegisterSpec(env: RegisterEnv, seriesCode: string | undefined, year: string | undefined): Promise<RegisterDocumentSpec> {
  const { sql, fmt } = env;
  const range = year ? yearRange(year) : null;
  if (seriesCode && !seriesExists(sql, seriesCode)) throw new AppError('NOT_FOUND', `Không có loại tài liệu mã ${seriesCode}.`);
  // Read in keyset chunks per series (index on series_id, accession_number), yielding between chunks so a
  // 20,000-copy book never blocks scanning or IPC for long.
  const rows: IndividualCopyRow[] = [];
  for (const sid of registerSeriesIds(sql, seriesCode)) {
    let after = -1;
    for (;;) {
      const part = individualCopiesChunk(sql, sid, after, range, 2000);
      for (const r of part) rows.push(r);
      if (part.length < 2000) break;
      after = part[part.length - 1].n;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const years = lastYears(year ?? currentYear(env), 5);
  const stock = new Map<string, string>();
  const st = stocktakeResults(sql, years);
  for (const s of st) stock.set(`${s.copyId}:${s.year}`, RESULT[s.result] ?? s.result);

  const columns = individualColumns(years);
  const sections: TableSection[] = [];
  let current: TableSection | null = null;
  let stt = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
    if (!current || current.heading !== `LOẠI SÁCH: ${r.seriesName.toUpperCase()} (${r.seriesCode})`) {
      current = { heading: `LOẠI SÁCH: ${r.seriesName.toUpperCase()} (${r.seriesCode})`, columns, rows: [], rowHeight: 5.2, fontSize: 8 };
      sections.push(current);
      stt = 0;
    }
    stt++;
    const withdrawn = r.status === 'withdrawn' || r.wNumber !== null;
    const note = withdrawn
      ? ['đã thanh lọc', r.wDecision || (r.wNumber ? `BB số ${r.wNumber}` : '')].filter(Boolean).join(', ')
      : r.status === 'lost' ? ['Mất', r.note].filter(Boolean).join(', ') : r.note;
    current.rows.push([
      fmt(r.batchDate), stt, r.code, r.authors, r.volume ? `${r.title}. ${r.volume}` : r.title, r.place, r.publisher, r.pubYear ?? '',
      r.mode === 'free' ? r.price : null, r.mode === 'free' ? null : r.price, r.cls, r.registerNumber ?? '',
      r.wNumber ? `${r.wNumber} ${fmt(r.wDate)}` : '', r.location,
      ...years.map((y) => stock.get(`${r.id}:${y}`) ?? ''), note,
    ]);
  }
  if (sections.length === 0) {
    sections.push({ heading: seriesCode ? `LOẠI SÁCH: ${seriesCode}` : undefined, columns, rows: [{ span: 'Chưa có bản sách nào được vào sổ.', bold: false }] });
  }
  const last = sections[sections.length - 1];
  last.outro = signatureBlock([
    { role: 'CÁN BỘ THƯ VIỆN', hint: '(Ký, ghi rõ họ tên)', name: env.school.librarian },
    { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: env.school.principal },
  ], placeAndDate(env.school, env.today));
  const seriesLabel = seriesCode ? `${rows[0]?.seriesName ?? seriesCode} (${seriesCode})` : 'Tất cả các loại';
  return {
    file: env.out,
    title: 'SỔ ĐĂNG KÝ CÁ BIỆT',
    landscape: true,
    school: env.school,
    subtitle: `Loại sách: ${seriesLabel}`,
    cover: { title: 'SỔ ĐĂNG KÝ CÁ BIỆT', lines: [`Loại sách: ${seriesLabel}`, `Năm học ${year ?? currentYear(env)}`, 'Số: ……/TV'] },
    sections,
  };
}
