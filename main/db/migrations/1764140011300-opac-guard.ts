import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 cases 6 and 8. `reader_pin.failures_at`: since when the per-card count of wrong PINs
 * (`failed_tries`, now a count that decays) has been decaying. `suggestion.count`: how many times the same
 * suggestion was sent (identical ones are merged), `last_at` the latest of them, `match_key` the folded
 * title and author they are merged on (rows older than this migration keep '' and are not merged).
 */
export class OpacGuard1764140011300 implements MigrationInterface {
  name = 'OpacGuard1764140011300';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "reader_pin" ADD COLUMN "failures_at" datetime');
    await q.query('ALTER TABLE "suggestion" ADD COLUMN "count" integer NOT NULL DEFAULT (1)');
    await q.query('ALTER TABLE "suggestion" ADD COLUMN "last_at" datetime');
    await q.query('ALTER TABLE "suggestion" ADD COLUMN "match_key" text NOT NULL DEFAULT (\'\')');
    await q.query('CREATE INDEX "ix_suggestion_match" ON "suggestion" ("match_key") ');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_suggestion_match"');
    await q.query('ALTER TABLE "suggestion" DROP COLUMN "match_key"');
    await q.query('ALTER TABLE "suggestion" DROP COLUMN "last_at"');
    await q.query('ALTER TABLE "suggestion" DROP COLUMN "count"');
    await q.query('ALTER TABLE "reader_pin" DROP COLUMN "failures_at"');
  }
}
