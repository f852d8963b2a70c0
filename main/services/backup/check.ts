import fs from 'node:fs';
import type { LibraryCounts } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/errors';
import { integrityCheck, libraryCounts, migrationNames, quickCheck } from '../../db/queries/backup';
import { openSqlFile } from '../../db/sql';
import { migrations } from '../../db/migrations';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** The migration names this app knows (TypeORM names them ClassName + timestamp). */
export function knownMigrationNames(): string[] {
  return migrations.map((m) => new m().name);
}

function hasSqliteHeader(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    return fs.readSync(fd, buf, 0, 16, 0) === 16 && buf.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

export interface CandidateInfo {
  counts: LibraryCounts;
  /** Migrations the app will run after restoring it (it is older than the app). */
  pending: string[];
}

/**
 * Is `file` a whole Kệ Sách database this app can open? SQLite header, integrity_check, our
 * migrations table, no migration unknown to this app (a newer app's database). Throws an AppError
 * RESTORE_REFUSED with a Vietnamese reason; reads only.
 */
export function inspectCandidate(file: string): CandidateInfo {
  const refuse = (why: string) => new AppError('RESTORE_REFUSED', `Không khôi phục từ tệp này: ${why} Dữ liệu hiện tại không bị thay đổi.`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw refuse('không tìm thấy tệp.');
  if (!hasSqliteHeader(file)) throw refuse('đây không phải tệp cơ sở dữ liệu SQLite (phần đầu tệp không đúng).');
  let sql;
  try {
    sql = openSqlFile(file, { readonly: true });
  } catch (e) {
    throw refuse(`không mở được tệp (${(e as Error).message}).`);
  }
  try {
    let integrity: string[];
    try {
      integrity = integrityCheck(sql, 5);
    } catch (e) {
      throw refuse(`tệp bị hỏng (${(e as Error).message}).`);
    }
    if (integrity[0] !== 'ok') throw refuse(`tệp bị hỏng (integrity_check: ${integrity.slice(0, 2).join('; ')}).`);
    const names = migrationNames(sql);
    if (names === null) throw refuse('đây là một cơ sở dữ liệu SQLite nhưng không phải của Kệ Sách (không có bảng migrations).');
    const known = knownMigrationNames();
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length) throw refuse(`tệp được tạo bởi phiên bản Kệ Sách mới hơn phiên bản này (${unknown.join(', ')}). Hãy cập nhật Kệ Sách trước.`);
    if (!names.length) throw refuse('cơ sở dữ liệu Kệ Sách này chưa được khởi tạo.');
    return { counts: libraryCounts(sql), pending: known.filter((n) => !names.includes(n)) };
  } finally {
    sql.close();
  }
}

/**
 * What is wrong with the database file, in Vietnamese, or null when it is whole (or does not exist
 * yet). Reads only, through a read-only connection: a damaged file is never written to. A file
 * locked by another program or unreadable throws the matching AppError instead.
 */
export function findDamage(databaseFile: string): string | null {
  if (!fs.existsSync(databaseFile) || fs.statSync(databaseFile).size === 0) return null;
  if (!hasSqliteHeader(databaseFile)) return 'phần đầu tệp không còn là của một cơ sở dữ liệu SQLite (tệp bị ghi đè hoặc hỏng)';
  let sql;
  try {
    sql = openSqlFile(databaseFile, { readonly: true });
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return `SQLite không đọc được tệp (${(e as Error).message})`;
    throw e;
  }
  try {
    let lines: string[];
    try {
      lines = quickCheck(sql, 10);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return `SQLite báo tệp bị hỏng (${(e as Error).message})`;
      throw e;
    }
    if (lines[0] === 'ok') return null;
    const first = lines[0].replace(/\s+/g, ' ').trim();
    return `kiểm tra nhanh (quick_check) thấy các trang dữ liệu bị hỏng hoặc bị ghi đè (chi tiết kỹ thuật: ${first.length > 90 ? `${first.slice(0, 90)}…` : first})`;
  } finally {
    sql.close();
  }
}
