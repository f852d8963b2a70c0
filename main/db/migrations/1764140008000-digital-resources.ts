import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Thư viện số: digital resources of a title (files by content hash, or links) and their views per month. */
export class DigitalResources1764140008000 implements MigrationInterface {
  name = 'DigitalResources1764140008000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "digital_resource" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title_id" integer NOT NULL, "name" text NOT NULL DEFAULT (\'\'), ' +
      '"kind" text NOT NULL, "sha256" text, "url" text, "mime" text NOT NULL DEFAULT (\'\'), "size" integer NOT NULL DEFAULT (0), ' +
      '"file_name" text NOT NULL DEFAULT (\'\'), "form" text NOT NULL, "subject" text NOT NULL DEFAULT (\'\'), "grade" integer, ' +
      '"access" text NOT NULL DEFAULT (\'library\'), "note" text NOT NULL DEFAULT (\'\'), "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, ' +
      'CONSTRAINT "FK_81d4ce3d48e664a294c811c071d" FOREIGN KEY ("title_id") REFERENCES "title" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)',
    );
    await q.query('CREATE INDEX "ix_digital_title" ON "digital_resource" ("title_id") ');
    await q.query('CREATE INDEX "ix_digital_sha256" ON "digital_resource" ("sha256") ');
    await q.query(
      'CREATE TABLE "digital_view" ("resource_id" integer NOT NULL, "month" text NOT NULL, "views" integer NOT NULL DEFAULT (0), PRIMARY KEY ("resource_id", "month"))',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "digital_view"');
    await q.query('DROP TABLE "digital_resource"');
  }
}
