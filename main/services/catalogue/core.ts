import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { formatAccession, splitCode } from '../../../shared/accession';
import { AppError } from '../../../shared/errors';
import { defaultAuthorMark, dedupeKeyOf } from '../../../shared/shelfmark';
import { cleanText } from '../../../shared/text';
import { rawConnection } from '../../db/data-source';
import { reindexTitles } from '../search-index';
import { inTransaction } from '../transaction';

/**
 * Runs synchronous work on the raw better-sqlite3 handle as ONE atomic transaction, queued behind
 * any TypeORM transaction in flight (so it never interleaves with one). A crash anywhere inside
 * leaves the database as it was.
 */
export function rawWrite<T>(db: DataSource, work: (raw: Database) => T): Promise<T> {
  const raw = rawConnection(db);
  return inTransaction(db, async () => raw.transaction(() => work(raw))());
}

export interface SeriesRow {
  id: number; code: string; name: string; prefix: string; separator: string; padding: number; nextNumber: number;
}

export function loadSeries(raw: Database): SeriesRow[] {
  return raw.prepare(`SELECT id, code, name, prefix, separator, padding, next_number AS nextNumber
    FROM collection_series ORDER BY sort_order, id`).all() as SeriesRow[];
}

export function auditRaw(raw: Database, at: Date, action: string, entity: string, entityId: number | null, details: unknown): void {
  raw.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES (?, \'\', ?, ?, ?, ?)')
    .run(at.toISOString(), action, entity, entityId, JSON.stringify(details ?? {}));
}

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

const TITLE_COLUMNS = `title, subtitle, volume, authors, publisher, place_of_publication, publication_year, edition, pages, size_cm,
  cover_price, isbn, language, series_id, classification, author_mark, keywords, summary, grade_level, subject, dedupe_key`;

function titleValues(t: TitleFields): unknown[] {
  return [t.title, t.subtitle, t.volume, t.authors, t.publisher, t.placeOfPublication, t.publicationYear, t.edition, t.pages,
    t.sizeCm, t.coverPrice, t.isbn, t.language, t.seriesId, t.classification, t.authorMark, t.keywords, t.summary,
    t.gradeLevel, t.subject, dedupeKeyOf(t.title, t.volume, t.authors)];
}

/** Inserts a title and its search row. Call inside rawWrite. */
export function insertTitleSync(raw: Database, fields: TitleFields, now: Date): number {
  const t = normaliseTitle(fields);
  const stamp = now.toISOString();
  const info = raw.prepare(`INSERT INTO title (${TITLE_COLUMNS}, created_at, updated_at)
    VALUES (${Array(21).fill('?').join(', ')}, ?, ?)`).run(...titleValues(t), stamp, stamp);
  const id = Number(info.lastInsertRowid);
  reindexTitles(raw, [id]);
  return id;
}

export function updateTitleSync(raw: Database, id: number, fields: TitleFields, now: Date): void {
  const t = normaliseTitle(fields);
  const sets = TITLE_COLUMNS.split(',').map((c) => `${c.trim()} = ?`).join(', ');
  const info = raw.prepare(`UPDATE title SET ${sets}, updated_at = ? WHERE id = ?`).run(...titleValues(t), now.toISOString(), id);
  if (info.changes === 0) throw new AppError('NOT_FOUND', 'Không tìm thấy đầu sách này.');
  reindexTitles(raw, [id]);
}

/** Titles that look like the same book: same ISBN, or same title + volume + authors + year. */
export function findDuplicatesSync(raw: Database, t: { isbn: string | null; title: string; volume: string; authors: string;
  publicationYear: number | null; excludeId?: number }): { id: number; title: string; authors: string; publicationYear: number | null; reason: 'isbn' | 'title' }[] {
  const out: { id: number; title: string; authors: string; publicationYear: number | null; reason: 'isbn' | 'title' }[] = [];
  const seen = new Set<number>();
  if (t.isbn) {
    for (const r of raw.prepare('SELECT id, title, authors, publication_year AS publicationYear FROM title WHERE isbn = ?').all(t.isbn) as
      { id: number; title: string; authors: string; publicationYear: number | null }[]) {
      if (r.id === t.excludeId) continue;
      seen.add(r.id);
      out.push({ ...r, reason: 'isbn' });
    }
  }
  const key = dedupeKeyOf(cleanText(t.title), cleanText(t.volume), t.authors.split(/\s*;\s*/).map(cleanText).filter(Boolean).join('; '));
  for (const r of raw.prepare('SELECT id, title, authors, publication_year AS publicationYear FROM title WHERE dedupe_key = ?').all(key) as
    { id: number; title: string; authors: string; publicationYear: number | null }[]) {
    if (r.id === t.excludeId || seen.has(r.id)) continue;
    if ((r.publicationYear ?? null) !== (t.publicationYear ?? null)) continue;
    out.push({ ...r, reason: 'title' });
  }
  return out;
}

export interface BatchLineRow {
  id: number; titleId: number; quantity: number; unitPrice: number; acquisitionMode: string; existingCodes: string | null; seriesId: number;
}

/**
 * Confirms a draft batch: allocates consecutive ĐKCB per series (or keeps a line's existing codes),
 * creates the copies, bumps each series' next number, gives the batch the next Sổ ĐKTQ number and its
 * totals. Synchronous: call inside rawWrite so it is all-or-nothing.
 */
