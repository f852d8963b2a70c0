import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollover record keeps which pupil helpers' accounts it disabled, so undoing the rollover enables exactly
 * those again (and not an account the librarian disabled herself). Older records have none: '[]'.
 */
export class RolloverHelpers1764140023000 implements MigrationInterface {
  name = 'RolloverHelpers1764140023000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "rollover" ADD COLUMN "accounts_disabled" text NOT NULL DEFAULT (\'[]\')');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "rollover" DROP COLUMN "accounts_disabled"');
  }
}
