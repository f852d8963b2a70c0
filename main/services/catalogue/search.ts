import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { SearchHit, catalogueSearchInput } from '../../../shared/contract/catalogue';
import { normalizeIsbn } from '../../../shared/isbn';
import { shelfMark } from '../../../shared/shelfmark';
import { fold } from '../../../shared/text';

type SearchInput = z.output<typeof catalogueSearchInput>;

/** FTS5 query from what the user typed: every folded word as a prefix, all required. */
export function ftsQuery(text: string): string {
  return fold(text).split(/[^a-z0-9]+/).filter(Boolean).map((w) => `"${w}"*`).join(' ');
}

function filterSql(input: SearchInput): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.seriesId) { where.push('t.series_id = ?'); params.push(input.seriesId); }
  if (input.classification) { where.push("(t.classification = ? OR t.classification LIKE ? || '%')"); params.push(input.classification, input.classification); }
  if (input.year) { where.push('t.publication_year = ?'); params.push(input.year); }
  if (input.status) { where.push('EXISTS (SELECT 1 FROM copy c WHERE c.title_id = t.id AND c.status = ?)'); params.push(input.status); }
  return { where, params };
}

interface Row { id: number; title: string; subtitle: string; volume: string; authors: string; publisher: string; publicationYear: number | null;
  isbn: string | null; seriesCode: string; classification: string; authorMark: string }
const COLS = `t.id, t.title, t.subtitle, t.volume, t.authors, t.publisher, t.publication_year AS publicationYear, t.isbn,
  s.code AS seriesCode, t.classification, t.author_mark AS authorMark`;

/**
 * One box: ĐKCB (exact or prefix), ISBN, or words over title, authors, publisher, keywords (diacritics
 * ignored, each word a prefix). Titles whose name starts with the query come first, then by relevance.
 */
export function searchTitles(raw: Database, input: SearchInput): { total: number; items: SearchHit[] } {
  const f = filterSql(input);
  const q = input.query.trim();
  let rows: Row[] = [];
  let total = 0;
  const matched = new Map<number, string>();

  const compact = q.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z]{1,8}[.\-_/]?\d+$/.test(compact)) {
    // An accession number: exact first, else every code starting with it.
    const hits = raw.prepare(`SELECT title_id AS titleId, accession_code AS code FROM copy WHERE accession_code = ? OR barcode = ?
      UNION ALL SELECT title_id, accession_code FROM copy WHERE accession_code > ? AND accession_code < ? LIMIT 500`)
      .all(compact, compact, compact, `${compact}~`) as { titleId: number; code: string }[];
    for (const h of hits) if (!matched.has(h.titleId)) matched.set(h.titleId, h.code);
  }
  if (matched.size > 0) {
    const ids = [...matched.keys()];
    const all = raw.prepare(`SELECT ${COLS} FROM title t JOIN collection_series s ON s.id = t.series_id
      WHERE t.id IN (${ids.map(() => '?').join(',')})${f.where.length ? ' AND ' + f.where.join(' AND ') : ''}`).all(...ids, ...f.params) as Row[];
    const order = new Map(ids.map((id, i) => [id, i]));
    all.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    total = all.length;
    rows = all.slice(input.offset, input.offset + input.limit);
  } else if (q) {
    const isbn = normalizeIsbn(q);
    const words = fold(q).split(/[^a-z0-9]+/).filter(Boolean);
    const match = isbn && isbn !== 'invalid' ? `"${isbn}"` : ftsQuery(q);
    if (!match) return { total: 0, items: [] };
    const filtered = f.where.length > 0;
    const from = filtered ? 'title_fts JOIN title t ON t.id = title_fts.rowid' : 'title_fts';
    const where = ['title_fts MATCH ?', ...f.where].join(' AND ');
    const ids = (m: string, order: string, limit: number) => raw.prepare(`SELECT title_fts.rowid FROM ${from} WHERE ${where} ${order} LIMIT ?`)
      .pluck().all(m, ...f.params, limit) as number[];
    total = (raw.prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where}`).get(match, ...f.params) as { n: number }).n;
    const want = input.offset + input.limit;
    // Titles that start with the words typed come first (in title order), then the other matches by relevance;
    // for very broad queries (thousands of matches) relevance ranking is skipped to keep each keystroke fast.
    const head = words.length && !(isbn && isbn !== 'invalid')
      ? (raw.prepare(`SELECT title_fts.rowid AS id, title_fts.body AS body FROM ${from} WHERE ${where} LIMIT 500`)
        .all(`^"${words.join(' ')}"*`, ...f.params) as { id: number; body: string }[])
        .sort((a, b) => (a.body < b.body ? -1 : a.body > b.body ? 1 : a.id - b.id)).slice(0, want).map((r) => r.id)
      : [];
    const rest = head.length >= want ? [] : ids(match, total <= 2000 ? 'ORDER BY bm25(title_fts)' : '', want + head.length);
    const seen = new Set(head);
    const page = [...head, ...rest.filter((id) => !seen.has(id))].slice(input.offset, want);
    if (page.length) {
      const byId = new Map((raw.prepare(`SELECT ${COLS} FROM title t JOIN collection_series s ON s.id = t.series_id
        WHERE t.id IN (${page.map(() => '?').join(',')})`).all(...page) as Row[]).map((r) => [r.id, r]));
      rows = page.map((id) => byId.get(id)!).filter(Boolean);
    }
  } else {
    const where = f.where.length ? `WHERE ${f.where.join(' AND ')}` : '';
    total = (raw.prepare(`SELECT COUNT(*) AS n FROM title t ${where}`).get(...f.params) as { n: number }).n;
    rows = raw.prepare(`SELECT ${COLS} FROM title t JOIN collection_series s ON s.id = t.series_id ${where}
      ORDER BY t.dedupe_key, t.id LIMIT ? OFFSET ?`).all(...f.params, input.limit, input.offset) as Row[];
  }

  const counts = new Map<number, Record<string, number>>();
  if (rows.length) {
    const ids = rows.map((r) => r.id);
    for (const c of raw.prepare(`SELECT title_id AS id, status, COUNT(*) AS n FROM copy WHERE title_id IN (${ids.map(() => '?').join(',')})
      GROUP BY title_id, status`).all(...ids) as { id: number; status: string; n: number }[]) {
      const m = counts.get(c.id) ?? {};
      m[c.status] = c.n;
      counts.set(c.id, m);
    }
  }
  return {
    total,
    items: rows.map((r) => {
      const c = counts.get(r.id) ?? {};
      const { authorMark, ...rest } = r;
      return {
        ...rest, shelfMark: shelfMark(r.classification, authorMark),
        copies: (c.available ?? 0) + (c.onLoan ?? 0) + (c.withdrawn ?? 0) + (c.lost ?? 0),
        available: c.available ?? 0, onLoan: c.onLoan ?? 0, withdrawn: c.withdrawn ?? 0, lost: c.lost ?? 0,
        matchedCode: matched.get(r.id) ?? null,
      };
    }),
  };
}
