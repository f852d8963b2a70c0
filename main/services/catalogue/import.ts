import path from 'node:path';
import { compactRanges, expandRange } from '../../../shared/accession';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { parseCount, parseDecimal, parseDong, parseYear, type NumberParse } from '../../../shared/numbers';
import { dedupeKeyOf } from '../../../shared/shelfmark';
import { cleanText, fold } from '../../../shared/text';
import { copyCodeTaken } from '../../db/queries/catalogue';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { confirmBatchSync, insertDraftBatchSync, loadSeries } from '../accession/numbering';
import { createTitle, findDuplicates, type TitleFields } from './titles';
import { readTable, type Table } from './table-file';

/** The fields an import row can carry, with the headers recognised for each (compared folded). */
export const IMPORT_FIELDS = {
  series: { label: 'Loại sách', aliases: ['loai sach', 'loai tai lieu', 'loai', 'kho sach'] },
  title: { label: 'Nhan đề', aliases: ['nhan de', 'ten sach', 'nhan de chinh', 'ten tai lieu', 'ten'] },
  subtitle: { label: 'Phụ đề', aliases: ['phu de'] },
  volume: { label: 'Tập', aliases: ['tap', 'tap so'] },
  authors: { label: 'Tác giả', aliases: ['tac gia', 'tac gia chinh'] },
  publisher: { label: 'Nhà xuất bản', aliases: ['nha xuat ban', 'nxb'] },
  place: { label: 'Nơi xuất bản', aliases: ['noi xuat ban', 'noi xb'] },
  year: { label: 'Năm xuất bản', aliases: ['nam xuat ban', 'nam xb', 'nam'] },
  edition: { label: 'Lần xuất bản', aliases: ['lan xuat ban', 'tai ban'] },
  pages: { label: 'Số trang', aliases: ['so trang'] },
  size: { label: 'Khổ (cm)', aliases: ['kho (cm)', 'kho', 'kich thuoc', 'kho sach (cm)'] },
  price: { label: 'Giá tiền', aliases: ['gia tien', 'gia bia', 'don gia', 'gia'] },
  isbn: { label: 'ISBN', aliases: ['isbn'] },
  classification: { label: 'Môn loại', aliases: ['mon loai', 'ky hieu phan loai', 'phan loai', 'ddc'] },
  authorMark: { label: 'Ký hiệu tác giả', aliases: ['ky hieu tac gia', 'ky hieu ten sach'] },
  language: { label: 'Ngôn ngữ', aliases: ['ngon ngu'] },
  quantity: { label: 'Số lượng', aliases: ['so luong', 'sl', 'so ban'] },
  source: { label: 'Nguồn', aliases: ['nguon', 'nguon cung cap', 'nguon nhap'] },
  codes: { label: 'Số ĐKCB', aliases: ['so dkcb', 'dkcb', 'so dang ky ca biet'] },
  keywords: { label: 'Từ khóa', aliases: ['tu khoa'] },
  summary: { label: 'Tóm tắt', aliases: ['tom tat'] },
  gradeLevel: { label: 'Khối lớp', aliases: ['khoi lop', 'khoi'] },
  subject: { label: 'Môn học', aliases: ['mon hoc'] },
} as const;
export type ImportField = keyof typeof IMPORT_FIELDS;
export const importFields = Object.keys(IMPORT_FIELDS) as ImportField[];

export interface ImportOptions {
  /** Field → header text in the file, when the headers differ from the usual ones. */
  mapping?: Partial<Record<ImportField, string>>;
  /** Ngày vào sổ of the batches (today by default). */
  date?: string;
  /** Series code for rows without one (STK by default). */
  defaultSeries?: string;
  /** Validate only: nothing is written. */
  dryRun?: boolean;
  /** The file's bytes when it does not live on disk (browser upload); `file` is then only its name. */
  content?: Buffer;
  /** Reports progress (jobs.progress events) under this id; cancelling it rolls everything back. */
  jobId?: string;
}

export interface ImportRowError { row: number; message: string }

export interface ImportResult {
  titles: number;
  copies: number;
  batches: { registerNumber: number | null; source: string; copies: number; firstCode: string | null; lastCode: string | null; codeRanges: string }[];
  /** Codes per series: first and last ĐKCB handed out or kept. */
  rows: number;
  headers: string[];
  mapping: Partial<Record<ImportField, string>>;
  preview: { row: number; title: string; authors: string; series: string; quantity: number; source: string }[];
  /** Columns of the file that no field reads: shown in the preview and by the CLI, never dropped in silence. */
  unknownColumns: string[];
  dryRun: boolean;
}

/** Row-number columns ("STT") carry nothing to import and are not reported. */
export const ROW_NUMBER_HEADERS = ['stt', 'tt', 'so thu tu'];

