import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recordsWithoutWork } from '../queries';
import { runnerSql } from '../statements';
import { regroupWorks } from '../works';

/**
 * Works grouped when pushes arrive (issue 21, scale): a broad query ("toan") matched thousands of records that
 * the server read and grouped into works per request (p95 in seconds at 30 schools). `union_work` holds each
 * work (same ISBN, or same folded title + first author, across schools) with what it shows and the folded
 * words of all its records under a GIN index, and every record points at its work; the push transaction keeps
 * them (main/db/union/works.ts). A search then reads matching works from the index, counts them, sorts and
 * takes one page, and reads only that page's holdings. The records' own word index goes (nothing reads it;
 * it made every record write dearer).
 *
 * `union_vi` is the ICU Vietnamese collation with numbers as numbers (Tập 2 < Tập 10), the desk's order; a
 * server built without ICU gets the byte order instead of failing. pg_trgm (created by the first migration)
 * is no longer used by anything; it is left in place (dropping an extension needs its owner).
 */
export class UnionWorks1765100002000 implements MigrationInterface {
  name = 'UnionWorks1765100002000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      CREATE COLLATION union_vi (provider = icu, locale = 'vi-u-kn-true');
    EXCEPTION WHEN OTHERS THEN
      CREATE COLLATION union_vi FROM "C";
    END $$`);
    await q.query(`CREATE TABLE union_work (
      id bigserial PRIMARY KEY,
      -- The face: the title and authors of the record with the most copies; an ISBN of the work.
      title text NOT NULL,
      authors text[] NOT NULL,
      isbn text,
      -- Every record's folded title (a work whose title starts with the typed words comes first).
      title_keys text[] NOT NULL,
      -- The face's title with ordinal words as numbers ("Tập hai" → "Tập 2"), sorted with union_vi.
      sort_title text NOT NULL,
      -- ' ' + the distinct folded words of all its records (title, authors, publisher, ISBN).
      search_text text NOT NULL,
      search_words tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED
    )`);
    await q.query('CREATE INDEX union_work_words ON union_work USING gin (search_words)');
    await q.query('ALTER TABLE union_record ADD COLUMN work_id bigint REFERENCES union_work (id)');
    await q.query('CREATE INDEX union_record_work_id ON union_record (work_id)');
    // The search reads works now: the records' own word index (and its generated column) only cost every write.
    await q.query('ALTER TABLE union_record DROP COLUMN search_words');
    // Backfill: the records already pushed, a chunk at a time, grouped exactly as a push groups them.
    const sql = runnerSql(() => q);
    for (;;) {
      const chunk = await recordsWithoutWork(sql, 2000);
      if (chunk.length === 0) break;
      await regroupWorks(sql, { school: chunk.map((r) => r.school_id), id: chunk.map((r) => r.id) }, []);
    }
    await q.query('ANALYZE union_work');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE union_record ADD COLUMN search_words tsvector
      GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED`);
    await q.query('CREATE INDEX union_record_words ON union_record USING gin (search_words)');
    await q.query('DROP INDEX union_record_work_id');
    await q.query('ALTER TABLE union_record DROP COLUMN work_id');
    await q.query('DROP TABLE union_work');
    await q.query('DROP COLLATION union_vi');
  }
}
