import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { CopyDto, TitleDto, titleInput, uploadedTableFile } from '../../../shared/contract/catalogue';
import { AppError } from '../../../shared/errors';
import { normalizeIsbn } from '../../../shared/isbn';
import { shelfMark } from '../../../shared/shelfmark';
import { cleanText, fold } from '../../../shared/text';
import type { ServiceContext } from '../context';
import { auditRaw, findDuplicatesSync, insertTitleSync, rawWrite, updateTitleSync, type TitleFields } from './core';
import { readTable } from './table-file';
import { rawConnection } from '../../db/data-source';

const TITLE_SELECT = `SELECT t.id, t.title, t.subtitle, t.volume, t.authors, t.publisher, t.place_of_publication AS placeOfPublication,
  t.publication_year AS publicationYear, t.edition, t.pages, t.size_cm AS sizeCm, t.cover_price AS coverPrice, t.isbn, t.language,
  t.series_id AS seriesId, s.code AS seriesCode, t.classification, t.author_mark AS authorMark, t.keywords, t.summary,
  t.grade_level AS gradeLevel, t.subject, t.created_at AS createdAt, t.updated_at AS updatedAt
  FROM title t JOIN collection_series s ON s.id = t.series_id`;

type TitleRow = Omit<TitleDto, 'authors' | 'shelfMark'> & { authors: string };

export function toTitleDto(r: TitleRow): TitleDto {
  return { ...r, authors: r.authors ? r.authors.split('; ') : [], shelfMark: shelfMark(r.classification, r.authorMark) };
}

export function getTitleSync(raw: Database, id: number): TitleDto {
  const row = raw.prepare(`${TITLE_SELECT} WHERE t.id = ?`).get(id) as TitleRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy đầu sách này.');
  return toTitleDto(row);
}

export function findByIsbnSync(raw: Database, isbnText: string): TitleDto[] {
  const isbn = normalizeIsbn(isbnText);
  if (!isbn || isbn === 'invalid') return [];
  return (raw.prepare(`${TITLE_SELECT} WHERE t.isbn = ?`).all(isbn) as TitleRow[]).map(toTitleDto);
}

const COPY_SELECT = `SELECT c.id, c.title_id AS titleId, c.accession_code AS accessionCode, c.barcode, c.status, c.location, c.price,
  c.acquisition_mode AS acquisitionMode, c.note, c.batch_id AS batchId, b.register_number AS registerNumber, b.date AS batchDate,
  c.withdrawal_id AS withdrawalId, c.created_at AS createdAt
  FROM copy c JOIN accession_batch b ON b.id = c.batch_id`;

export function copiesOfTitle(raw: Database, titleId: number): CopyDto[] {
  return raw.prepare(`${COPY_SELECT} WHERE c.title_id = ? ORDER BY c.series_id, c.accession_number`).all(titleId) as CopyDto[];
}

export function titleDetail(raw: Database, id: number) {
  const title = getTitleSync(raw, id);
  const copies = copiesOfTitle(raw, id);
  const loans = raw.prepare(`SELECT l.id, l.copy_id AS copyId, c.accession_code AS accessionCode, r.full_name AS readerName,
      CASE WHEN r.class_name <> '' THEN r.class_name ELSE r.department END AS readerClass, l.checkout_at AS checkoutAt, l.due_at AS dueAt,
      l.returned_at AS returnedAt, l.lost_at AS lostAt
    FROM loan l JOIN copy c ON c.id = l.copy_id JOIN reader r ON r.id = l.reader_id
    WHERE c.title_id = ? ORDER BY l.checkout_at DESC LIMIT 500`).all(id) as {
      id: number; copyId: number; accessionCode: string; readerName: string; readerClass: string; checkoutAt: string; dueAt: string;
      returnedAt: string | null; lostAt: string | null }[];
  return { title, copies, loans };
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

export async function saveTitle(ctx: ServiceContext, input: z.output<typeof titleInput>): Promise<TitleDto> {
  const fields = fieldsFromInput(input);
  const now = ctx.now();
  const id = await rawWrite(ctx.db, (raw) => {
    if (!raw.prepare('SELECT 1 FROM collection_series WHERE id = ?').get(fields.seriesId)) {
      throw new AppError('NOT_FOUND', 'Không có loại tài liệu này.');
    }
    if (!input.allowDuplicate) {
      const dups = findDuplicatesSync(raw, { ...fields, excludeId: input.id });
      if (dups.length) {
        const d = dups[0];
        throw new AppError('DUPLICATE',
          `Có thể trùng với đầu sách đã có: "${d.title}"${d.authors ? ` – ${d.authors}` : ''}${d.publicationYear ? ` (${d.publicationYear})` : ''}` +
          ` (${d.reason === 'isbn' ? 'cùng ISBN' : 'cùng nhan đề, tác giả, năm'}). Nếu đúng là đầu sách khác, chọn "Vẫn lưu".`, { duplicates: dups });
      }
    }
    if (input.id) {
      const before = raw.prepare('SELECT * FROM title WHERE id = ?').get(input.id) as { series_id: number } | undefined;
      if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy đầu sách này.');
      if (before.series_id !== fields.seriesId && raw.prepare('SELECT 1 FROM copy WHERE title_id = ?').get(input.id)) {
        throw new AppError('SERIES_LOCKED', 'Đầu sách đã có bản sách mang số ĐKCB của loại này nên không đổi được loại tài liệu.');
      }
      updateTitleSync(raw, input.id, fields, now);
      auditRaw(raw, now, 'update', 'title', input.id, { before });
      return input.id;
    }
    const newId = insertTitleSync(raw, fields, now);
    auditRaw(raw, now, 'create', 'title', newId, { title: fields.title });
    return newId;
  });
  return getTitleSync(rawConnection(ctx.db), id);
}

export async function updateCopy(ctx: ServiceContext, input: { id: number; location?: string; price?: number; note?: string }): Promise<CopyDto> {
  const now = ctx.now();
  await rawWrite(ctx.db, (raw) => {
    const before = raw.prepare('SELECT id, location, price, note FROM copy WHERE id = ?').get(input.id) as
      { location: string; price: number; note: string } | undefined;
    if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy bản sách này.');
    const after = { location: input.location ?? before.location, price: input.price ?? before.price, note: input.note ?? before.note };
    raw.prepare('UPDATE copy SET location = ?, price = ?, note = ? WHERE id = ?').run(after.location, after.price, after.note, input.id);
    auditRaw(raw, now, 'update', 'copy', input.id, { before, after });
  });
  return rawConnection(ctx.db).prepare(`${COPY_SELECT} WHERE c.id = ?`).get(input.id) as CopyDto;
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
  await rawWrite(ctx.db, (raw) => {
    const up = raw.prepare(`INSERT INTO classification (scheme, code, label) VALUES (?, ?, ?)
      ON CONFLICT (scheme, code) DO UPDATE SET label = excluded.label`);
    for (const r of rows) up.run(scheme, r.code, r.label);
    auditRaw(raw, now, 'import', 'classification', null, { scheme, count: rows.length });
  });
  return rows.length;
}
