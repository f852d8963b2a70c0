import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';

/**
 * The one way to the database. TypeORM owns the schema (entities, migrations, the drift test);
 * every query and write goes through better-sqlite3 prepared statements in `main/db/queries/`,
 * synchronous, cached per connection, inside `transaction()` when it writes more than one row.
 */
export type Sql = Database.Database;

/** The better-sqlite3 handle under a TypeORM data source. */
export function sqlOf(dataSource: DataSource): Sql {
  return (dataSource.driver as unknown as { databaseConnection: Sql }).databaseConnection;
}

const caches = new WeakMap<Sql, Map<unknown, unknown>>();

/**
 * Statements a query module prepares once per connection: `prepared(sql, build)` calls `build(sql)`
 * the first time and returns the same object afterwards (keyed by the `build` function).
 */
export function prepared<T>(sql: Sql, build: (sql: Sql) => T): T {
  let cache = caches.get(sql);
  if (!cache) caches.set(sql, (cache = new Map()));
  let value = cache.get(build) as T | undefined;
  if (value === undefined) cache.set(build, (value = build(sql)));
  return value;
}

/**
 * Runs `work` as one transaction: all of it is written, or none of it (an exception rolls back).
 * Synchronous on purpose: nothing else can run on this thread in the middle, and nested calls
 * become savepoints of the outer transaction.
 *
 * It takes SQLite's write lock at BEGIN (`BEGIN IMMEDIATE`): other connections write to the same file at the
 * same moment (the OPAC's thread, the worker, a CLI), and a change's checks read before it writes. A deferred
 * transaction reads in its snapshot and asks for the lock at its first write; if another connection committed in
 * between, SQLite refuses at once with SQLITE_BUSY_SNAPSHOT (busy_timeout does not apply) and the desk would be
 * told the file is locked. Immediate, the second one waits its turn (busy_timeout) and then reads what the first
 * committed. `readOnly`: one consistent moment for reads that write nothing (an export, a feed batch, the
 * reader's panel) — deferred, so a long read never holds up a writer.
 */
export function transaction<T>(sql: Sql, work: () => T, options: { readOnly?: boolean } = {}): T {
  const run = sql.transaction(work);
  return options.readOnly ? run.deferred() : run.immediate();
}

/**
 * A plain connection to a database file, outside TypeORM: backups read the live file through one
 * (its own snapshot, so the desk keeps writing), and candidate files are checked read-only with one.
 */
export function openSqlFile(file: string, options: { readonly?: boolean } = {}): Sql {
  const sql = new Database(file, { readonly: options.readonly ?? false, fileMustExist: true });
  sql.pragma('busy_timeout = 5000');
  return sql;
}

/**
 * Runs one statement given as text (tests' own checks and set-ups, which the contract does not offer):
 * the rows of a read, [] after a write.
 */
export function runStatement(sql: Sql, text: string, params: unknown[] = []): unknown[] {
  const statement = sql.prepare(text);
  if (statement.reader) return statement.all(...params);
  statement.run(...params);
  return [];
}
