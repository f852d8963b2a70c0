import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rollover record: what a school-year rollover changed, so the last one can be undone exactly. */
export class RolloverRecord1764140004000 implements MigrationInterface {
  name = 'RolloverRecord1764140004000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "rollover" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "from_year" text NOT NULL, "to_year" text NOT NULL, ' +
      '"at" datetime NOT NULL, "settings_before" text, "readers_before" text NOT NULL, "undone_at" datetime)',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "rollover"');
  }
}
