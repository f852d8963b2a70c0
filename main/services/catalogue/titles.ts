import fs from 'node:fs';
import type { z } from 'zod';
import type { CopyDto, TitleDto, titleInput, uploadedTableFile } from '../../../shared/contract/catalogue';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { dedupeKeyOf, defaultAuthorMark, shelfMark } from '../../../shared/shelfmark';
import { cleanText, collationKey, fold } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import {
  copiesOfTitle, copyById, copyFields, insertTitle, loansOfTitle, seriesExists, storedTitle, titleById, titleHasCopies, titlesByIsbn,
  titlesWithDedupeKey, titlesWithIsbn, updateCopyFields, updateTitle, upsertClassifications, writeIndexRow, type LoanHistoryRow, type TitleRow,
} from '../../db/queries/catalogue';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { reindexTitles, titleSearchBody } from './search-index';
import { readTable } from './table-file';

/** What a title row holds (already validated and cleaned). */
export interface TitleFields {
  title: string; subtitle: string; volume: string; authors: string; publisher: string; placeOfPublication: string;
  publicationYear: number | null; edition: string; pages: number | null; sizeCm: number | null; coverPrice: number | null;
  isbn: string | null; language: string; seriesId: number; classification: string; authorMark: string; keywords: string;
  summary: string; gradeLevel: number | null; subject: string;
}

export function normaliseTitle(t: TitleFields): TitleFields {
  const authors = t.authors.split(/\s*;\s*/).map(cleanText).filter(Boolean).join('; ');
  const title = cleanText(t.title);
  return {
    ...t,
    title, subtitle: cleanText(t.subtitle), volume: cleanText(t.volume), authors, publisher: cleanText(t.publisher),
    placeOfPublication: cleanText(t.placeOfPublication), edition: cleanText(t.edition), language: cleanText(t.language) || 'vi',
    classification: cleanText(t.classification), keywords: cleanText(t.keywords), summary: t.summary.normalize('NFC').trim(),
    subject: cleanText(t.subject),
    authorMark: cleanText(t.authorMark) || defaultAuthorMark(authors, title),
  };
}

function valuesOf(fields: TitleFields) {
  const t = normaliseTitle(fields);
  return { ...t, dedupeKey: dedupeKeyOf(t.title, t.volume, t.authors), sortKey: collationKey(t.title, t.volume, t.authors) };
}

/** Inserts a title and its search-index row. Call inside the write's transaction. */
export function createTitle(sql: Sql, fields: TitleFields, now: Date): number {
  const values = valuesOf(fields);
  const id = insertTitle(sql, values, now.toISOString());
  writeIndexRow(sql, id, titleSearchBody(values));
  return id;
}

/** Rewrites a title and its search-index row. Call inside the write's transaction. */
export function rewriteTitle(sql: Sql, id: number, fields: TitleFields, now: Date): void {
  if (!updateTitle(sql, id, valuesOf(fields), now.toISOString())) throw new AppError('NOT_FOUND', 'Không tìm thấy đầu sách này.');
  reindexTitles(sql, [id]);
}

export interface DuplicateTitle { id: number; title: string; authors: string; publicationYear: number | null; reason: 'isbn' | 'title' }

/** Titles that look like the same book: same ISBN, or same title + volume + authors + year. */
export function findDuplicates(sql: Sql, t: { isbn: string | null; title: string; volume: string; authors: string;
  publicationYear: number | null; excludeId?: number }): DuplicateTitle[] {
  const out: DuplicateTitle[] = [];
  const seen = new Set<number>();
  if (t.isbn) {
    for (const r of titlesWithIsbn(sql, t.isbn)) {
      if (r.id === t.excludeId) continue;
      seen.add(r.id);
      out.push({ ...r, reason: 'isbn' });
    }
  }
  const key = dedupeKeyOf(cleanText(t.title), cleanText(t.volume), t.authors.split(/\s*;\s*/).map(cleanText).filter(Boolean).join('; '));
  for (const r of titlesWithDedupeKey(sql, key)) {
    if (r.id === t.excludeId || seen.has(r.id)) continue;
    if ((r.publicationYear ?? null) !== (t.publicationYear ?? null)) continue;
    out.push({ ...r, reason: 'title' });
  }
  return out;
}

export function toTitleDto(r: TitleRow): TitleDto {
  return { ...r, authors: r.authors ? r.authors.split('; ') : [], shelfMark: shelfMark(r.classification, r.authorMark) };
}

export function getTitle(sql: Sql, id: number): TitleDto {
  const row = titleById(sql, id);
  if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy đầu sách này.');
  return toTitleDto(row);
}

export function findByIsbn(sql: Sql, isbnText: string): TitleDto[] {
  const isbn = normalizeIsbn(isbnText);
  if (!isbn || isbn === 'invalid') return [];
  return titlesByIsbn(sql, isbn).map(toTitleDto);
}

export function titleDetail(sql: Sql, id: number): { title: TitleDto; copies: CopyDto[]; loans: LoanHistoryRow[] } {
  return { title: getTitle(sql, id), copies: copiesOfTitle(sql, id) as CopyDto[], loans: loansOfTitle(sql, id) };
}