export function confirmBatchSync(raw: Database, batchId: number, now: Date): { registerNumber: number; copies: number; value: number; codes: string[] } {
  const batch = raw.prepare('SELECT id, status FROM accession_batch WHERE id = ?').get(batchId) as { id: number; status: string } | undefined;
  if (!batch) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
  if (batch.status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Phiếu nhập này đã được xác nhận; không cấp số lại.');
  const lines = raw.prepare(`SELECT l.id, l.title_id AS titleId, l.quantity, l.unit_price AS unitPrice, l.acquisition_mode AS acquisitionMode,
      l.existing_codes AS existingCodes, t.series_id AS seriesId
    FROM accession_batch_line l JOIN title t ON t.id = l.title_id WHERE l.batch_id = ? ORDER BY l.id`).all(batchId) as BatchLineRow[];
  if (lines.length === 0) throw new AppError('EMPTY_BATCH', 'Phiếu nhập chưa có dòng sách nào.');
  const series = new Map(loadSeries(raw).map((s) => [s.id, s]));

  // Kept numbers (from a handwritten register) first: they decide where new numbering continues.
  const kept = new Map<number, { code: string; number: number }[]>();
  const next = new Map<number, number>();
  for (const s of series.values()) next.set(s.id, s.nextNumber);
  const existsCode = raw.prepare('SELECT 1 FROM copy WHERE accession_code = ? OR barcode = ?');
  const existsNumber = raw.prepare('SELECT 1 FROM copy WHERE series_id = ? AND accession_number = ?');
  const seenCodes = new Set<string>();
  for (const line of lines) {
    if (!line.existingCodes) continue;
    const s = series.get(line.seriesId)!;
    const codes = JSON.parse(line.existingCodes) as string[];
    if (codes.length !== line.quantity) {
      throw new AppError('CODE_COUNT', `Dòng có ${line.quantity} bản nhưng ghi ${codes.length} số ĐKCB.`);
    }
    const list: { code: string; number: number }[] = [];
    for (const raw0 of codes) {
      const code = raw0.trim().toUpperCase();
      const parts = splitCode(code);
      if (!parts || parts.head !== `${s.prefix}${s.separator}`.toUpperCase()) {
        throw new AppError('CODE_SERIES', `Số ĐKCB ${code} không thuộc loại ${s.code} (phải bắt đầu bằng ${s.prefix}${s.separator}).`);
      }
      if (seenCodes.has(code) || existsCode.get(code, code) || existsNumber.get(s.id, parts.number)) {
        throw new AppError('CODE_TAKEN', `Số ĐKCB ${code} đã có trong kho; số ĐKCB không bao giờ cấp lại.`);
      }
      seenCodes.add(code);
      list.push({ code, number: parts.number });
      next.set(s.id, Math.max(next.get(s.id)!, parts.number + 1));
    }
    kept.set(line.id, list);
  }

  const stamp = now.toISOString();
  const insCopy = raw.prepare(`INSERT INTO copy (title_id, series_id, accession_number, accession_code, barcode, status, location, price,
    acquisition_mode, batch_id, note, created_at) VALUES (?, ?, ?, ?, ?, 'available', '', ?, ?, ?, '', ?)`);
  const codes: string[] = [];
  let value = 0;
  for (const line of lines) {
    const s = series.get(line.seriesId)!;
    const keptList = kept.get(line.id);
    for (let q = 0; q < line.quantity; q++) {
      let code: string, number: number;
      if (keptList) ({ code, number } = keptList[q]);
      else {
        number = next.get(s.id)!;
        next.set(s.id, number + 1);
        code = formatAccession(s, number);
      }
      insCopy.run(line.titleId, s.id, number, code, code, line.unitPrice, line.acquisitionMode, batchId, stamp);
      codes.push(code);
      value += line.unitPrice;
    }
  }
  const updSeries = raw.prepare('UPDATE collection_series SET next_number = ? WHERE id = ? AND next_number <= ?');
  for (const [id, n] of next) updSeries.run(n, id, n);
  const registerNumber = ((raw.prepare('SELECT MAX(register_number) AS m FROM accession_batch').get() as { m: number | null }).m ?? 0) + 1;
  raw.prepare(`UPDATE accession_batch SET status = 'confirmed', register_number = ?, total_copies = ?, total_value = ?, confirmed_at = ?
    WHERE id = ?`).run(registerNumber, codes.length, value, stamp, batchId);
  auditRaw(raw, now, 'confirm', 'accession_batch', batchId, { registerNumber, copies: codes.length, first: codes[0], last: codes[codes.length - 1] });
  return { registerNumber, copies: codes.length, value, codes };
}

export interface DraftBatch {
  date: string; source: string; voucherNumber: string; supplier: string; note: string;
  lines: { titleId: number; quantity: number; unitPrice: number; acquisitionMode: string; existingCodes: string[] | null }[];
}

export function insertDraftBatchSync(raw: Database, b: DraftBatch, now: Date): number {
  const id = Number(raw.prepare(`INSERT INTO accession_batch (status, register_number, date, source, voucher_number, supplier, note,
    total_copies, total_value, created_at, confirmed_at) VALUES ('draft', NULL, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`).run(
    b.date, b.source, cleanText(b.voucherNumber), cleanText(b.supplier), b.note.normalize('NFC').trim(),
    b.lines.reduce((a, l) => a + l.quantity, 0), b.lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0), now.toISOString()).lastInsertRowid);
  insertLinesSync(raw, id, b.lines);
  return id;
}

export function insertLinesSync(raw: Database, batchId: number, lines: DraftBatch['lines']): void {
  const ins = raw.prepare(`INSERT INTO accession_batch_line (batch_id, title_id, quantity, unit_price, acquisition_mode, existing_codes)
    VALUES (?, ?, ?, ?, ?, ?)`);
  for (const l of lines) ins.run(batchId, l.titleId, l.quantity, l.unitPrice, l.acquisitionMode, l.existingCodes ? JSON.stringify(l.existingCodes) : null);
}
