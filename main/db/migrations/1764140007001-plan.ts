import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Kế hoạch mua sắm: plan versions per school year, their lines, and the phiếu nhập counted against them. */
export class Plan1764140007001 implements MigrationInterface {
  name = 'Plan1764140007001';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of UP) await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "plan_receipt"');
    await q.query('DROP TABLE "plan_line"');
    await q.query('DROP TABLE "plan"');
  }
}

/** Generated from the entities with scripts/print-schema.ts, then frozen. */
const UP: string[] = [
  "CREATE TABLE \"plan\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"school_year\" text NOT NULL, \"version\" integer NOT NULL DEFAULT (1), \"status\" text NOT NULL DEFAULT ('draft'), \"budget_cap\" integer, \"purpose\" text NOT NULL DEFAULT (''), \"approval_date\" text, \"approval_number\" text NOT NULL DEFAULT (''), \"created_at\" datetime NOT NULL)",
  "CREATE TABLE \"plan_line\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"plan_id\" integer NOT NULL, \"position\" integer NOT NULL DEFAULT (0), \"title_id\" integer, \"title\" text NOT NULL, \"authors\" text NOT NULL DEFAULT (''), \"publisher\" text NOT NULL DEFAULT (''), \"publication_year\" integer, \"isbn\" text NOT NULL DEFAULT (''), \"series_code\" text NOT NULL DEFAULT (''), \"quantity\" integer NOT NULL, \"unit_price\" integer NOT NULL DEFAULT (0), \"reason\" text NOT NULL DEFAULT ('other'), \"priority\" text NOT NULL DEFAULT ('normal'), \"funding\" text NOT NULL DEFAULT (''), \"supplier\" text NOT NULL DEFAULT (''), \"note\" text NOT NULL DEFAULT (''), \"suggestion_id\" integer, CONSTRAINT \"FK_d22833246fe142fe0349a5653fe\" FOREIGN KEY (\"plan_id\") REFERENCES \"plan\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_a5d5ba4e2ccc7f5fafa750c24a0\" FOREIGN KEY (\"title_id\") REFERENCES \"title\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION)",
  "CREATE TABLE \"plan_receipt\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"plan_line_id\" integer NOT NULL, \"batch_id\" integer NOT NULL, \"title_id\" integer NOT NULL, CONSTRAINT \"FK_4780e07331aef3e9a0f0cdd0100\" FOREIGN KEY (\"plan_line_id\") REFERENCES \"plan_line\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_da54a0bd9dbd12970053c9de8d5\" FOREIGN KEY (\"batch_id\") REFERENCES \"accession_batch\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)",
  "CREATE UNIQUE INDEX \"ux_plan_year_version\" ON \"plan\" (\"school_year\", \"version\") ",
  "CREATE INDEX \"ix_plan_line_plan\" ON \"plan_line\" (\"plan_id\") ",
  "CREATE INDEX \"ix_plan_receipt_batch\" ON \"plan_receipt\" (\"batch_id\") ",
  "CREATE UNIQUE INDEX \"ux_plan_receipt\" ON \"plan_receipt\" (\"plan_line_id\", \"batch_id\", \"title_id\") ",
];
