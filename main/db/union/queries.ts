import type { UnionSql } from './sql';

/**
 * Every statement of the union catalogue (PostgreSQL). No rules here: the services in
 * main/services/union/ decide; these read and write.
 */

export interface SchoolRow { id: number; name: string }

export async function schoolByName(sql: UnionSql, name: string): Promise<SchoolRow | null> {
  const rows = await sql.rows<SchoolRow>('SELECT id, name FROM union_school WHERE name = $1 FOR UPDATE', [name]);
  return rows[0] ?? null;
}

export async function insertSchool(sql: UnionSql, name: string): Promise<SchoolRow> {
  const rows = await sql.rows<SchoolRow>('INSERT INTO union_school (name) VALUES ($1) RETURNING id, name', [name]);
  return rows[0];
}

export async function activeKeyCount(sql: UnionSql, schoolId: number): Promise<number> {
  const rows = await sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM union_key WHERE school_id = $1 AND revoked_at IS NULL', [schoolId]);
  return rows[0].n;
}

export async function insertKey(sql: UnionSql, schoolId: number, keyHash: Buffer): Promise<void> {
  await sql.run('INSERT INTO union_key (school_id, key_hash) VALUES ($1, $2)', [schoolId, keyHash]);
}

/** Revokes every live key of the school; the number revoked. */
export async function revokeKeys(sql: UnionSql, schoolId: number): Promise<number> {
  return sql.run('UPDATE union_key SET revoked_at = now() WHERE school_id = $1 AND revoked_at IS NULL', [schoolId]);
}

export interface PushingSchool { id: number; name: string; cursor: number }

/**
 * The school a live key belongs to. With `lock` (inside the push's transaction) the key and school rows
 * are locked, so a revoke committed meanwhile is seen and two pushes of one school run one after the other.
 */
export async function schoolOfKey(sql: UnionSql, keyHash: Buffer, lock: boolean): Promise<PushingSchool | null> {
  const rows = await sql.rows<{ id: number; name: string; cursor: string }>(
    `SELECT s.id, s.name, s.cursor FROM union_key k JOIN union_school s ON s.id = k.school_id
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL${lock ? ' FOR UPDATE' : ''}`, [keyHash]);
  return rows[0] ? { id: rows[0].id, name: rows[0].name, cursor: Number(rows[0].cursor) } : null;
}

/** A record as stored: the protocol's fields plus the folded keys the server computes. */
export interface StoredRecord {
  id: string;
  title: string;
  authors: string[];
  isbn: string | null;
  publisher: string | null;
  year: number | null;
  title_key: string;
  author_key: string;
  search_text: string;
  total: number;
  available: number;
}

/**
 * Inserts or replaces the school's records by (school, id), in one statement. A row whose values did
 * not change is not rewritten (a repeated push leaves the table as it was).
 */
export async function upsertRecords(sql: UnionSql, schoolId: number, records: StoredRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  return sql.run(
    `INSERT INTO union_record AS u (school_id, id, title, authors, isbn, publisher, year, title_key, author_key, search_text, total, available)
     SELECT $1, r.id, r.title, ARRAY(SELECT jsonb_array_elements_text(r.authors)), r.isbn, r.publisher, r.year,
            r.title_key, r.author_key, r.search_text, r.total, r.available
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, title text, authors jsonb, isbn text, publisher text, year integer,
          title_key text, author_key text, search_text text, total integer, available integer)
     ON CONFLICT (school_id, id) DO UPDATE SET
       title = EXCLUDED.title, authors = EXCLUDED.authors, isbn = EXCLUDED.isbn, publisher = EXCLUDED.publisher,
       year = EXCLUDED.year, title_key = EXCLUDED.title_key, author_key = EXCLUDED.author_key,
       search_text = EXCLUDED.search_text, total = EXCLUDED.total, available = EXCLUDED.available, updated_at = now()
     WHERE (u.title, u.authors, u.isbn, u.publisher, u.year, u.total, u.available)
       IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.authors, EXCLUDED.isbn, EXCLUDED.publisher, EXCLUDED.year, EXCLUDED.total, EXCLUDED.available)`,
    [schoolId, JSON.stringify(records)]);
}

export async function deleteRecords(sql: UnionSql, schoolId: number, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return sql.run('DELETE FROM union_record WHERE school_id = $1 AND id = ANY($2::text[])', [schoolId, ids]);
}

export async function storePush(sql: UnionSql, schoolId: number, cursor: number, summary: unknown | null): Promise<void> {
  await sql.run(
    'UPDATE union_school SET cursor = $2, last_push = now(), summary = COALESCE($3::jsonb, summary) WHERE id = $1',
    [schoolId, cursor, summary === null ? null : JSON.stringify(summary)]);
}

export async function writeUnionLog(sql: UnionSql, entry: { schoolId: number | null; actor: string; action: string; detail?: Record<string, unknown> }): Promise<void> {
  await sql.run('INSERT INTO union_log (school_id, actor, action, detail) VALUES ($1, $2, $3, $4::jsonb)',
    [entry.schoolId, entry.actor, entry.action, JSON.stringify(entry.detail ?? {})]);
}

export interface SchoolListRow {
  name: string;
  titles: number;
  copies: number;
  available: number;
  last_push: Date | null;
  cursor: string;
  live_keys: number;
  summary: Record<string, unknown> | null;
}

/** Every school with what the union holds of it, by name. */
export async function schoolList(sql: UnionSql): Promise<SchoolListRow[]> {
  return sql.rows<SchoolListRow>(
    `SELECT s.name, coalesce(r.titles, 0)::int AS titles, coalesce(r.copies, 0)::int AS copies, coalesce(r.available, 0)::int AS available,
            s.last_push, s.cursor::text AS cursor, s.summary,
            (SELECT count(*)::int FROM union_key k WHERE k.school_id = s.id AND k.revoked_at IS NULL) AS live_keys
     FROM union_school s
     LEFT JOIN (SELECT school_id, count(*) AS titles, sum(total) AS copies, sum(available) AS available
                FROM union_record GROUP BY school_id) r ON r.school_id = s.id
     ORDER BY s.name`);
}

export interface MatchRow {
  school: string;
  title: string;
  authors: string[];
  isbn: string | null;
  title_key: string;
  author_key: string;
  total: number;
  available: number;
}

/**
 * Records with a word starting with each of `words` (all required), or whose ISBN is `isbn`; at most
 * `limit` rows. The GIN index over the folded words (a 'simple' tsvector) answers the prefix query.
 */
export async function matchingRecords(sql: UnionSql, q: { words: string[]; isbn: string | null }, limit: number): Promise<MatchRow[]> {
  // Words are [a-z0-9] only (folded and split by the service): nothing to escape in a tsquery.
  const where = q.isbn ? 'r.isbn = $1' : "r.search_words @@ to_tsquery('simple'::regconfig, $1)";
  return sql.rows<MatchRow>(
    `SELECT s.name AS school, r.title, r.authors, r.isbn, r.title_key, r.author_key, r.total, r.available
     FROM union_record r JOIN union_school s ON s.id = r.school_id
     WHERE ${where}
     LIMIT $2`, [q.isbn ?? q.words.map((w) => `${w}:*`).join(' & '), limit]);
}

/** Moves with every push batch, school added or key changed (each writes a log entry in its transaction). */
export async function unionDataVersion(sql: UnionSql): Promise<number> {
  const rows = await sql.rows<{ v: string }>('SELECT coalesce(max(id), 0)::text AS v FROM union_log');
  return Number(rows[0].v);
}
