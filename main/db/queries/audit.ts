import { currentActor } from '../actor';
import { prepared, type Sql } from '../sql';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: number | null;
  details?: unknown;
  /** Who, when it is not the current call's actor (db/actor.ts): rarely needed. */
  actor?: string;
  at: Date;
}

/** The log's rows with the copy and reader they concern (through the loan when the row is about one). */
const MATCHING = `
  WITH base AS (
    SELECT a.id, a.at, a.actor, a.account_id AS accountId, a.action, a.entity, a.entity_id AS entityId, a.details,
      CASE a.entity WHEN 'loan' THEN (SELECT copy_id FROM loan WHERE id = a.entity_id) WHEN 'copy' THEN a.entity_id END AS copyId,
      COALESCE(json_extract(a.details, '$.readerId'), json_extract(a.details, '$.toReaderId'),
        CASE a.entity WHEN 'loan' THEN (SELECT reader_id FROM loan WHERE id = a.entity_id) WHEN 'reader' THEN a.entity_id END) AS readerId
    FROM audit_log a
    WHERE (@from IS NULL OR a.at >= @from) AND (@to IS NULL OR a.at < @to) AND (@accountId IS NULL OR a.account_id = @accountId)
      AND (@entities IS NULL OR a.entity IN (SELECT value FROM json_each(@entities)))
  )
  SELECT b.id, b.at, b.actor, b.accountId, b.action, b.entity, b.entityId, b.details,
    COALESCE(c.accession_code, json_extract(b.details, '$.copy')) AS copyCode, r.full_name AS readerName, r.card_number AS readerCard
  FROM base b LEFT JOIN copy c ON c.id = b.copyId LEFT JOIN reader r ON r.id = b.readerId
  WHERE (@copy IS NULL OR c.accession_code = @copy OR instr(b.details, '"' || @copy || '"') > 0)
    AND (@readerId IS NULL OR b.readerId = @readerId OR json_extract(b.details, '$.fromReaderId') = @readerId
      OR (b.entity = 'reader' AND b.entityId = @readerId))`;

const statements = (sql: Sql) => ({
  insert: sql.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, details, account_id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  page: sql.prepare(`${MATCHING} ORDER BY b.at DESC, b.id DESC LIMIT @limit OFFSET @offset`),
  count: sql.prepare(`SELECT COUNT(*) FROM (${MATCHING})`).pluck(),
  people: sql.prepare(`SELECT id, name, role, disabled FROM account
    WHERE id IN (SELECT account_id FROM audit_log WHERE account_id IS NOT NULL) ORDER BY disabled, name, id`),
  readerByCode: sql.prepare('SELECT id FROM reader WHERE code = ? OR card_number = ? ORDER BY id LIMIT 1').pluck(),
});

/**
 * The one audit writer: one row per change that a librarian may have to account for. It names who by itself: the
 * current call's actor (db/actor.ts: the signed-in account, the CLI, the OPAC), unless the entry says otherwise.
 */
export function writeAudit(sql: Sql, entry: AuditEntry): void {
  const actor = currentActor();
  prepared(sql, statements).insert.run(entry.at.toISOString(), entry.actor ?? actor?.name ?? '', entry.action, entry.entity, entry.entityId ?? null,
    JSON.stringify(entry.details ?? {}), actor?.accountId ?? null);
}

/** Filters in stored form: ISO timestamps (`to` exclusive), entities as a JSON array, ids. Null = no filter. */
export interface AuditQuery {
  from: string | null;
  to: string | null;
  entities: string | null;
  copy: string | null;
  readerId: number | null;
  accountId: number | null;
}

export interface AuditRow {
  id: number; at: string; actor: string; accountId: number | null; action: string; entity: string; entityId: number | null; details: string;
  copyCode: string | null; readerName: string | null; readerCard: string | null;
}

/** A page of the log, newest first; `limit` -1 for every row. */
export function auditRows(sql: Sql, query: AuditQuery, offset: number, limit: number): AuditRow[] {
  return prepared(sql, statements).page.all({ ...query, offset, limit }) as AuditRow[];
}

export function auditCount(sql: Sql, query: AuditQuery): number {
  return prepared(sql, statements).count.get(query) as number;
}

/** A reader's id by code or card number (the Nhật ký's reader filter). */
export function readerIdByCode(sql: Sql, code: string): number | undefined {
  return prepared(sql, statements).readerByCode.get(code, code) as number | undefined;
}

/** The accounts that wrote rows in the log (no card, no secret): the Nhật ký's "Người thực hiện" filter. */
export function auditAccounts(sql: Sql): { id: number; name: string; role: string; disabled: number }[] {
  return prepared(sql, statements).people.all() as { id: number; name: string; role: string; disabled: number }[];
}