export function fieldsFromInput(input: z.output<typeof titleInput>): TitleFields {
  const isbn = normalizeIsbn(input.isbn);
  if (isbn === 'invalid') throw new AppError('BAD_ISBN', 'ISBN không đúng (sai số kiểm tra).');
  return {
    title: input.title, subtitle: input.subtitle, volume: input.volume, authors: input.authors.map(cleanText).filter(Boolean).join('; '),
    publisher: input.publisher, placeOfPublication: input.placeOfPublication, publicationYear: input.publicationYear,
    edition: input.edition, pages: input.pages, sizeCm: input.sizeCm, coverPrice: input.coverPrice, isbn, language: input.language,
    seriesId: input.seriesId, classification: input.classification, authorMark: input.authorMark, keywords: input.keywords,
    summary: input.summary, gradeLevel: input.gradeLevel, subject: input.subject,
  };
}

export function saveTitle(ctx: ServiceContext, input: z.output<typeof titleInput>): TitleDto {
  const fields = fieldsFromInput(input);
  const now = ctx.now();
  const sql = ctx.sql;
  const id = transaction(sql, () => {
    if (!seriesExists(sql, fields.seriesId)) throw new AppError('NOT_FOUND', 'Không có loại tài liệu này.');
    if (!input.allowDuplicate) {
      const dups = findDuplicates(sql, { ...fields, excludeId: input.id });
      if (dups.length) {
        const d = dups[0];
        throw new AppError('DUPLICATE',
          `Có thể trùng với đầu sách đã có: "${d.title}"${d.authors ? ` – ${d.authors}` : ''}${d.publicationYear ? ` (${d.publicationYear})` : ''}` +
          ` (${d.reason === 'isbn' ? 'cùng ISBN' : 'cùng nhan đề, tác giả, năm'}). Nếu đúng là đầu sách khác, chọn "Vẫn lưu".`, { duplicates: dups });
      }
    }
    if (input.id) {
      const before = storedTitle(sql, input.id);
      if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy đầu sách này.');
      if (before.series_id !== fields.seriesId && titleHasCopies(sql, input.id)) {
        throw new AppError('SERIES_LOCKED', 'Đầu sách đã có bản sách mang số ĐKCB của loại này nên không đổi được loại tài liệu.');
      }
      rewriteTitle(sql, input.id, fields, now);
      writeAudit(sql, { at: now, action: 'update', entity: 'title', entityId: input.id, details: { before } });
      return input.id;
    }
    const newId = createTitle(sql, fields, now);
    writeAudit(sql, { at: now, action: 'create', entity: 'title', entityId: newId, details: { title: fields.title } });
    return newId;
  });
  return getTitle(sql, id);
}

export function updateCopy(ctx: ServiceContext, input: { id: number; location?: string; price?: number; note?: string }): CopyDto {
  const now = ctx.now();
  const sql = ctx.sql;
  transaction(sql, () => {
    const found = copyFields(sql, input.id);
    if (!found) throw new AppError('NOT_FOUND', 'Không tìm thấy bản sách này.');
    const before = { id: input.id, ...found };
    const after = { location: input.location ?? before.location, price: input.price ?? before.price, note: input.note ?? before.note };
    updateCopyFields(sql, input.id, after);
    writeAudit(sql, { at: now, action: 'update', entity: 'copy', entityId: input.id, details: { before, after } });
  });
  return copyById(sql, input.id) as CopyDto;
}

export function uploadedContent(f: z.output<typeof uploadedTableFile>): { fileName: string; content: Buffer } {
  if (f.contentBase64) return { fileName: f.fileName, content: Buffer.from(f.contentBase64, 'base64') };
  if (!f.path || !fs.existsSync(f.path)) throw new AppError('NOT_FOUND', `Không tìm thấy tệp ${f.fileName}.`);
  return { fileName: f.fileName, content: fs.readFileSync(f.path) };
}

/** Imports a classification table (columns: code / ký hiệu, label / tên); updates labels of codes already there. */
export async function importClassifications(ctx: ServiceContext, file: { fileName: string; content: Buffer }, scheme: string): Promise<number> {
  const table = await readTable(file);
  const h = table.headers.map(fold);
  const codeCol = h.findIndex((x) => ['ma', 'ky hieu', 'ma so', 'code', 'ky hieu phan loai', 'so phan loai'].includes(x));
  const labelCol = h.findIndex((x) => ['ten', 'noi dung', 'ten lop', 'label', 'mon loai', 'ten mon loai', 'dien giai'].includes(x));
  if (codeCol < 0 || labelCol < 0) {
    throw new AppError('BAD_MAPPING', 'Bảng phân loại cần hai cột "Ký hiệu" và "Tên" (hoặc "Mã" và "Nội dung").');
  }
  const rows = table.rows.map((r) => ({ row: r.rowNumber, code: cleanText(r.cells[codeCol] ?? ''), label: cleanText(r.cells[labelCol] ?? '') }));
  const bad = rows.find((r) => !r.code || !r.label);
  if (bad) throw new AppError('IMPORT_INVALID', `Dòng ${bad.row}: thiếu ký hiệu hoặc tên lớp phân loại; không nhập dòng nào.`);
  const now = ctx.now();
  const sql = ctx.sql;
  transaction(sql, () => {
    upsertClassifications(sql, scheme, rows);
    writeAudit(sql, { at: now, action: 'import', entity: 'classification', entityId: null, details: { scheme, count: rows.length } });
  });
  return rows.length;
}
