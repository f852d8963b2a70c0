import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Đề xuất mua sách: the purchase-suggestion inbox (OPAC and typed). */
export class Suggestions1764140007000 implements MigrationInterface {
  name = 'Suggestions1764140007000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "suggestion" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" text NOT NULL, "author" text NOT NULL DEFAULT (\'\'), ' +
      '"who" text NOT NULL DEFAULT (\'\'), "why" text NOT NULL DEFAULT (\'\'), "source" text NOT NULL, "created_at" datetime NOT NULL, ' +
      '"status" text NOT NULL DEFAULT (\'new\'), "plan_line_id" integer)',
    );
    await q.query('CREATE INDEX "ix_suggestion_status" ON "suggestion" ("status", "created_at") ');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_suggestion_status"');
    await q.query('DROP TABLE "suggestion"');
  }
}
