import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pushes of different schools no longer wait for each other (issue 21). Work maintenance was one push at a time
 * across the district (one advisory lock). Now a push locks only the work keys its change touches: a row per
 * key in `union_work_key` ('i:' + ISBN, or 't:' + folded title + '|' + folded first author), locked in key order
 * (main/db/union/works.ts, lockWorkKeys). A row lock, not an advisory one: a first push locks a thousand keys,
 * which the shared lock table (max_locks_per_transaction) would not hold for several pushes at once, and the row
 * exists for a key no work has yet, so two schools pushing a new ISBN at the same moment still meet on it.
 *
 * `union_record.full_push`: the id of the last full push (protocol `full`) that carried the record. When the last
 * batch of a full push arrives, the school's records not carried by it are removed (a restored school's ghosts).
 */
export class UnionWorkKeys1765100003000 implements MigrationInterface {
  name = 'UnionWorkKeys1765100003000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE union_work_key (key text PRIMARY KEY)');
    await q.query('ALTER TABLE union_record ADD COLUMN full_push text');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE union_record DROP COLUMN full_push');
    await q.query('DROP TABLE union_work_key');
  }
}
