import { renderRegister, type RegisterDocumentSpec, type TableColumn, type TableSection } from '../../pdf/registers/table';
import { placeAndDate, signatureBlock } from '../../pdf/registers/blocks';
import { AppError } from '../../../shared/errors';
import { currentYear, lastYears, yearRange, type RegisterEnv } from './common';
import type { JobHandle } from '../jobs';

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

interface CopyRow {
  id: number; seriesCode: string; seriesName: string; code: string; batchDate: string; registerNumber: number | null;
  authors: string; title: string; volume: string; place: string; publisher: string; pubYear: number | null;
  price: number; mode: string; cls: string; location: string; status: string; note: string;
  wNumber: string | null; wDate: string | null; wDecision: string | null;
}

export async function printIndividualRegister(env: RegisterEnv, seriesCode: string | undefined, year: string | undefined, job: JobHandle) {
  return renderRegister({ ...(await individualRegisterSpec(env, seriesCode, year)), job });
}

/** The Sổ ĐKCB as a document spec, ready to render (the bench draws the same spec with raw pdfkit too). */
export async function individualRegisterSpec(env: RegisterEnv, seriesCode: string | undefined, year: string | undefined): Promise<RegisterDocumentSpec> {
  const { raw, fmt } = env;
  const range = year ? yearRange(year) : null;
  const params: unknown[] = [];
  let where = "b.status = 'confirmed'";
  if (seriesCode) {
    const exists = raw.prepare('SELECT 1 FROM collection_series WHERE code = ?').get(seriesCode);
    if (!exists) throw new AppError('NOT_FOUND', `Không có loại tài liệu mã ${seriesCode}.`);
  }
  if (range) {
    where += ' AND b.date BETWEEN ? AND ?';
    params.push(range.from, range.to);
  }
  // Read in keyset chunks per series (index on series_id, accession_number), yielding between chunks so a
  // 20,000-copy book never blocks scanning or IPC for long.
  const seriesList = raw.prepare(`SELECT id FROM collection_series s ${seriesCode ? 'WHERE s.code = ?' : ''} ORDER BY s.sort_order, s.id`)
    .all(...(seriesCode ? [seriesCode] : [])) as { id: number }[];
  const chunk = raw.prepare(`SELECT c.id, s.code AS seriesCode, s.name AS seriesName, c.accession_code AS code, c.accession_number AS n, b.date AS batchDate,
      b.register_number AS registerNumber, t.authors, t.title, t.volume, t.place_of_publication AS place, t.publisher,
      t.publication_year AS pubYear, c.price, c.acquisition_mode AS mode, t.classification AS cls, c.location, c.status, c.note,
      w.number AS wNumber, COALESCE(w.approval_date, w.date) AS wDate, w.decision_number AS wDecision
    FROM copy c JOIN collection_series s ON s.id = c.series_id JOIN title t ON t.id = c.title_id
    JOIN accession_batch b ON b.id = c.batch_id
    LEFT JOIN withdrawal w ON w.id = c.withdrawal_id AND w.status = 'confirmed'
    WHERE c.series_id = ? AND c.accession_number > ? AND ${where} ORDER BY c.accession_number LIMIT 2000`);
  const rows: (CopyRow & { n: number })[] = [];
  for (const { id: sid } of seriesList) {
    let after = -1;
    for (;;) {
      const part = chunk.all(sid, after, ...params) as (CopyRow & { n: number })[];
      for (const r of part) rows.push(r);
      if (part.length < 2000) break;
      after = part[part.length - 1].n;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const years = lastYears(year ?? currentYear(env), 5);
  const stock = new Map<string, string>();
  const st = raw.prepare(`SELECT si.copy_id AS copyId, st.school_year AS year, si.result FROM stocktake_item si
    JOIN stocktake st ON st.id = si.stocktake_id WHERE si.copy_id IS NOT NULL AND st.school_year IN (${years.map(() => '?').join(',')})
    ORDER BY st.started_at, si.id`).all(...years) as { copyId: number; year: string; result: string }[];
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
