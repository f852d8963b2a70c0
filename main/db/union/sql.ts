import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { unionMigrations } from './migrations';
import { runnerSql, type UnionSql } from './statements';

/**
 * The union catalogue's PostgreSQL: a TypeORM DataSource (its own migrations) and the one way to run
 * statements and transactions on it. All its SQL lives in main/db/union/.
 */
export type UnionDb = DataSource;

export type { UnionSql } from './statements';

function onRunner(get: () => QueryRunner, done: (r: QueryRunner) => Promise<void>): UnionSql {
  return runnerSql(get, done);
}

/**
 * For the bench: the same statements, each also run under `EXPLAIN (ANALYZE, BUFFERS)` first, its plan
 * appended to `plans` (the query plan of a search, which a loaded machine does not distort).
 */
export function explaining(sql: UnionSql, plans: string[]): UnionSql {
  const explain = async (statement: string, params: unknown[]) => {
    const rows = await sql.rows<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement}`, params);
    plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
  };
  return {
    async rows<T>(statement: string, params: unknown[] = []) { await explain(statement, params); return sql.rows<T>(statement, params); },
    async run(statement: string, params: unknown[] = []) { return sql.run(statement, params); },
  };
}

const statementNames = new Map<string, string>();
/** A name per statement text, so each connection of the pool parses and plans it once (a prepared statement). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `u_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Statements on the pool, each on its own (autocommit), straight on TypeORM's pg pool as named prepared
 * statements: the search is one of these, 40 phones at once, and each statement parsed and planned again (or
 * a query runner made for it) was CPU the server lacked.
 */
export function unionSql(db: UnionDb): UnionSql {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const query = (text: string, params: unknown[]) => pool.query({ name: statementName(text), text, values: params });
  return {
    async rows<T>(text: string, params: unknown[] = []) { return (await query(text, params)).rows as T[]; },
    async run(text: string, params: unknown[] = []) { return (await query(text, params)).rowCount ?? 0; },
  };
}

/** Runs `fn` in one transaction (READ COMMITTED; rows it must serialise on are locked FOR UPDATE). */
export async function unionTransaction<T>(db: UnionDb, fn: (tx: UnionSql) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      const value = await fn(onRunner(() => runner, async () => {}));
      await runner.commitTransaction();
      return value;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** `migrationsUpTo` (tests of an upgrade only): the migrations up to and including that class name. */
export function createUnionDataSource(url: string, poolSize = 10, migrationsUpTo?: string): DataSource {
  const upTo = migrationsUpTo ? unionMigrations.findIndex((m) => m.name === migrationsUpTo) : unionMigrations.length - 1;
  if (upTo < 0) throw new Error(`Unknown union migration ${migrationsUpTo}`);
  return new DataSource({
    type: 'postgres',
    url,
    entities: [],
    migrations: unionMigrations.slice(0, upTo + 1),
    migrationsTableName: 'union_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize,
    applicationName: 'ke-sach-union',
  });
}

/** Opens the union database; `migrate` applies pending migrations (union init), else pending ones are an error. */
export async function openUnionDatabase(url: string, options: { migrate?: boolean; poolSize?: number; migrationsUpTo?: string } = {}): Promise<{ db: UnionDb; applied: string[] }> {
  const db = createUnionDataSource(url, options.poolSize, options.migrationsUpTo);
  await db.initialize();
  try {
    if (options.migrate) {
      const ran = await db.runMigrations({ transaction: 'all' });
      return { db, applied: ran.map((m) => m.name) };
    }
    if (await db.showMigrations()) throw new UnionSchemaError();
    return { db, applied: [] };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

export class UnionSchemaError extends Error {
  constructor() { super('Cơ sở dữ liệu liên thông chưa được khởi tạo hoặc cần nâng cấp: hãy chạy "union init --pg URL" trước.'); }
}
