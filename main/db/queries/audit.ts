import { prepared, type Sql } from '../sql';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: number | null;
  details?: unknown;
  actor?: string;
  at: Date;
}

const statements = (sql: Sql) => ({
  insert: sql.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)'),
});

/** The one audit writer: one row per change that a librarian may have to account for. */
export function writeAudit(sql: Sql, entry: AuditEntry): void {
  prepared(sql, statements).insert.run(entry.at.toISOString(), entry.actor ?? '', entry.action, entry.entity, entry.entityId ?? null, JSON.stringify(entry.details ?? {}));
}
