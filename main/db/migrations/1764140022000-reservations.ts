import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Đặt trước (issue 22): the `reservation` table (one queue per title, in id order; at most one open reservation per
 * reader and title), and two loan-rule columns: how many titles a reader kind may have reserved at once
 * (`max_reservations`, 0 = may not reserve; students 2, teachers and staff 5) and how many open days a ready hold
 * waits (`hold_days`, 3). A copy on the hold shelf has status `held` (copy.status is free text: no schema change).
 * Columns are added in place, so loan_policy keeps its rows and ids.
 */
export class Reservations1764140022000 implements MigrationInterface {
  name = 'Reservations1764140022000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "reservation" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title_id" integer NOT NULL, "reader_id" integer NOT NULL, ' +
      '"status" text NOT NULL DEFAULT (\'waiting\'), "placed_at" datetime NOT NULL, "placed_by" text NOT NULL DEFAULT (\'\'), "account_id" integer, ' +
      '"copy_id" integer, "ready_at" datetime, "hold_until" text, "closed_at" datetime, "closed_reason" text, ' +
      'CONSTRAINT "FK_c30e3618c34280ed9bc1774dc41" FOREIGN KEY ("title_id") REFERENCES "title" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, ' +
      'CONSTRAINT "FK_9847be86ada88efdcc3e1731bed" FOREIGN KEY ("reader_id") REFERENCES "reader" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, ' +
      'CONSTRAINT "FK_6f96548ddb2af313bb6d77ff731" FOREIGN KEY ("copy_id") REFERENCES "copy" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)',
    );
    await q.query('CREATE INDEX "ix_reservation_copy" ON "reservation" ("copy_id") ');
    await q.query('CREATE UNIQUE INDEX "ux_reservation_open" ON "reservation" ("title_id", "reader_id") WHERE status IN (\'waiting\', \'ready\')');
    await q.query('CREATE INDEX "ix_reservation_reader_status" ON "reservation" ("reader_id", "status") ');
    await q.query('CREATE INDEX "ix_reservation_title_status" ON "reservation" ("title_id", "status") ');
    await q.query('ALTER TABLE "loan_policy" ADD COLUMN "max_reservations" integer NOT NULL DEFAULT (2)');
    await q.query('ALTER TABLE "loan_policy" ADD COLUMN "hold_days" integer NOT NULL DEFAULT (3)');
    await q.query('UPDATE "loan_policy" SET "max_reservations" = 5 WHERE "reader_kind" <> \'student\'');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "loan_policy" DROP COLUMN "hold_days"');
    await q.query('ALTER TABLE "loan_policy" DROP COLUMN "max_reservations"');
    await q.query('DROP TABLE "reservation"');
  }
}
