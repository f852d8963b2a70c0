import path from 'node:path';
import type { PlanPriority, PlanReason } from '../../../shared/contract/plan';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { formatAmount } from '../../../shared/number-words';
import { parseCount, parseDong, parseYear, type NumberParse } from '../../../shared/numbers';
import { dedupeKeyOf } from '../../../shared/shelfmark';
import { todayIso } from '../../../shared/dates';
import { cleanText, fold } from '../../../shared/text';
import * as q from '../../db/queries/plan';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { detectColumns, IMPORT_FIELDS, rowsRefused, unknownColumns, type HeaderField, type ImportRowError } from '../catalogue/import';
import { readTable } from '../catalogue/table-file';
import { findDuplicates } from '../catalogue/titles';
import { editablePlan, insertLinesSync, type LineInput } from './plans';

/**
 * The columns of a báo giá: the catalogue import's fields with the SAME header synonyms (Nhan đề / Tên
 * sách, NXB, Đơn giá / Giá bìa …), plus what only a plan has (thành tiền, ghi chú, lý do, ưu tiên,
 * nguồn kinh phí, nhà cung cấp).
 */
export const QUOTATION_FIELDS = {
  series: IMPORT_FIELDS.series, title: IMPORT_FIELDS.title, volume: IMPORT_FIELDS.volume, authors: IMPORT_FIELDS.authors,
  publisher: IMPORT_FIELDS.publisher, year: IMPORT_FIELDS.year, isbn: IMPORT_FIELDS.isbn, quantity: IMPORT_FIELDS.quantity,
  price: IMPORT_FIELDS.price,
  amount: { label: 'Thành tiền', aliases: ['thanh tien', 'tong tien', 'so tien'] },
  note: { label: 'Ghi chú', aliases: ['ghi chu', 'chu thich'] },
  reason: { label: 'Lý do', aliases: ['ly do', 'ly do bo sung', 'ly do mua'] },
  priority: { label: 'Ưu tiên', aliases: ['uu tien', 'muc uu tien', 'muc do uu tien'] },
  funding: { label: 'Nguồn kinh phí', aliases: ['nguon kinh phi', 'kinh phi', 'nguon von'] },
  supplier: { label: 'Nhà cung cấp', aliases: ['nha cung cap', 'don vi cung cap', 'ncc'] },
} satisfies Record<string, HeaderField>;
type Field = keyof typeof QUOTATION_FIELDS;

const REASONS: [PlanReason, string[]][] = [
  ['replace', ['thay the ban hu/mat', 'thay the', 'thay ban hu', 'thay ban mat', 'hu mat', 'bu ban mat']],
  ['tt16', ['bo sung theo tt 16', 'tt 16', 'tt16', 'thong tu 16', 'bo sung theo tt16']],
  ['suggestion', ['de xuat cua giao vien/hoc sinh', 'de xuat', 'giao vien de xuat', 'hoc sinh de xuat']],
  ['sgk', ['du tru sgk', 'sgk', 'du tru']],
  ['other', ['khac']],
];
/**
 * Words that give a reason away in free text ("Thay bản cũ hư nát", "Học sinh đề xuất", "Dự trù năm học 2027-2028"),
 * on folded text, in this order: a note read this way never falls back to "Khác" when it says why.
 */
const REASON_WORDS: [PlanReason, RegExp][] = [
  ['replace', /\bthay\b|\bbu ban\b|\b(bi|ban) (hu|mat|rach|hong|cu)\b|\bhu (hong|nat|rach|mat)\b|\brach nat\b/],
  ['tt16', /\btt ?16\b|\bthong tu 16\b/],
  ['suggestion', /\bde xuat\b|\bde nghi\b|\bdat mua\b/],
  ['sgk', /\bdu tru\b|\bsgk\b|\bsach giao khoa\b/],
];
/** The reason a "Lý do" or "Ghi chú" text names: one of the labels, else the words above; undefined when it says none. */
export function reasonOfText(text: string): PlanReason | undefined {
  const t = fold(text);
  if (!t) return undefined;
  return REASONS.find(([k, names]) => k === t || names.includes(t))?.[0] ?? REASON_WORDS.find(([, re]) => re.test(t))?.[0];
}

/**
 * "đã có 13 bản (bản in 2020)": the copies in stock of what the catalogue holds of a quoted title (ISBN first, then
 * folded title + authors, any year), by edition, so the librarian sees whether the quotation is a new edition.
 */
