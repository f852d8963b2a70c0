import { inStockSql } from '../../../shared/stock';
import { prepared, type Sql } from '../sql';

/**
 * Liên thông, the school's side: the change feed (`union_feed`, filled by triggers) and the figures a push
 * sends to the district union catalogue. Bibliographic data and counts only: nothing here reads a reader's
 * name, code or card, or a loan's reader.
 */

/** A title of the feed after a cursor, with what its union record says (title columns null when it was deleted). */
export interface UnionFeedRow {
  seq: number; id: number;
  title: string | null; authors: string | null; isbn: string | null; publisher: string | null; publicationYear: number | null;
  /** Copies in stock (shared/stock.ts: on the shelf or lent), as the school's OPAC counts them. */
  total: number;
  /** Copies on the shelf now. */
  available: number;
  /** Copies that are not withdrawn (lost ones included): none left means the title leaves the union. */
  kept: number;
}

export interface UnionCounts { students: number; titles: number; copies: number; digitalResources: number }

const statements = (sql: Sql) => ({
  after: sql.prepare(`SELECT f.seq, f.title_id AS id, t.title, t.authors, t.isbn, t.publisher, t.publication_year AS publicationYear,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = f.title_id AND ${inStockSql('c.status')}) AS total,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = f.title_id AND c.status = 'available') AS available,
      (SELECT COUNT(*) FROM copy c WHERE c.title_id = f.title_id AND c.status <> 'withdrawn') AS kept
    FROM union_feed f LEFT JOIN title t ON t.id = f.title_id
    WHERE f.seq > ? ORDER BY f.seq LIMIT ?`),
  head: sql.prepare('SELECT COALESCE(MAX(seq), 0) FROM union_feed').pluck(),
  counts: sql.prepare(`SELECT
      (SELECT COUNT(*) FROM reader WHERE kind = 'student' AND active = 1) AS students,
      (SELECT COUNT(DISTINCT title_id) FROM copy WHERE ${inStockSql()}) AS titles,
      (SELECT COUNT(*) FROM copy WHERE ${inStockSql()}) AS copies,
      (SELECT COUNT(*) FROM digital_resource) AS digitalResources`),
  // Lượt mượn as Thống kê counts them (docs/domain.md, "Which loans count where"): every loan taken home.
  loansPerMonth: sql.prepare(`SELECT substr(checkout_at, 1, 7) AS month, COUNT(*) AS loans FROM loan
    WHERE kind <> 'inLibrary' AND checkout_at >= ? GROUP BY month ORDER BY month`),
});
const q = (sql: Sql) => prepared(sql, statements);

/** The first `limit` titles of the feed after `since`, in feed order. */
export function unionFeedAfter(sql: Sql, since: number, limit: number): UnionFeedRow[] {
  return q(sql).after.all(since, limit) as UnionFeedRow[];
}

/** The feed's last position (0 when empty). */
export function unionFeedHead(sql: Sql): number {
  return Number(q(sql).head.get());
}

/** Active students, titles and copies in stock, digital resources. */
export function unionCounts(sql: Sql): UnionCounts {
  const r = q(sql).counts.get() as UnionCounts;
  return { students: Number(r.students), titles: Number(r.titles), copies: Number(r.copies), digitalResources: Number(r.digitalResources) };
}

/** Loans taken home per month ("YYYY-MM") checked out from `fromIso` on. */
export function unionLoansPerMonth(sql: Sql, fromIso: string): { month: string; loans: number }[] {
  return q(sql).loansPerMonth.all(fromIso) as { month: string; loans: number }[];
}
