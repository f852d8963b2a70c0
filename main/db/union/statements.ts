import type { QueryRunner } from 'typeorm';

/** Something statements run on: the pool (one statement each) or a transaction. */
export interface UnionSql {
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

/**
 * Statements on a TypeORM QueryRunner: `get` gives the runner for each statement, `done` is called after it
 * (release it, or nothing inside a transaction). The migrations use it too (so they need not import sql.ts,
 * which imports them).
 */
export function runnerSql(get: () => QueryRunner, done: (r: QueryRunner) => Promise<void> = async () => {}): UnionSql {
  return {
    async rows<T>(sql: string, params: unknown[] = []) {
      const r = get();
      try { return (await r.query(sql, params, true)).records as T[]; } finally { await done(r); }
    },
    async run(sql: string, params: unknown[] = []) {
      const r = get();
      try { return (await r.query(sql, params, true)).affected ?? 0; } finally { await done(r); }
    },
  };
}