export function heldText(editions: q.HeldEdition[]): string {
  if (!editions.length) return '';
  const year = (e: q.HeldEdition) => (e.year === null ? 'chưa rõ năm' : String(e.year));
  const copies = editions.reduce((a, e) => a + Number(e.copies), 0);
  const detail = editions.length === 1 ? `bản in ${year(editions[0])}` : `bản in ${editions.map((e) => `${year(e)}: ${formatAmount(Number(e.copies))}`).join(', ')}`;
  return copies ? `đã có ${formatAmount(copies)} bản (${detail})` : `có trong danh mục, không còn bản nào (${detail})`;
}

const PRIORITIES: [PlanPriority, string[]][] = [['high', ['cao', '1']], ['normal', ['trung binh', 'binh thuong', '2']], ['low', ['thap', '3']]];

export interface QuotationResult {
  lines: number; copies: number; amount: number; rows: number; dryRun: boolean; headers: string[]; unknownColumns: string[];
  preview: { row: number; title: string; authors: string; seriesCode: string; quantity: number; unitPrice: number; amount: number; matched: boolean; held: string }[];
}

/**
 * Adds a quotation's rows to a draft plan. All or nothing, like the catalogue import: any bad row and
 * nothing is written, each bad row named "Dòng 4: …" with the spreadsheet's row number. A row whose
 * title is in the catalogue (same ISBN, or same title, authors and year) is linked to it.
 */
