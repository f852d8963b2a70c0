import type { UnionSql } from './statements';

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
  /**
   * Its work (main/db/union/works.ts plans it before the record is written); null for a stored record whose work
   * the push did not plan (its ISBN, keys, title, authors, words and copies unchanged): its work stays as stored,
   * even when another school's push moved it meanwhile.
   */
  work_id: string | null;
}

/**
 * Inserts or replaces the school's records by (school, id), in one statement. A row whose values did
 * not change is not rewritten (a repeated push leaves the table as it was). The ids written.
 */
export async function upsertRecords(sql: UnionSql, schoolId: number, records: StoredRecord[]): Promise<string[]> {
  if (records.length === 0) return [];
  const rows = await sql.rows<{ id: string }>(
    `INSERT INTO union_record AS u (school_id, id, title, authors, isbn, publisher, year, title_key, author_key, search_text, total, available, work_id)
     SELECT $1, r.id, r.title, ARRAY(SELECT jsonb_array_elements_text(r.authors)), r.isbn, r.publisher, r.year,
            r.title_key, r.author_key, r.search_text, r.total, r.available, r.work_id
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, title text, authors jsonb, isbn text, publisher text, year integer,
          title_key text, author_key text, search_text text, total integer, available integer, work_id bigint)
     ON CONFLICT (school_id, id) DO UPDATE SET
       title = EXCLUDED.title, authors = EXCLUDED.authors, isbn = EXCLUDED.isbn, publisher = EXCLUDED.publisher,
       year = EXCLUDED.year, title_key = EXCLUDED.title_key, author_key = EXCLUDED.author_key,
       search_text = EXCLUDED.search_text, total = EXCLUDED.total, available = EXCLUDED.available, work_id = COALESCE(EXCLUDED.work_id, u.work_id),
       updated_at = CASE WHEN (u.title, u.authors, u.isbn, u.publisher, u.year, u.total, u.available)
         IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.authors, EXCLUDED.isbn, EXCLUDED.publisher, EXCLUDED.year, EXCLUDED.total, EXCLUDED.available)
         THEN now() ELSE u.updated_at END
     WHERE (u.title, u.authors, u.isbn, u.publisher, u.year, u.total, u.available, u.work_id)
       IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.authors, EXCLUDED.isbn, EXCLUDED.publisher, EXCLUDED.year, EXCLUDED.total, EXCLUDED.available, COALESCE(EXCLUDED.work_id, u.work_id))
     RETURNING u.id`,
    [schoolId, JSON.stringify(records)]);
  return rows.map((r) => r.id);
}

export async function deleteRecords(sql: UnionSql, schoolId: number, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await sql.rows<{ id: string }>('DELETE FROM union_record WHERE school_id = $1 AND id = ANY($2::text[]) RETURNING id', [schoolId, ids]);
  return rows.map((r) => r.id);
}

/**
 * Marks the school's records `ids` as carried by the full push `pushId` (protocol `full`): what its last batch
 * keeps. Only rows not marked yet are written (a repeated batch writes nothing).
 */
export async function markFullPush(sql: UnionSql, schoolId: number, pushId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql.run('UPDATE union_record SET full_push = $2 WHERE school_id = $1 AND id = ANY($3::text[]) AND full_push IS DISTINCT FROM $2',
    [schoolId, pushId, ids]);
}

