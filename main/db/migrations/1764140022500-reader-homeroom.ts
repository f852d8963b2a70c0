import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lớp chủ nhiệm: the class a teacher heads (issue 22: the class teacher's OPAC page lists the pupils of that class
 * with a book waiting on the hold shelf). `reader.class_name` stays the pupils' own class: the desk, the overdue
 * reminders per class, the statistics per class and the card batches read it, and a teacher's must not join them.
 */
export class ReaderHomeroom1764140022500 implements MigrationInterface {
  name = 'ReaderHomeroom1764140022500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "reader" ADD COLUMN "homeroom_class" text NOT NULL DEFAULT (\'\')');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "reader" DROP COLUMN "homeroom_class"');
  }
}
