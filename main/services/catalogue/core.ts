import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { rawConnection } from '../../db/data-source';
import { inTransaction } from '../transaction';

/*
 * The old transaction helper and audit writer, left only for the services that still call them
 * (accession, withdrawal). The catalogue uses transaction() from main/db/sql.ts and
 * writeAudit from main/db/queries/audit.ts; this file goes when its last caller does.
 */

/**
 * Runs synchronous work on the raw better-sqlite3 handle as ONE atomic transaction, queued behind
 * any TypeORM transaction in flight (so it never interleaves with one). A crash anywhere inside
 * leaves the database as it was.
 */
export function rawWrite<T>(db: DataSource, work: (raw: Database) => T): Promise<T> {
  const raw = rawConnection(db);
  return inTransaction(db, async () => raw.transaction(() => work(raw))());
}

export function auditRaw(raw: Database, at: Date, action: string, entity: string, entityId: number | null, details: unknown): void {
  raw.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES (?, \'\', ?, ?, ?, ?)')
    .run(at.toISOString(), action, entity, entityId, JSON.stringify(details ?? {}));
}