export async function importQuotation(ctx: ServiceContext, planId: number, file: { fileName: string; content?: Buffer } | string, options: { dryRun?: boolean; jobId?: string } = {}): Promise<QuotationResult> {
  const fileName = typeof file === 'string' ? file : file.fileName;
  const table = await readTable(typeof file === 'string' ? file : { fileName: file.fileName, content: file.content! });
  if (table.headers.length === 0 || table.rows.length === 0) throw new AppError('EMPTY_FILE', 'Tệp không có dòng dữ liệu nào.');
  const columns = detectColumns(table.headers, QUOTATION_FIELDS);
  for (const f of ['title', 'quantity', 'price'] as const) {
    if (!columns.has(f)) throw new AppError('BAD_MAPPING', `Không tìm thấy cột ${QUOTATION_FIELDS[f].label.toLowerCase()}. Các cột trong tệp: ${table.headers.join(', ')}.`);
  }
  const sql = ctx.sql;
  editablePlan(sql, planId);
  const codes = q.seriesCodes(sql);
  const currentYear = Number(todayIso(ctx.now()).slice(0, 4));
  const job = ctx.jobs.begin(options.jobId);
  const errors: ImportRowError[] = [];
  const lines: (Omit<LineInput, 'id'> & { row: number; held: string })[] = [];
  const seen = new Map<string, number>();
  const inPlan = new Map(q.planLines(sql, planId).map((l, i) => [`${fold(l.title)}|${fold(l.authors)}`, i + 1]));
  for (const [index, { rowNumber, cells }] of table.rows.entries()) {
    job.progress(index, table.rows.length, 'Đang kiểm tra các dòng');
    const get = (f: Field) => {
      const i = columns.get(f);
      return i === undefined ? '' : cleanText(cells[i] ?? '');
    };
    const problems: string[] = [];
    const read = (f: Field, parse: (t: string) => NumberParse, required: boolean): number | null => {
      const text = get(f);
      const name = (columns.has(f) && table.headers[columns.get(f)!]?.trim()) || QUOTATION_FIELDS[f].label;
      if (required && text === '') {
        problems.push(`thiếu ${name.toLowerCase()}`);
        return null;
      }
      const r = parse(text);
      if (r.ok) return r.value;
      problems.push(`${name.toLowerCase()} "${text}" không đọc được (${r.reason})`);
      return null;
    };
    const volume = get('volume');
    const title = get('title') && volume ? `${get('title')} – ${volume}` : get('title');
    if (!title) problems.push('thiếu nhan đề');
    const seriesText = get('series');
    const seriesCode = seriesText ? codes.find((c) => c === seriesText.toUpperCase()) : '';
    if (seriesCode === undefined) problems.push(`loại sách "${seriesText}" không có trong Cài đặt (có: ${codes.join(', ')})`);
    const quantity = read('quantity', (t) => parseCount(t, 1, 10_000), true);
    const unitPrice = read('price', (t) => parseDong(t), true);
    const amount = read('amount', (t) => parseDong(t), false);
    if (quantity !== null && unitPrice !== null && amount !== null && amount !== quantity * unitPrice) {
      problems.push(`thành tiền ${amount.toLocaleString('vi-VN')} khác số lượng × đơn giá (${(quantity * unitPrice).toLocaleString('vi-VN')})`);
    }
    const year = read('year', (t) => parseYear(t, currentYear + 1), false);
    const isbn = normalizeIsbn(get('isbn'));
    if (isbn === 'invalid') problems.push(`ISBN "${get('isbn')}" sai (kiểm tra lại chữ số cuối)`);
    // A "Lý do" column must name a reason; without one, the note often says why ("Thay bản cũ hư nát", "Học sinh đề xuất").
    const reason = get('reason') ? reasonOfText(get('reason')) : (reasonOfText(get('note')) ?? (seriesCode === 'SGK' ? 'sgk' : 'other'));
    if (!reason) problems.push(`lý do "${get('reason')}" không rõ (Thay thế bản hư/mất, Bổ sung theo TT 16, Đề xuất, Dự trù SGK hoặc Khác)`);
    const priorityText = fold(get('priority'));
    const priority = priorityText === '' ? 'normal' : PRIORITIES.find(([, names]) => names.includes(priorityText))?.[0];
    if (!priority) problems.push(`ưu tiên "${get('priority')}" không rõ (Cao, Trung bình hoặc Thấp)`);
    const authors = get('authors').replace(/\s*[,;]\s*(?=\S)/g, '; ');
    if (title) {
      const key = `${dedupeKeyOf(title, '', authors)}|${year ?? ''}`;
      if (seen.has(key)) problems.push(`trùng với dòng ${seen.get(key)} (cùng tên sách, tác giả, năm)`);
      else seen.set(key, rowNumber);
      const dup = inPlan.get(`${fold(title)}|${fold(authors)}`);
      if (dup) problems.push(`"${title}" đã có trong kế hoạch (dòng ${dup})`);
    }
    if (problems.length) {
      errors.push({ row: rowNumber, message: `Dòng ${rowNumber}: ${problems.join('; ')}.` });
      continue;
    }
    // Linked to a catalogue title only when it is the same edition (ISBN, or title + authors + year); another year's
    // edition is shown ("đã có 13 bản (bản in 2020)") for the librarian to decide, the line stays a title to catalogue.
    const match = findDuplicates(sql, { isbn: isbn as string | null, title: get('title'), volume, authors, publicationYear: year })[0];
    const byIsbn = isbn && isbn !== 'invalid' ? q.heldEditionsByIsbn(sql, isbn) : [];
    const held = heldText(byIsbn.length ? byIsbn : q.heldEditionsByKey(sql, dedupeKeyOf(get('title'), volume, authors)));
    lines.push({
      row: rowNumber, held, titleId: match?.id ?? null, title, authors, publisher: get('publisher'), publicationYear: year, isbn: (isbn as string | null) ?? '',
      seriesCode: seriesCode ?? '', quantity: quantity!, unitPrice: unitPrice!, reason: reason!, priority: priority!,
      funding: get('funding') || 'Ngân sách', supplier: get('supplier'), note: get('note'), suggestionId: null,
    });
  }
  if (errors.length) throw rowsRefused(errors, table.headers, columns.values());
  const result: QuotationResult = {
    lines: lines.length, copies: lines.reduce((a, l) => a + l.quantity, 0), amount: lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0),
    rows: table.rows.length, dryRun: !!options.dryRun, headers: table.headers, unknownColumns: unknownColumns(table.headers, columns.values()),
    preview: lines.slice(0, 50).map((l) => ({ row: l.row, title: l.title, authors: l.authors, seriesCode: l.seriesCode, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.quantity * l.unitPrice, matched: l.titleId !== null, held: l.held })),
  };
  if (!options.dryRun) {
    transaction(sql, () => insertLinesSync(ctx, sql, planId, lines.map(({ row: _row, held: _held, ...l }) => l), 'plan.import', { file: path.basename(fileName) }));
  }
  job.progress(1, 1, options.dryRun ? 'Đã kiểm tra xong' : 'Đã nhập xong');
  return result;
}
