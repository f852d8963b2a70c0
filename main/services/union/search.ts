import { z } from 'zod';
import { normalizeIsbn } from '../../../shared/isbn';
import { vietnameseCollator } from '../../../shared/text';
import { matchingWorks, unionDataVersion, workHoldings } from '../../db/union/queries';
import { unionSql, type UnionDb, type UnionSql } from '../../db/union/sql';
import { foldedWords } from './receive';

/** `GET /api/search?q=…&offset=…&limit=…` parameters: anything malformed reads as its default. */
export const unionSearchParams = z.object({
  q: z.string().catch('').transform((v) => v.normalize('NFC').trim().slice(0, 200)),
  offset: z.coerce.number().int().min(0).max(100_000).catch(0),
  limit: z.coerce.number().int().min(1).max(100).catch(20),
});
export type UnionSearchInput = z.output<typeof unionSearchParams>;

export interface UnionHolding { school: string; available: number; total: number }
export interface UnionWork { title: string; authors: string[]; isbn: string | null; holdings: UnionHolding[] }
export interface UnionSearchResult { total: number; results: UnionWork[] }

/**
 * The union search: the desk's words (folded, đ → d, each word the start of a word of the title,
 * authors, publisher or ISBN of one of the work's records; all required) or an ISBN; one result per work
 * (grouped when pushes arrive: main/db/union/works.ts) with each school's copies (`total`: not withdrawn;
 * `available`: on its shelf now). Works whose title starts with the words come first, then in Vietnamese
 * title order. PostgreSQL counts the matching works and returns one page; only its holdings are read.
 */
export async function unionSearch(db: UnionDb, input: UnionSearchInput, sql: UnionSql = unionSql(db)): Promise<UnionSearchResult> {
  const isbn = normalizeIsbn(input.q);
  const words = foldedWords(input.q);
  if (!words.length) return { total: 0, results: [] };
  const byIsbn = isbn && isbn !== 'invalid' ? isbn : null;
  const page = await matchingWorks(sql, { words, isbn: byIsbn, phrase: words.join(' ') }, input.offset, input.limit);
  const holdings = new Map<string, UnionHolding[]>();
  for (const h of await workHoldings(sql, page.works.map((w) => w.id))) {
    const list = holdings.get(h.work_id) ?? [];
    list.push({ school: h.school, available: h.available, total: h.total });
    holdings.set(h.work_id, list);
  }
  return {
    total: page.total,
    results: page.works.map((w): UnionWork => ({
      title: w.title,
      authors: w.authors,
      isbn: w.isbn,
      holdings: (holdings.get(w.id) ?? []).sort((a, b) => vietnameseCollator.compare(a.school, b.school)),
    })),
  };
}

/** What changes the search's answers: the last entry of the union's log (every push batch writes one). */
export async function unionVersion(db: UnionDb): Promise<number> {
  return unionDataVersion(unionSql(db));
}