/** Headers of the file that no field reads (blank headers and "STT" aside). */
export function unknownColumns(headers: string[], used: Iterable<number>): string[] {
  const taken = new Set(used);
  return headers.filter((h, i) => !taken.has(i) && h.trim() !== '' && !ROW_NUMBER_HEADERS.includes(fold(h)));
}

/** "Cột 'Người viết' không được nhập." — one sentence per column no field reads. */
export function unknownColumnMessage(header: string): string {
  return `Cột '${header}' không được nhập (không khớp trường nào; chọn cột cho trường nếu cần).`;
}

const SOURCES: [string, string[]][] = [
  ['mua', ['mua', 'mua sam', 'ngan sach']],
  ['bieu_tang', ['bieu tang', 'tang', 'bieu', 'quyen gop', 'tai tro']],
  ['cap_phat', ['cap phat', 'cap', 'phat']],
  ['khac', ['khac']],
];
export { SOURCE_LABELS } from '../../../shared/contract/accession';

const LANGUAGES: Record<string, string> = {
  'tieng viet': 'vi', 'viet': 'vi', 'vi': 'vi', 'tieng anh': 'en', 'anh': 'en', 'en': 'en', 'tieng phap': 'fr', 'phap': 'fr', 'fr': 'fr',
  'tieng trung': 'zh', 'trung': 'zh', 'zh': 'zh', 'tieng nga': 'ru', 'nga': 'ru', 'ru': 'ru', 'tieng nhat': 'ja', 'ja': 'ja',
  'tieng han': 'ko', 'ko': 'ko', 'tieng duc': 'de', 'de': 'de',
};

export function sourceCode(text: string): string | null {
  const f = fold(text);
  if (f === '') return 'mua';
  for (const [code, names] of SOURCES) if (code === text || names.includes(f)) return code;
  return null;
}

/** A field an import reads: the name people see, and the headers recognised for it (compared folded). */
export interface HeaderField { label: string; aliases: readonly string[] }

/**
 * Finds each field's column: the explicit mapping first, then the usual header names. Any import with
 * its own fields (the plan's quotation) calls this with its table, so headers are recognised one way.
 */
export function detectColumns<F extends string>(headers: string[], fields: Record<F, HeaderField>, mapping: Partial<Record<F, string>> = {}): Map<F, number> {
  const folded = headers.map((h) => fold(h));
  const out = new Map<F, number>();
  for (const field of Object.keys(fields) as F[]) {
    const wanted = mapping[field];
    if (wanted !== undefined) {
      if (wanted === '') continue;
      const i = folded.indexOf(fold(wanted));
      if (i < 0) throw new AppError('BAD_MAPPING', `Tệp không có cột "${wanted}" (chọn cho trường ${fields[field].label}).`);
      out.set(field, i);
      continue;
    }
    const i = folded.findIndex((h, idx) => fields[field].aliases.includes(h) && ![...out.values()].includes(idx));
    if (i >= 0) out.set(field, i);
  }
  return out;
}

/** The catalogue's fields found in the headers. */
export function detectMapping(headers: string[], mapping: Partial<Record<ImportField, string>> = {}): Map<ImportField, number> {
  return detectColumns(headers, IMPORT_FIELDS, mapping);
}

/**
 * The refusal of a whole file: one sentence, then the first bad rows ("Dòng 4: …", the spreadsheet's row
 * numbers); `details` carries every row for screens that list them. Shared by every all-or-nothing import.
 */
export function rowsRefused(errors: ImportRowError[], headers: string[], used: Iterable<number>, head?: string, code = 'IMPORT_INVALID'): AppError {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  const summary = head ?? `Tệp có ${sorted.length} dòng lỗi; không nhập dòng nào. Sửa các dòng này rồi nhập lại.`;
  const shown = sorted.slice(0, 5).map((e) => e.message).join(' ');
  // `summary` is the sentence without the rows, for screens that list the rows themselves.
  return new AppError(code, `${summary} ${shown}${sorted.length > 5 ? ' …' : ''}`,
    { summary, errors: sorted.slice(0, 500), unknownColumns: unknownColumns(headers, used) });
}

interface ParsedRow {
  row: number; fields: TitleFields; quantity: number; source: string; codes: string[] | null; seriesCode: string;
}

