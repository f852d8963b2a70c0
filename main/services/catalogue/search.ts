import type { z } from 'zod';
import type { SearchHit, catalogueSearchInput } from '../../../shared/contract/catalogue';
import { normalizeIsbn } from '../../../shared/isbn';
import { shelfMark } from '../../../shared/shelfmark';
import { heldCopies } from '../../../shared/stock';
import { fold, ordinalsAsNumbers, vietnameseCollator } from '../../../shared/text';
import {
  browseTitles, copiesByCodePrefix, copyCountsOf, countMatches, hitsAmong, matchingIds, matchingTitles, type HitRow, type SearchFilter,
} from '../../db/queries/catalogue';
import type { Sql } from '../../db/sql';

type SearchInput = z.output<typeof catalogueSearchInput>;

/** FTS5 query from what the user typed: every folded word as a prefix, all required. */
export function ftsQuery(text: string): string {
  return fold(text).split(/[^a-z0-9]+/).filter(Boolean).map((w) => `"${w}"*`).join(' ');
}

/**
 * One box: ĐKCB (exact or prefix), ISBN, or words over title, authors, publisher, keywords (diacritics
 * ignored, each word a prefix). Titles whose name starts with the query come first, in natural order
 * (Tập một before Tập hai before Tập 10), then by relevance. `more` adds the OPAC's filters (môn, khối).
 */
export function searchTitles(sql: Sql, input: SearchInput, more: Pick<SearchFilter, 'subject' | 'gradeLevel'> = {}): { total: number; items: SearchHit[] } {
  const filter: SearchFilter = { seriesId: input.seriesId, classification: input.classification, year: input.year, status: input.status, ...more };
  const q = input.query.trim();
  let rows: HitRow[] = [];
  let total = 0;
  const matched = new Map<number, string>();

  const compact = q.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z]{1,8}[.\-_/]?\d+$/.test(compact)) {
    // An accession number: exact first, else every code starting with it.
    for (const h of copiesByCodePrefix(sql, compact)) if (!matched.has(h.titleId)) matched.set(h.titleId, h.code);
  }
  if (matched.size > 0) {
    const ids = [...matched.keys()];
    const all = hitsAmong(sql, ids, filter);
    const order = new Map(ids.map((id, i) => [id, i]));
    all.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    total = all.length;
    rows = all.slice(input.offset, input.offset + input.limit);
  } else if (q) {
    const isbn = normalizeIsbn(q);
    const words = fold(q).split(/[^a-z0-9]+/).filter(Boolean);
    const byIsbn = !!isbn && isbn !== 'invalid';
    const match = byIsbn ? `"${isbn}"` : ftsQuery(q);
    if (!match) return { total: 0, items: [] };
    total = countMatches(sql, match, filter);
    const want = input.offset + input.limit;
    // Titles that start with the words typed come first (in natural title order), then the other matches by relevance;
    // for very broad queries (thousands of matches) relevance ranking is skipped to keep each keystroke fast.
    const head = words.length && !byIsbn
      ? matchingTitles(sql, `^"${words.join(' ')}"*`, filter)
        .map((r) => ({ id: r.id, body: r.body, title: ordinalsAsNumbers(r.title), volume: ordinalsAsNumbers(r.volume) }))
        .sort((a, b) => vietnameseCollator.compare(a.title, b.title) || vietnameseCollator.compare(a.volume, b.volume)
          || (a.body < b.body ? -1 : a.body > b.body ? 1 : a.id - b.id))
        .slice(0, want).map((r) => r.id)
      : [];
    const rest = head.length >= want ? [] : matchingIds(sql, match, filter, total <= 2000, want + head.length);
    const seen = new Set(head);
    const page = [...head, ...rest.filter((id) => !seen.has(id))].slice(input.offset, want);
    const byId = new Map(hitsAmong(sql, page).map((r) => [r.id, r]));
    rows = page.map((id) => byId.get(id)!).filter(Boolean);
  } else {
    ({ total, rows } = browseTitles(sql, filter, input.limit, input.offset));
  }

  const counts = new Map<number, Record<string, number>>();
  for (const c of copyCountsOf(sql, rows.map((r) => r.id))) {
    const m = counts.get(c.id) ?? {};
    m[c.status] = c.n;
    counts.set(c.id, m);
  }
  return {
    total,
    items: rows.map((r) => {
      const c = counts.get(r.id) ?? {};
      const { authorMark, ...rest } = r;
      return {
        ...rest, shelfMark: shelfMark(r.classification, authorMark),
        copies: heldCopies(c),
        available: c.available ?? 0, onLoan: c.onLoan ?? 0, withdrawn: c.withdrawn ?? 0, lost: c.lost ?? 0, held: c.held ?? 0,
        matchedCode: matched.get(r.id) ?? null,
      };
    }),
  };
}
