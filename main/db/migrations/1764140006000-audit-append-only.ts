import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log is append-only: SQLite itself refuses to change or remove a row once written, so no
 * code path (a bug, a future "clean-up", a hand-edited query) can rewrite the history. Replacing the
 * whole database file (restore) is a file operation and keeps the log that file carries.
 */
export class AuditAppendOnly1764140006000 implements MigrationInterface {
  name = 'AuditAppendOnly1764140006000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log"
      BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm: không được sửa dòng đã ghi.'); END`);
    await q.query(`CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log"
      BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm: không được xóa dòng đã ghi.'); END`);
    // INSERT OR REPLACE deletes the old row without firing DELETE triggers (recursive_triggers is off).
    await q.query(`CREATE TRIGGER "audit_log_no_replace" BEFORE INSERT ON "audit_log"
      WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM "audit_log" WHERE id = NEW.id)
      BEGIN SELECT RAISE(ABORT, 'Nhật ký thay đổi chỉ được ghi thêm: không được ghi đè dòng đã ghi.'); END`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER "audit_log_no_replace"');
    await q.query('DROP TRIGGER "audit_log_no_delete"');
    await q.query('DROP TRIGGER "audit_log_no_update"');
  }
}
