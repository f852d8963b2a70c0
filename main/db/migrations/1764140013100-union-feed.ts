import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Liên thông: the change feed the push to the district union catalogue reads. One row per title whose
 * union record (bibliographic fields, copies not withdrawn, copies on the shelf) may have changed, with a
 * growing sequence number: every change moves the title's row to the end (MAX(seq) + 1). A push sends the
 * titles after the cursor the server acknowledged, so a repeated push that changes nothing sends none.
 *
 * Filled by triggers, so no code path (desk, import, withdrawal, stocktake, a future one) can forget it:
 * a title added, edited (a field the record carries changed) or deleted; a copy added, deleted, moved to another
 * title or changing status (lent, returned, lost, found, withdrawn — availability lives in `copy.status`).
 * The statements never conflict (UPDATE, then INSERT … WHERE NOT EXISTS), so an outer `INSERT OR IGNORE`
 * or `OR REPLACE` cannot change what they do. Existing titles are all in the feed from the start.
 */
const touch = (titleId: string) => `
      UPDATE "union_feed" SET "seq" = (SELECT MAX("seq") FROM "union_feed") + 1 WHERE "title_id" = ${titleId};
      INSERT INTO "union_feed" ("title_id", "seq") SELECT ${titleId}, COALESCE((SELECT MAX("seq") FROM "union_feed"), 0) + 1
        WHERE NOT EXISTS (SELECT 1 FROM "union_feed" WHERE "title_id" = ${titleId});`;

const TRIGGERS: [name: string, when: string, body: string][] = [
  ['union_feed_title_insert', 'AFTER INSERT ON "title"', touch('NEW."id"')],
  ['union_feed_title_update', 'AFTER UPDATE OF "title", "authors", "isbn", "publisher", "publication_year" ON "title" WHEN OLD."title" IS NOT NEW."title" '
    + 'OR OLD."authors" IS NOT NEW."authors" OR OLD."isbn" IS NOT NEW."isbn" OR OLD."publisher" IS NOT NEW."publisher" '
    + 'OR OLD."publication_year" IS NOT NEW."publication_year"', touch('NEW."id"')],
  ['union_feed_title_delete', 'AFTER DELETE ON "title"', touch('OLD."id"')],
  ['union_feed_copy_insert', 'AFTER INSERT ON "copy"', touch('NEW."title_id"')],
  ['union_feed_copy_update', 'AFTER UPDATE OF "status", "title_id" ON "copy" WHEN OLD."status" IS NOT NEW."status" OR OLD."title_id" <> NEW."title_id"',
    touch('NEW."title_id"')],
  // A copy moved to another title changes the old title's counts too.
  ['union_feed_copy_move', 'AFTER UPDATE OF "title_id" ON "copy" WHEN OLD."title_id" <> NEW."title_id"', touch('OLD."title_id"')],
  ['union_feed_copy_delete', 'AFTER DELETE ON "copy"', touch('OLD."title_id"')],
];

export class UnionFeed1764140013100 implements MigrationInterface {
  name = 'UnionFeed1764140013100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE "union_feed" ("title_id" integer PRIMARY KEY NOT NULL, "seq" integer NOT NULL)');
    await q.query('CREATE UNIQUE INDEX "ux_union_feed_seq" ON "union_feed" ("seq") ');
    await q.query('INSERT INTO "union_feed" ("title_id", "seq") SELECT "id", "id" FROM "title"');
    for (const [name, when, body] of TRIGGERS) await q.query(`CREATE TRIGGER "${name}" ${when} BEGIN${body}\n    END`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const [name] of [...TRIGGERS].reverse()) await q.query(`DROP TRIGGER "${name}"`);
    await q.query('DROP TABLE "union_feed"');
  }
}
