import { z } from 'zod';
import { normalizeIsbn } from '../../../shared/isbn';
import { ordinalsAsNumbers, vietnameseCollator } from '../../../shared/text';
import { matchingRecords, unionDataVersion, type MatchRow } from '../../db/union/queries';
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

/** Records read for one query at most (a one-letter query over a province stops here). */
export const UNION_MATCH_LIMIT = 5000;

/** Groups records into works: the same ISBN, or the same folded title + first author, across schools. */
export function groupWorks(rows: MatchRow[]): MatchRow[][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let p = parent.get(k) ?? k;
    if (p !== k) { p = find(p); parent.set(k, p); }
    return p;
  };
  const join = (a: string, b: string) => { const ra = find(a); const rb = find(b); if (ra !== rb) parent.set(ra, rb); };
  const titleKey = (r: MatchRow) => `t:${r.title_key}|${r.author_key}`;
  for (const r of rows) {
    parent.set(titleKey(r), find(titleKey(r)));
    if (r.isbn) join(`i:${r.isbn}`, titleKey(r));
  }
  const groups = new Map<string, MatchRow[]>();
  for (const r of rows) {
    const root = find(titleKey(r));
    const g = groups.get(root);
    if (g) g.push(r); else groups.set(root, [r]);
  }
  return [...groups.values()];
}

/**
 * The union search: the desk's words (folded, đ → d, each word the start of a word of the title,
 * authors, publisher or ISBN; all required) or an ISBN; one result per work with each school's copies
 * (`total`: not withdrawn; `available`: on its shelf now). Works whose title starts with the words come
 * first, then in Vietnamese title order.
 */
export async function unionSearch(db: UnionDb, input: UnionSearchInput, sql: UnionSql = unionSql(db)): Promise<UnionSearchResult> {
  const isbn = normalizeIsbn(input.q);
  const words = foldedWords(input.q);
  if (!words.length) return { total: 0, results: [] };
  const byIsbn = isbn && isbn !== 'invalid' ? isbn : null;
  const rows = await matchingRecords(sql, { words, isbn: byIsbn }, UNION_MATCH_LIMIT);
  const phrase = words.join(' ');
  // Order every work (cheaply: its title's sort key computed once), then build only the page's answers.
  const order = groupWorks(rows).map((group) => {
    let face = group[0];
    for (const r of group) if (r.total > face.total) face = r;
    return { group, face, starts: group.some((r) => r.title_key.startsWith(phrase)), key: ordinalsAsNumbers(face.title) };
  });
  order.sort((a, b) => Number(b.starts) - Number(a.starts) || vietnameseCollator.compare(a.key, b.key));
  const results = order.slice(input.offset, input.offset + input.limit).map(({ group, face }): UnionWork => {
    const bySchool = new Map<string, UnionHolding>();
    for (const r of group) {
      const h = bySchool.get(r.school) ?? { school: r.school, available: 0, total: 0 };
      h.available += r.available;
      h.total += r.total;
      bySchool.set(r.school, h);
    }
    return {
      // The work's face: the record with the most copies.
      title: face.title,
      authors: face.authors,
      isbn: face.isbn ?? group.find((r) => r.isbn)?.isbn ?? null,
      holdings: [...bySchool.values()].sort((a, b) => vietnameseCollator.compare(a.school, b.school)),
    };
  });
  return { total: order.length, results };
}

/** What changes the search's answers: the last entry of the union's log (every push batch writes one). */
export async function unionVersion(db: UnionDb): Promise<number> {
  return unionDataVersion(unionSql(db));
}
