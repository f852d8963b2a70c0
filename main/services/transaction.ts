import type { DataSource, EntityManager } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver shares one query runner, so two async transactions started at
 * once would interleave as nested savepoints. Every write transaction goes through this queue.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

export function inTransaction<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => db.transaction(work));
  queues.set(db, run.catch(() => undefined));
  return run;
}
