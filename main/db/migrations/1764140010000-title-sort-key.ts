import type { MigrationInterface, QueryRunner } from 'typeorm';
import { collationKey } from '../../../shared/text';

/**
 * Titles get a stored natural-order key, so the catalogue lists "Tập một" before "Tập hai" and "Tập 2"
 * before "Tập 10" while paging in SQL (ordering by the folded dedupe key did not). Existing rows are
 * keyed with the rule of this release; a later change of the rule comes with its own migration.
 */
export class TitleSortKey1764140010000 implements MigrationInterface {
  name = 'TitleSortKey1764140010000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "title" ADD COLUMN "sort_key" text NOT NULL DEFAULT (\'\')');
    await q.query('CREATE INDEX "ix_title_sort" ON "title" ("sort_key") ');
    const rows = (await q.query('SELECT id, title, volume, authors FROM title')) as { id: number; title: string; volume: string; authors: string }[];
    for (const r of rows) await q.query('UPDATE title SET sort_key = ? WHERE id = ?', [collationKey(r.title, r.volume, r.authors), r.id]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_title_sort"');
    await q.query('ALTER TABLE "title" DROP COLUMN "sort_key"');
  }
}
