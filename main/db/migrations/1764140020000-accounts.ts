import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts (issue 20). Adds the `account` table with the one Thủ thư account every library starts with
 * (no password yet: the first start asks for it; until then, and while "open straight in" is on, the desk acts as
 * her), who made each audit row (`audit_log.account_id`; rows from before keep NULL and read "Thủ thư (trước khi có
 * tài khoản)"), who lent and took back each loan (statistics per person), who approved a plan, and the self-assessment's
 * approvals. Columns are added in place (ALTER TABLE ADD COLUMN), so audit_log keeps its append-only triggers and
 * every existing row.
 */
export class Accounts1764140020000 implements MigrationInterface {
  name = 'Accounts1764140020000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "card" text, ' +
      '"pin_hash" text, "password_hash" text, "recovery_hash" text, "disabled" boolean NOT NULL DEFAULT (0), "created_at" datetime NOT NULL, ' +
      '"last_sign_in_at" datetime, "school_year_end" text, "failed_tries" integer NOT NULL DEFAULT (0), "failures_at" datetime, "locked_until" datetime)',
    );
    await q.query('CREATE UNIQUE INDEX "ux_account_card" ON "account" ("card") ');
    await q.query(
      'CREATE TABLE "selfcheck_approval" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "school_year" text NOT NULL, "status" text NOT NULL, ' +
      '"account_id" integer, "name" text NOT NULL, "role_label" text NOT NULL DEFAULT (\'\'), "at" datetime NOT NULL, "note" text NOT NULL DEFAULT (\'\'))',
    );
    await q.query('CREATE INDEX "ix_selfcheck_approval_year" ON "selfcheck_approval" ("school_year") ');
    await q.query('ALTER TABLE "audit_log" ADD COLUMN "account_id" integer');
    await q.query('ALTER TABLE "loan" ADD COLUMN "lent_by" integer');
    await q.query('ALTER TABLE "loan" ADD COLUMN "returned_by" integer');
    await q.query('ALTER TABLE "plan" ADD COLUMN "approved_by" integer');
    await q.query('ALTER TABLE "plan" ADD COLUMN "approved_by_name" text NOT NULL DEFAULT (\'\')');
    await q.query(`INSERT INTO "account" ("name", "role", "created_at") VALUES ('Thủ thư', 'thu-thu', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "plan" DROP COLUMN "approved_by_name"');
    await q.query('ALTER TABLE "plan" DROP COLUMN "approved_by"');
    await q.query('ALTER TABLE "loan" DROP COLUMN "returned_by"');
    await q.query('ALTER TABLE "loan" DROP COLUMN "lent_by"');
    await q.query('ALTER TABLE "audit_log" DROP COLUMN "account_id"');
    await q.query('DROP TABLE "selfcheck_approval"');
    await q.query('DROP TABLE "account"');
  }
}