/** The school's records that the full push `pushId` did not carry (and that are not in the batch `ids` arriving now). */
export async function recordsNotInFullPush(sql: UnionSql, schoolId: number, pushId: string, ids: string[]): Promise<string[]> {
  const rows = await sql.rows<{ id: string }>(
    'SELECT id FROM union_record WHERE school_id = $1 AND full_push IS DISTINCT FROM $2 AND NOT (id = ANY($3::text[]))', [schoolId, pushId, ids]);
  return rows.map((r) => r.id);
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

/** A record as work maintenance reads it: its keys (ISBN, folded title + first author) and what a work shows. */
export interface WorkMember {
  school_id: number;
  id: string;
  title: string;
  authors: string[];
  isbn: string | null;
  title_key: string;
  author_key: string;
  search_text: string;
  total: number;
  work_id: string | null;
}

/** The current work of each of the school's records `ids` (those that exist). */
export async function workOfRecords(sql: UnionSql, schoolId: number, ids: string[]): Promise<{ id: string; work_id: string | null }[]> {
  if (ids.length === 0) return [];
  return sql.rows('SELECT id, work_id::text AS work_id FROM union_record WHERE school_id = $1 AND id = ANY($2::text[])', [schoolId, ids]);
}

/** Works holding a record with one of these ISBNs or (title_key, author_key) pairs (the indexes on both answer). */
export async function worksSharingKeys(sql: UnionSql, isbns: string[], titleKeys: string[], authorKeys: string[]): Promise<string[]> {
  const rows = await sql.rows<{ work_id: string }>(
    `SELECT DISTINCT work_id::text AS work_id FROM (
       SELECT work_id FROM union_record WHERE isbn = ANY($1::text[])
       UNION ALL
       SELECT r.work_id FROM unnest($2::text[], $3::text[]) AS k(t, a)
       JOIN union_record r ON r.title_key = k.t AND r.author_key = k.a
     ) m WHERE work_id IS NOT NULL`, [isbns, titleKeys, authorKeys]);
  return rows.map((r) => r.work_id);
}

/** The distinct keys (ISBN, folded title + first author) of the records of the works `workIds`. */
export async function keysOfWorks(sql: UnionSql, workIds: string[]): Promise<{ isbn: string | null; title_key: string; author_key: string }[]> {
  if (workIds.length === 0) return [];
  return sql.rows('SELECT DISTINCT isbn, title_key, author_key FROM union_record WHERE work_id = ANY($1::bigint[])', [workIds]);
}

/** Every record of the works `workIds`, plus the records `keys` ((school, id) pairs) wherever they are. */
export async function workMembers(sql: UnionSql, workIds: string[], keys: { school: number[]; id: string[] }): Promise<WorkMember[]> {
  return sql.rows<WorkMember>(
    `SELECT r.school_id, r.id, r.title, r.authors, r.isbn, r.title_key, r.author_key, r.search_text, r.total, r.work_id::text AS work_id
     FROM union_record r WHERE r.work_id = ANY($1::bigint[])
     UNION
     SELECT r.school_id, r.id, r.title, r.authors, r.isbn, r.title_key, r.author_key, r.search_text, r.total, r.work_id::text
     FROM unnest($2::int[], $3::text[]) AS k(s, id) JOIN union_record r ON r.school_id = k.s AND r.id = k.id`,
    [workIds, keys.school, keys.id]);
}

/** What a work shows and is searched by (computed by main/db/union/works.ts from its records). */
export interface WorkRow {
  id: string | null;
  title: string;
  authors: string[];
  isbn: string | null;
  title_keys: string[];
  sort_title: string;
  search_text: string;
}

/** The works sent as JSON, as rows. */
const WORK_SOURCE = `(SELECT x.id, x.title, ARRAY(SELECT jsonb_array_elements_text(x.authors)) AS authors, x.isbn,
    ARRAY(SELECT jsonb_array_elements_text(x.title_keys)) AS title_keys, x.sort_title, x.search_text
  FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, title text, authors jsonb, isbn text, title_keys jsonb,
    sort_title text, search_text text))`;
const WORK_FIELDS = ['title', 'authors', 'isbn', 'title_keys', 'sort_title', 'search_text'];

/** Rewrites the works that exist (by id) whose values changed. */
export async function updateWorks(sql: UnionSql, works: WorkRow[]): Promise<number> {
  if (works.length === 0) return 0;
  return sql.run(
    `UPDATE union_work w SET ${WORK_FIELDS.map((f) => `${f} = v.${f}`).join(', ')}
     FROM ${WORK_SOURCE} AS v
     WHERE w.id = v.id AND (${WORK_FIELDS.map((f) => `w.${f}`).join(', ')}) IS DISTINCT FROM (${WORK_FIELDS.map((f) => `v.${f}`).join(', ')})`,
    [JSON.stringify(works)]);
}

/** `n` fresh work ids (taken from the sequence, so new works and their records are written in one go each). */
export async function newWorkIds(sql: UnionSql, n: number): Promise<string[]> {
  if (n === 0) return [];
  const rows = await sql.rows<{ id: string }>("SELECT nextval('union_work_id_seq')::text AS id FROM generate_series(1, $1)", [n]);
  return rows.map((r) => r.id);
}

/** Inserts new works (ids from newWorkIds). */
export async function insertWorks(sql: UnionSql, works: WorkRow[]): Promise<number> {
  if (works.length === 0) return 0;
  return sql.run(
    `INSERT INTO union_work (id, ${WORK_FIELDS.join(', ')})
     SELECT v.id, ${WORK_FIELDS.map((f) => `v.${f}`).join(', ')} FROM ${WORK_SOURCE} AS v`, [JSON.stringify(works)]);
}

/** Points records at their works (only those whose work changed). */
export async function setRecordWorks(sql: UnionSql, school: number[], ids: string[], works: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return sql.run(
    `UPDATE union_record r SET work_id = v.w FROM unnest($1::int[], $2::text[], $3::bigint[]) AS v(s, id, w)
     WHERE r.school_id = v.s AND r.id = v.id AND r.work_id IS DISTINCT FROM v.w`, [school, ids, works]);
}

/** Deletes works no record points at any more (of those given). */
export async function deleteEmptyWorks(sql: UnionSql, workIds: string[]): Promise<number> {
  if (workIds.length === 0) return 0;
  return sql.run(
    `DELETE FROM union_work w WHERE w.id = ANY($1::bigint[])
     AND NOT EXISTS (SELECT 1 FROM union_record r WHERE r.work_id = w.id)`, [workIds]);
}

/** Records no work holds yet (the migration's backfill), at most `limit`. */
export async function recordsWithoutWork(sql: UnionSql, limit: number): Promise<{ school_id: number; id: string }[]> {
  return sql.rows('SELECT school_id, id FROM union_record WHERE work_id IS NULL ORDER BY school_id, id LIMIT $1', [limit]);
}

/**
 * Locks work keys ('i:' + ISBN, 't:' + title_key + '|' + author_key) for the caller's transaction: their rows in
 * `union_work_key` (created when missing) in key order, in one statement. `ON CONFLICT … DO UPDATE … WHERE false`
 * locks the existing row without writing it; a key another push is inserting waits for that push to end.
 */
export async function lockWorkKeys(sql: UnionSql, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await sql.run(
    `INSERT INTO union_work_key AS k (key) SELECT DISTINCT unnest($1::text[]) ORDER BY 1
     ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key WHERE false`, [keys]);
}

export interface WorkHit {
  id: string; title: string; authors: string[]; isbn: string | null;
  /** Each school's copies of the work: `schools[i]` holds `totals[i]` copies, `available[i]` on its shelf. */
  schools: number[]; available: number[]; totals: number[];
}

/**
 * One page of the works with a word starting with each of `words` (all required; the GIN index over the works'
 * folded words answers the prefix query), or holding a record whose ISBN is `isbn`; `total` = all matching works.
 * Works with a title starting with `phrase` first, then Vietnamese title order. In the same statement, for the
 * page's works only, each school's copies, read from the index `union_record_holdings` alone (no table rows):
 * one round trip and about 20 rows per answer, where there were two statements and some 220 holdings rows.
 * (Building the answer's JSON here instead cost PostgreSQL more than it saved node: json_build_object and the
 * ICU sort of school names for every work.)
 */
export async function matchingWorks(sql: UnionSql, q: { words: string[]; isbn: string | null; phrase: string }, offset: number, limit: number): Promise<{ total: number; works: WorkHit[] }> {
  // Words are [a-z0-9] only (folded and split by the service): nothing to escape in a tsquery or a LIKE.
  const where = q.isbn
    ? 'w.id IN (SELECT work_id FROM union_record WHERE isbn = $1)'
    : "w.search_words @@ to_tsquery('simple'::regconfig, $1)";
  const match = q.isbn ?? q.words.map((w) => `${w}:*`).join(' & ');
  const rows = await sql.rows<WorkHit & { total: number }>(
    `WITH page AS (
       SELECT w.id, w.title, w.authors, w.isbn, w.sort_title, count(*) OVER () AS total,
              EXISTS (SELECT 1 FROM unnest(w.title_keys) t WHERE t LIKE $2) AS starts
       FROM union_work w WHERE ${where}
       ORDER BY starts DESC, w.sort_title COLLATE union_vi, w.id
       OFFSET $3 LIMIT $4)
     SELECT p.id::text AS id, p.title, p.authors, p.isbn, p.total::int AS total, h.schools, h.available, h.totals
     FROM page p CROSS JOIN LATERAL (
       SELECT coalesce(array_agg(x.school_id), '{}') AS schools, coalesce(array_agg(x.a), '{}') AS available, coalesce(array_agg(x.t), '{}') AS totals
       FROM (SELECT r.school_id, sum(r.available)::int AS a, sum(r.total)::int AS t
             FROM union_record r WHERE r.work_id = p.id GROUP BY r.school_id) x) h
     ORDER BY p.starts DESC, p.sort_title COLLATE union_vi, p.id`,
    [match, `${q.phrase}%`, offset, limit]);
  if (rows.length > 0 || offset === 0) return { total: rows[0]?.total ?? 0, works: rows };
  // A page past the end: still say how many there are.
  const n = await sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM union_work w WHERE ${where}`, [match]);
  return { total: n[0].n, works: [] };
}

/** Every school's id and name. */
export async function schoolNames(sql: UnionSql): Promise<{ id: number; name: string }[]> {
  return sql.rows('SELECT id, name FROM union_school ORDER BY id');
}

/**
 * What autovacuum does some time after a big load, done now: the visibility map set (the search reads holdings by
 * index-only scans) and the statistics fresh. The bench calls it between the district's first pushes and the
 * searches, so that autovacuum running meanwhile does not count as the searches' CPU.
 */
export async function vacuumAfterLoad(sql: UnionSql): Promise<void> {
  await sql.run('VACUUM (ANALYZE) union_record, union_work, union_work_key');
}

/** Moves with every push batch, school added or key changed (each writes a log entry in its transaction). */
export async function unionDataVersion(sql: UnionSql): Promise<number> {
  const rows = await sql.rows<{ v: string }>('SELECT coalesce(max(id), 0)::text AS v FROM union_log');
  return Number(rows[0].v);
}
