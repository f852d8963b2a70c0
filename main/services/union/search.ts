import os from 'node:os';
import { z } from 'zod';
import { normalizeIsbn } from '../../../shared/isbn';
import { vietnameseCollator } from '../../../shared/text';
import { matchingWorks, schoolNames, unionDataVersion } from '../../db/union/queries';
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
 * At most this many searches run in PostgreSQL at once; the others wait their turn here, in order. The pool has
 * 20 connections (pushes' transactions need some), and 40 phones' queries handed to 20 backends sharing 2 cores is
 * the same work plus switching between them, with a long tail for whichever the scheduler leaves behind.
 */
export const UNION_SEARCHES_AT_ONCE = Math.max(4, 2 * os.availableParallelism());

interface Turns { running: number; waiting: (() => void)[] }
const turnsOf = new WeakMap<UnionDb, Turns>();

async function inTurn<T>(db: UnionDb, fn: () => Promise<T>): Promise<T> {
  let turns = turnsOf.get(db);
  if (!turns) turnsOf.set(db, turns = { running: 0, waiting: [] });
  if (turns.running >= UNION_SEARCHES_AT_ONCE) await new Promise<void>((resolve) => turns.waiting.push(resolve));
  else turns.running++;
  try {
    return await fn();
  } finally {
    const next = turns.waiting.shift();
    if (next) next(); else turns.running--;
  }
}

/** Each database's schools by id: name and place in Vietnamese order (schools are added, never renamed). */
const schoolsOf = new WeakMap<UnionDb, Map<number, { name: string; rank: number }>>();

async function schoolsById(db: UnionDb, sql: UnionSql, ids: number[]): Promise<Map<number, { name: string; rank: number }>> {
  let known = schoolsOf.get(db);
  if (!known || ids.some((id) => !known!.has(id))) {
    const rows = await schoolNames(sql);
    const order = [...rows].sort((a, b) => vietnameseCollator.compare(a.name, b.name));
    known = new Map(order.map((r, rank) => [r.id, { name: r.name, rank }]));
    schoolsOf.set(db, known);
  }
  return known;
}

/**
 * The union search: the desk's words (folded, đ → d, each word the start of a word of the title,
 * authors, publisher or ISBN of one of the work's records; all required) or an ISBN; one result per work
 * (grouped when pushes arrive: main/db/union/works.ts) with each school's copies (`total`: not withdrawn;
 * `available`: on its shelf now), schools in Vietnamese order. Works whose title starts with the words come first,
 * then in Vietnamese title order. One statement counts the matching works and returns one page with its
 * holdings (main/db/union/queries.ts, matchingWorks); school names come from a map kept per database.
 */
export async function unionSearch(db: UnionDb, input: UnionSearchInput, sql: UnionSql = unionSql(db)): Promise<UnionSearchResult> {
  const isbn = normalizeIsbn(input.q);
  const words = foldedWords(input.q);
  if (!words.length) return { total: 0, results: [] };
  const byIsbn = isbn && isbn !== 'invalid' ? isbn : null;
  const page = await inTurn(db, () => matchingWorks(sql, { words, isbn: byIsbn, phrase: words.join(' ') }, input.offset, input.limit));
  const schools = await schoolsById(db, sql, page.works.flatMap((w) => w.schools));
  return {
    total: page.total,
    results: page.works.map((w): UnionWork => ({
      title: w.title,
      authors: w.authors,
      isbn: w.isbn,
      holdings: w.schools
        .map((id, i) => ({ rank: schools.get(id)!.rank, holding: { school: schools.get(id)!.name, available: w.available[i], total: w.totals[i] } }))
        .sort((a, b) => a.rank - b.rank)
        .map((h): UnionHolding => h.holding),
    })),
  };
}

/** The answer as the listener sends it. */
export async function unionSearchJson(db: UnionDb, input: UnionSearchInput): Promise<string> {
  return JSON.stringify(await unionSearch(db, input));
}

/** What changes the search's answers: the last entry of the union's log (every push batch writes one). */
export async function unionVersion(db: UnionDb): Promise<number> {
  return unionDataVersion(unionSql(db));
}
