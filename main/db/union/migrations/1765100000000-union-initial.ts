import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The district union catalogue's schema (PostgreSQL). Its own migrations, never mixed with the school's
 * SQLite ones. Frozen once landed: a change is a new migration.
 */
export class UnionInitial1765100000000 implements MigrationInterface {
  name = 'UnionInitial1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of UP) await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE union_log');
    await q.query('DROP TABLE union_record');
    await q.query('DROP TABLE union_key');
    await q.query('DROP TABLE union_school');
  }
}

const UP: string[] = [
  // Trigram indexes for the word-prefix search on the folded text (the folding itself is the desk's fold(),
  // done in Node: unaccent leaves đ alone and differs from the desk on a few letters).
  'CREATE EXTENSION IF NOT EXISTS pg_trgm',
  `CREATE TABLE union_school (
    id serial PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_push timestamptz,
    -- The school's feed position the union has stored (acknowledged back to the school).
    cursor bigint NOT NULL DEFAULT 0,
    -- Aggregated figures only (protocol unionSummarySchema): students, titles, copies, loans per month, digital.
    summary jsonb,
    CONSTRAINT union_school_name UNIQUE (name)
  )`,
  `CREATE TABLE union_key (
    id serial PRIMARY KEY,
    school_id integer NOT NULL REFERENCES union_school (id) ON DELETE CASCADE,
    -- SHA-256 of the key (32 random bytes): the key is never stored.
    key_hash bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    CONSTRAINT union_key_hash UNIQUE (key_hash)
  )`,
  'CREATE INDEX union_key_school ON union_key (school_id)',
  `CREATE TABLE union_record (
    school_id integer NOT NULL REFERENCES union_school (id) ON DELETE CASCADE,
    id text NOT NULL,
    title text NOT NULL,
    authors text[] NOT NULL,
    isbn text,
    publisher text,
    year integer,
    -- fold(title) and fold(first author): the work key when there is no ISBN.
    title_key text NOT NULL,
    author_key text NOT NULL,
    -- ' ' + folded words of title, authors, publisher, ISBN: each typed word matches a word start.
    search_text text NOT NULL,
    total integer NOT NULL,
    available integer NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, id)
  )`,
  'CREATE INDEX union_record_search ON union_record USING gin (search_text gin_trgm_ops)',
  'CREATE INDEX union_record_isbn ON union_record (isbn) WHERE isbn IS NOT NULL',
  'CREATE INDEX union_record_work ON union_record (title_key, author_key)',
  // Who changed what: a school added, a key issued or revoked (by the CLI), each push batch (by its school).
  `CREATE TABLE union_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    school_id integer REFERENCES union_school (id) ON DELETE SET NULL,
    actor text NOT NULL,
    action text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
  )`,
];
