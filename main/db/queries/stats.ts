import { prepared, type Sql } from '../sql';

/** The whole-library counts behind `stats.summary` / `stats --json`. */
export interface CollectionCounts {
  copiesByStatus: { status: string; n: number }[];
  titles: number;
  students: number; staff: number; activeReaders: number;
  openLoans: number; overdueLoans: number; closedLoans: number;
  visits: number;
}

const statements = (sql: Sql) => ({
  copiesByStatus: sql.prepare('SELECT status, COUNT(*) AS n FROM copy GROUP BY status'),
  titles: sql.prepare('SELECT COUNT(*) AS n FROM title'),
  students: sql.prepare("SELECT COUNT(*) AS n FROM reader WHERE kind = 'student'"),
  staff: sql.prepare("SELECT COUNT(*) AS n FROM reader WHERE kind <> 'student'"),
  active: sql.prepare('SELECT COUNT(*) AS n FROM reader WHERE active = 1'),
  open: sql.prepare('SELECT COUNT(*) AS n FROM loan WHERE returned_at IS NULL AND lost_at IS NULL'),
  overdue: sql.prepare('SELECT COUNT(*) AS n FROM loan WHERE returned_at IS NULL AND lost_at IS NULL AND due_at < ?'),
  closed: sql.prepare('SELECT COUNT(*) AS n FROM loan WHERE returned_at IS NOT NULL OR lost_at IS NOT NULL'),
  visits: sql.prepare('SELECT COALESCE(SUM(headcount), 0) AS n FROM visit'),
});

/** Every count at once; `today` (ISO date) decides which open loans are overdue. */
export function collectionCounts(sql: Sql, today: string): CollectionCounts {
  const s = prepared(sql, statements);
  const n = (stmt: { get: (...p: unknown[]) => unknown }, ...params: unknown[]) => Number((stmt.get(...params) as { n: number | null } | undefined)?.n ?? 0);
  return {
    copiesByStatus: (s.copiesByStatus.all() as { status: string; n: number }[]).map((r) => ({ status: r.status, n: Number(r.n) })),
    titles: n(s.titles),
    students: n(s.students), staff: n(s.staff), activeReaders: n(s.active),
    openLoans: n(s.open), overdueLoans: n(s.overdue, today), closedLoans: n(s.closed),
    visits: n(s.visits),
  };
}