function parseRows(table: Table, columns: Map<ImportField, number>, series: ReturnType<typeof loadSeries>, options: ImportOptions, currentYear: number,
  step: (done: number) => void): { rows: ParsedRow[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const rows: ParsedRow[] = [];
  const defaultSeries = (options.defaultSeries ?? 'STK').toUpperCase();
  for (const [index, { rowNumber, cells }] of table.rows.entries()) {
    step(index);
    const get = (f: ImportField) => {
      const i = columns.get(f);
      return i === undefined ? '' : cleanText(cells[i] ?? '');
    };
    const rowErrors: string[] = [];
    const title = get('title');
    if (!title) rowErrors.push('thiếu nhan đề');
    const seriesText = get('series') || defaultSeries;
    const s = series.find((x) => x.code === seriesText.toUpperCase() || fold(x.name) === fold(seriesText));
    if (!s) rowErrors.push(`loại sách "${seriesText}" không có trong Cài đặt (có: ${series.map((x) => x.code).join(', ')})`);
    // Numbers are read by the shared parser: a cell that cannot be read is a row error, never guessed or emptied.
    const read = (f: ImportField, parse: (t: string) => NumberParse): number | null => {
      const text = get(f);
      const r = parse(text);
      if (r.ok) return r.value;
      const i = columns.get(f);
      const name = (i !== undefined && table.headers[i]?.trim()) || IMPORT_FIELDS[f].label;
      rowErrors.push(`${name.toLowerCase()} "${text}" không đọc được (${r.reason})`);
      return null;
    };
    const year = read('year', (t) => parseYear(t, currentYear + 1));
    const isbn = normalizeIsbn(get('isbn'));
    if (isbn === 'invalid') rowErrors.push(`ISBN "${get('isbn')}" sai (kiểm tra lại chữ số cuối)`);
    const pagesN = read('pages', (t) => parseCount(t, 1, 100_000));
    const size = read('size', (t) => parseDecimal(t, 0, 100));
    const price = read('price', (t) => parseDong(t));
    const gradeN = read('gradeLevel', (t) => parseCount(t, 1, 12));
    let codes: string[] | null = null;
    const codesText = get('codes');
    if (codesText) {
      codes = [];
      for (const part of codesText.split(/[;,]/).map((p) => p.trim()).filter(Boolean)) {
        const expanded = expandRange(part);
        if (!expanded) {
          rowErrors.push(`số ĐKCB "${part}" không đọc được (ví dụ đúng: STK120 hoặc STK120-STK125)`);
          break;
        }
        codes.push(...expanded);
      }
    }
    const quantity = get('quantity') === '' ? codes?.length || 1 : read('quantity', (t) => parseCount(t, 1, 10_000)) ?? 0;
    if (codes && quantity > 0 && codes.length !== quantity) rowErrors.push(`số lượng ${quantity} khác số ĐKCB đã ghi (${codes.length} số)`);
    const source = sourceCode(get('source'));
    if (!source) rowErrors.push(`nguồn "${get('source')}" không rõ (Mua, Biếu tặng, Cấp phát hoặc Khác)`);
    const langText = get('language');
    const language = langText ? (LANGUAGES[fold(langText)] ?? langText) : 'vi';
    if (rowErrors.length) {
      errors.push({ row: rowNumber, message: `Dòng ${rowNumber}: ${rowErrors.join('; ')}.` });
      continue;
    }
    rows.push({
      row: rowNumber, quantity, source: source!, codes, seriesCode: s!.code,
      fields: {
        title, subtitle: get('subtitle'), volume: get('volume'), authors: get('authors').replace(/\s*[,;]\s*(?=\S)/g, '; '),
        publisher: get('publisher'), placeOfPublication: get('place'), publicationYear: year, edition: get('edition'),
        pages: pagesN, sizeCm: size, coverPrice: price, isbn: isbn as string | null, language, seriesId: s!.id,
        classification: get('classification'), authorMark: get('authorMark'), keywords: get('keywords'), summary: get('summary'),
        gradeLevel: gradeN, subject: get('subject'),
      },
    });
  }
  return { rows, errors };
}

/**
 * Imports a catalogue (.xlsx or .csv): one title per row, its copies in one accession batch per
 * source, ĐKCB allocated consecutively per series (or kept from a "Số ĐKCB" column). All or nothing:
 * any bad row, or any row already in the catalogue, and nothing is written; the error names the rows.
 */
export async function importCatalogueFile(ctx: ServiceContext, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const table = await readTable(options.content ? { fileName: file, content: options.content } : file);
  if (table.headers.length === 0 || table.rows.length === 0) throw new AppError('EMPTY_FILE', 'Tệp không có dòng dữ liệu nào.');
  const columns = detectMapping(table.headers, options.mapping);
  if (!columns.has('title')) {
    throw new AppError('BAD_MAPPING', `Không tìm thấy cột nhan đề. Các cột trong tệp: ${table.headers.join(', ')}. Hãy chọn cột cho từng trường.`);
  }
  const sql = ctx.sql;
  const series = loadSeries(sql);
  const today = todayIso(ctx.now());
  // One bar for the whole job: checking every row (parse, then duplicates), then writing the rows that passed.
  const job = ctx.jobs.begin(options.jobId);
  const checking = (done: number) => job.progress(done, table.rows.length * 2, 'Đang kiểm tra các dòng');
  const { rows, errors } = parseRows(table, columns, series, options, Number(today.slice(0, 4)), (i) => checking(Math.floor(i / 2)));

  // Duplicates: inside the file, then against the catalogue.
  const seenKey = new Map<string, number>();
  const seenIsbn = new Map<string, number>();
  const seenCode = new Map<string, number>();
  for (const [i, r] of rows.entries()) {
    checking(Math.floor(table.rows.length / 2 + (i * table.rows.length) / rows.length / 2));
    const f = r.fields;
    const key = `${dedupeKeyOf(cleanText(f.title), cleanText(f.volume), f.authors)}|${f.publicationYear ?? ''}`;
    const problems: string[] = [];
    if (seenKey.has(key)) problems.push(`trùng với dòng ${seenKey.get(key)} (cùng nhan đề, tác giả, năm)`);
    else seenKey.set(key, r.row);
    if (f.isbn) {
      if (seenIsbn.has(f.isbn)) problems.push(`ISBN trùng với dòng ${seenIsbn.get(f.isbn)}`);
      else seenIsbn.set(f.isbn, r.row);
    }
    for (const c of r.codes ?? []) {
      const code = c.toUpperCase();
      if (seenCode.has(code)) {
        problems.push(`số ĐKCB ${code} trùng với dòng ${seenCode.get(code)}`);
        break;
      }
      seenCode.set(code, r.row);
      if (copyCodeTaken(sql, code)) {
        problems.push(`số ĐKCB ${code} đã có trong kho`);
        break;
      }
    }
    const dup = findDuplicates(sql, { isbn: f.isbn, title: f.title, volume: f.volume, authors: f.authors, publicationYear: f.publicationYear });
    if (dup.length) problems.push(`"${f.title}" đã có trong danh mục (${dup[0].reason === 'isbn' ? 'trùng ISBN' : 'trùng nhan đề, tác giả, năm xuất bản'})`);
    if (problems.length) errors.push({ row: r.row, message: `Dòng ${r.row}: ${problems.join('; ')}.` });
  }
  if (errors.length) {
    const dupOnly = errors.every((e) => e.message.includes('đã có trong danh mục'));
    throw rowsRefused(errors, table.headers, columns.values(),
      dupOnly ? `Tệp này trùng với danh mục đã có (${errors.length} dòng); không nhập dòng nào.` : undefined,
      dupOnly ? 'IMPORT_DUPLICATE' : 'IMPORT_INVALID');
  }

  const mapping: Partial<Record<ImportField, string>> = {};
  for (const [f, i] of columns) mapping[f] = table.headers[i];
  const result: ImportResult = {
    titles: rows.length, copies: rows.reduce((a, r) => a + r.quantity, 0), batches: [], rows: table.rows.length,
    headers: table.headers, mapping, dryRun: !!options.dryRun, unknownColumns: unknownColumns(table.headers, columns.values()),
    preview: rows.slice(0, 20).map((r) => ({ row: r.row, title: r.fields.title, authors: r.fields.authors, series: r.seriesCode, quantity: r.quantity, source: r.source })),
  };
  if (options.dryRun) {
    job.progress(1, 1, 'Đã kiểm tra xong');
    return result;
  }

  const now = ctx.now();
  const date = options.date ?? today;
  const note = `Nhập từ tệp ${path.basename(file)}`;
  const total = table.rows.length * 2;
  let written = 0;
  result.batches = transaction(sql, () => {
    const bySource = new Map<string, ParsedRow[]>();
    for (const r of rows) {
      const list = bySource.get(r.source);
      if (list) list.push(r);
      else bySource.set(r.source, [r]);
    }
    const out: ImportResult['batches'] = [];
    for (const [source, list] of bySource) {
      const lines = list.map((r) => {
        // A cancel here throws, and the whole transaction rolls back.
        job.progress(table.rows.length + Math.floor((written++ * table.rows.length) / rows.length), total, 'Đang ghi vào danh mục');
        return {
          titleId: createTitle(sql, r.fields, now), quantity: r.quantity, unitPrice: r.fields.coverPrice ?? 0,
          acquisitionMode: source === 'mua' ? 'purchase' : 'free', existingCodes: r.codes,
        };
      });
      const batchId = insertDraftBatchSync(sql, { date, source, voucherNumber: '', supplier: '', note, lines }, now);
      const c = confirmBatchSync(sql, batchId, now);
      out.push({ registerNumber: c.registerNumber, source, copies: c.copies, firstCode: c.codes[0] ?? null, lastCode: c.codes[c.codes.length - 1] ?? null, codeRanges: compactRanges(c.codes) });
    }
    return out;
  });
  job.progress(total, total, 'Đã nhập xong');
  return result;
}
