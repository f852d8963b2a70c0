import { inStockSql } from '../../../shared/stock';
import type { Statement } from 'better-sqlite3';
import { prepared, type Sql } from '../sql';

/**
 * Tra cứu trực tuyến (OPAC): what the school network may read — bibliographic data and availability,
 * never a reader's name, code, card, class or loans — plus the search counter (the staff PINs are
 * readers' data: queries/readers.ts).
 * Data access only; the rules live in main/services/opac/.
 */

/** A title as the OPAC shows it: bibliographic data only. */
export interface OpacTitleRow {
  id: number; title: string; subtitle: string; volume: string; authors: string; publisher: string; placeOfPublication: string;
  publicationYear: number | null; edition: string; pages: number | null; isbn: string | null; language: string; seriesCode: string;
  seriesName: string; classification: string; authorMark: string; keywords: string; summary: string; gradeLevel: number | null; subject: string;
}
/** Copies of a title on one shelf: how many are there now, how many belong there (withdrawn and lost not counted). */
export interface ShelfCountRow { titleId: number; location: string; available: number; total: number }
export interface UpcomingActivityRow { id: number; date: string; name: string; form: string; audience: string }
export interface FilterSeriesRow { id: number; code: string; name: string }

const TITLE = `SELECT t.id, t.title, t.subtitle, t.volume, t.authors, t.publisher, t.place_of_publication AS placeOfPublication,
  t.publication_year AS publicationYear, t.edition, t.pages, t.isbn, t.language, s.code AS seriesCode, s.name AS seriesName,
  t.classification, t.author_mark AS authorMark, t.keywords, t.summary, t.grade_level AS gradeLevel, t.subject
  FROM title t JOIN collection_series s ON s.id = t.series_id`;

const statements = (sql: Sql) => ({
  title: sql.prepare(`${TITLE} WHERE t.id = ?`),
  newArrivals: sql.prepare(`SELECT t.id, MAX(c.created_at) AS arrived FROM copy c JOIN title t ON t.id = c.title_id
    WHERE ${inStockSql('c.status')} AND c.created_at >= ? GROUP BY t.id ORDER BY arrived DESC, t.id DESC LIMIT ?`),
  upcoming: sql.prepare(`SELECT id, date, name, form, audience FROM reading_activity WHERE date >= ? ORDER BY date, id LIMIT ?`),
  series: sql.prepare(`SELECT s.id, s.code, s.name FROM collection_series s WHERE s.active = 1
    AND EXISTS (SELECT 1 FROM title t WHERE t.series_id = s.id) ORDER BY s.sort_order, s.id`),
  subjects: sql.prepare(`SELECT DISTINCT subject FROM title WHERE subject <> '' ORDER BY subject`).pluck(),
  grades: sql.prepare('SELECT DISTINCT grade_level FROM title WHERE grade_level IS NOT NULL ORDER BY grade_level').pluck(),
  countSearch: sql.prepare(`INSERT INTO opac_search_day (day, searches) VALUES (?, ?)
    ON CONFLICT (day) DO UPDATE SET searches = searches + excluded.searches`),
  searchesBetween: sql.prepare('SELECT COALESCE(SUM(searches), 0) FROM opac_search_day WHERE day BETWEEN ? AND ?').pluck(),
  searchDays: sql.prepare('SELECT day, searches FROM opac_search_day WHERE day BETWEEN ? AND ? ORDER BY day'),
  dataVersion: sql.prepare('PRAGMA data_version').pluck(),
});
const q = (sql: Sql) => prepared(sql, statements);

/** One statement per number of ids (a bounded cache). */
const byCount = () => new Map<number, Statement>();

/** Copies of each title per shelf (location): on the shelf now, and belonging there (on loan included; withdrawn, lost not). */
export function shelfCounts(sql: Sql, titleIds: number[]): ShelfCountRow[] {
  if (titleIds.length === 0) return [];
  const cache = prepared(sql, byCount);
  let s = cache.get(titleIds.length);
  if (!s) {
    s = sql.prepare(`SELECT title_id AS titleId, location, SUM(status = 'available') AS available, COUNT(*) AS total FROM copy
      WHERE title_id IN (${Array(titleIds.length).fill('?').join(',')}) AND ${inStockSql()}
      GROUP BY title_id, location ORDER BY title_id, SUM(status = 'available') DESC, location`);
    if (cache.size < 200) cache.set(titleIds.length, s);
  }
  return s.all(...titleIds) as ShelfCountRow[];
}

export function opacTitle(sql: Sql, id: number): OpacTitleRow | undefined {
  return q(sql).title.get(id) as OpacTitleRow | undefined;
}

/** Titles with a copy accessioned since `since` (ISO datetime), newest first. */
export function newArrivalIds(sql: Sql, since: string, limit: number): number[] {
  return (q(sql).newArrivals.all(since, limit) as { id: number }[]).map((r) => r.id);
}

/** Reading activities dated today or later, soonest first (no person in charge: that may be a reader's name). */
export function upcomingActivities(sql: Sql, today: string, limit: number): UpcomingActivityRow[] {
  return q(sql).upcoming.all(today, limit) as UpcomingActivityRow[];
}

/** What the filters offer: series holding titles, subjects and grades present in the catalogue. */
export function filterChoices(sql: Sql): { series: FilterSeriesRow[]; subjects: string[]; grades: number[] } {
  const s = q(sql);
  return { series: s.series.all() as FilterSeriesRow[], subjects: s.subjects.all() as string[], grades: s.grades.all() as number[] };
}

/** Adds `n` searches to a day's count. */
export function countSearches(sql: Sql, day: string, n: number): void {
  q(sql).countSearch.run(day, n);
}

/** OPAC searches between two days (YYYY-MM-DD, inclusive). */
export function searchesBetween(sql: Sql, from: string, to: string): number {
  return q(sql).searchesBetween.get(from, to) as number;
}

export function searchesPerDay(sql: Sql, from: string, to: string): { day: string; searches: number }[] {
  return q(sql).searchDays.all(from, to) as { day: string; searches: number }[];
}

/**
 * SQLite's `PRAGMA data_version` of this connection: it changes whenever another connection (the desk,
 * the OPAC's own writes, another process) has committed since the last call. The OPAC's result cache
 * is valid only while it stays the same.
 */
export function dataVersion(sql: Sql): number {
  return q(sql).dataVersion.get() as number;
}
