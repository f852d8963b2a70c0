import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search reads the holdings of one page of works (each school's copies of each work) from this index alone
 * (an index-only scan: work id, school, total, available), instead of fetching every record row of those works
 * from the table — about 220 scattered rows per page at 30 schools (issue 21, search under load). It replaces the
 * plain index on `work_id`, which it covers.
 */
export class UnionHoldingsIndex1765100004000 implements MigrationInterface {
  name = 'UnionHoldingsIndex1765100004000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX union_record_holdings ON union_record (work_id) INCLUDE (school_id, total, available)');
    await q.query('DROP INDEX union_record_work_id');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX union_record_work_id ON union_record (work_id)');
    await q.query('DROP INDEX union_record_holdings');
  }
}
