import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lượt đọc tại chỗ: a copy read in the library, scanned in the desk's "Ghi lượt đọc" mode (no loan). Before
 * this, that scan returned the copy from its borrower; the figure "Lượt đọc tại chỗ" had nothing to count.
 */
export class InLibraryUse1764140011400 implements MigrationInterface {
  name = 'InLibraryUse1764140011400';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "in_library_use" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "copy_id" integer NOT NULL, "reader_id" integer, ' +
      '"used_at" datetime NOT NULL, ' +
      'CONSTRAINT "FK_0493d488cc5396bea8f8f5fa645" FOREIGN KEY ("copy_id") REFERENCES "copy" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, ' +
      'CONSTRAINT "FK_0668fd604dfc5b09cd152b38805" FOREIGN KEY ("reader_id") REFERENCES "reader" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)',
    );
    await q.query('CREATE INDEX "ix_in_library_use_copy" ON "in_library_use" ("copy_id") ');
    await q.query('CREATE INDEX "ix_in_library_use_at" ON "in_library_use" ("used_at") ');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "in_library_use"');
  }
}
