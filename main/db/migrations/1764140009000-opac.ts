import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tra cứu trực tuyến (OPAC): a staff reader's PIN (scrypt hash and salt, wrong tries, lock), and the
 * number of OPAC searches per day for the statistics.
 */
export class Opac1764140009000 implements MigrationInterface {
  name = 'Opac1764140009000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "reader_pin" ("reader_id" integer PRIMARY KEY NOT NULL, "hash" text NOT NULL, "salt" text NOT NULL, ' +
      '"failed_tries" integer NOT NULL DEFAULT (0), "locked_until" datetime, "updated_at" datetime NOT NULL, ' +
      'CONSTRAINT "FK_reader_pin_reader" FOREIGN KEY ("reader_id") REFERENCES "reader" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await q.query('CREATE TABLE "opac_search_day" ("day" text PRIMARY KEY NOT NULL, "searches" integer NOT NULL DEFAULT (0))');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "opac_search_day"');
    await q.query('DROP TABLE "reader_pin"');
  }
}
