import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { defaultAuthorMark, dedupeKeyOf } from '../../../shared/shelfmark';
import { cleanText } from '../../../shared/text';
import { rawConnection } from '../../db/data-source';
import { reindexTitles } from './search-index';
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
