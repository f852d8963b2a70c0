import type { LibraryCounts } from '../../../shared/contract/backup';
import type { Sql } from '../sql';

/** SQL of the backup domain: checks and counts run on a backup copy, a candidate file, or the live snapshot. */

/** `PRAGMA integrity_check` lines: ['ok'] when the file is whole. */
export function integrityCheck(sql: Sql, maxErrors = 20): string[] {
  return (sql.pragma(`integrity_check(${Math.max(1, Math.floor(maxErrors))})`) as { integrity_check: string }[]).map((r) => r.integrity_check);
}

/** `PRAGMA quick_check` lines (the cheaper check run at every open). */
export function quickCheck(sql: Sql, maxErrors = 20): string[] {
  return (sql.pragma(`quick_check(${Math.max(1, Math.floor(maxErrors))})`) as { quick_check: string }[]).map((r) => r.quick_check);
}

/** Every table of the file (SQLite's own excluded). */
export function tableNames(sql: Sql): string[] {
  return (sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name);
}

/** Row count of every table, by name. */
export function tableCounts(sql: Sql): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of tableNames(sql)) {
    out[name] = (sql.prepare(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  }
  return out;
}

/** Titles, copies, readers and loans (0 for a table the file does not have). */
export function libraryCounts(sql: Sql): LibraryCounts {
  const tables = new Set(tableNames(sql));
  const n = (t: string) => (tables.has(t) ? (sql.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n : 0);
  return { titles: n('title'), copies: n('copy'), readers: n('reader'), loans: n('loan') };
}

/** Names in TypeORM's `migrations` table, or null when the file has no such table. */
export function migrationNames(sql: Sql): string[] | null {
  const has = sql.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").get();
  if (!has) return null;
  return (sql.prepare('SELECT name FROM migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
}

/** Opens a read transaction and reads from it, so what follows (counts, the backup) sees one snapshot. */
export function beginSnapshot(sql: Sql): void {
  sql.prepare('BEGIN').run();
  sql.prepare('SELECT COUNT(*) FROM sqlite_master').get();
}

export function endSnapshot(sql: Sql): void {
  if (sql.inTransaction) sql.prepare('COMMIT').run();
}

/** Moves the WAL's content into the main file and empties the WAL (before the file is swapped). */
export function checkpointTruncate(sql: Sql): { busy: number; log: number; checkpointed: number } {
  return (sql.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[])[0];
}

/** Limits the file to its current size in pages (tests use it to simulate a full disk). */
export function capPageCount(sql: Sql): number {
  const pages = sql.pragma('page_count', { simple: true }) as number;
  return sql.pragma(`max_page_count = ${pages}`, { simple: true }) as number;
}

/** SQLite's online backup of the connection's database into `target` (page by page, safe while others write). */
export async function onlineBackup(sql: Sql, target: string): Promise<void> {
  await sql.backup(target);
}

/** Rollback-journal mode: the file stands alone, with no -wal/-shm beside it. */
export function setDeleteJournal(sql: Sql): void {
  sql.pragma('journal_mode = DELETE');
}
