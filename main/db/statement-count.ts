import type { Sql } from './sql';

const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const METHODS = ['run', 'get', 'all', 'iterate'] as const;

/**
 * For tests and benches: runs `work` and returns the SQL statements it executed (better-sqlite3's
 * Statement run/get/all/iterate, counted on the prototype so every prepared statement of every
 * connection is seen), leaving out the transaction's own BEGIN/COMMIT/SAVEPOINT/RELEASE. Each statement
 * is its source text, whitespace folded. Not for production code: it patches the prototype meanwhile.
 */
export async function countStatements<T>(sql: Sql, work: () => T | Promise<T>): Promise<{ result: T; statements: string[] }> {
  const proto = Object.getPrototypeOf(sql.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  const originals = METHODS.map((m) => proto[m]);
  const statements: string[] = [];
  METHODS.forEach((m, i) => {
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      if (!TRANSACTION_CONTROL.test(this.source)) statements.push(this.source.replace(/\s+/g, ' ').trim());
      return originals[i].apply(this, args);
    };
  });
  try {
    return { result: await work(), statements };
  } finally {
    METHODS.forEach((m, i) => { proto[m] = originals[i]; });
  }
}
