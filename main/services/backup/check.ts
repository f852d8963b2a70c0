import fs from 'node:fs';
import type { LibraryCounts } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/errors';
import { integrityCheck, libraryCounts, migrationNames, quickCheck } from '../../db/queries/backup';
import { readSchema, schemaAtLevel, schemaObjectCount, type SchemaShape, type TableShape } from '../../db/schema';
import { openSqlFile, type Sql } from '../../db/sql';
import { migrations } from '../../db/migrations';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** The migration names this app knows (TypeORM names them ClassName + timestamp). */
export function knownMigrationNames(): string[] {
  return migrations.map((m) => new m().name);
}

export function hasSqliteHeader(file: string): boolean {
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

export const refuseRestore = (why: string) => new AppError('RESTORE_REFUSED', `Không khôi phục từ tệp này: ${why} Dữ liệu hiện tại không bị thay đổi.`);

/**
 * Is the database behind `sql` a whole Kệ Sách database this app can open? integrity_check, our
 * migrations table, no migration unknown to this app (a newer app's database), and exactly the
 * schema our migrations produce at its level. Throws an AppError RESTORE_REFUSED with a Vietnamese
 * reason; reads only. Restore runs it on the copy it is about to install.
 */
export async function inspectCandidate(sql: Sql): Promise<CandidateInfo> {
  const refuse = refuseRestore;
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
  const wrong = schemaDifferences(await schemaAtLevel(names), readSchema(sql));
  if (wrong.length) throw refuse(`cấu trúc dữ liệu không đúng như Kệ Sách tạo ra (${listed(wrong)}).`);
  return { counts: libraryCounts(sql), pending: known.filter((n) => !names.includes(n)) };
}

/** The first few differences, then how many more. */
function listed(items: string[]): string {
  return items.length > 6 ? `${items.slice(0, 6).join('; ')}; và ${items.length - 6} chỗ khác` : items.join('; ');
}

const columnText = (c: TableShape['columns'][number]) =>
  [c.type || '(không kiểu)', c.notnull ? 'NOT NULL' : '', c.dflt !== null ? `DEFAULT ${c.dflt}` : '', c.pk ? 'PRIMARY KEY' : ''].filter(Boolean).join(' ');

/**
 * What differs between the schema the migrations produce and a file's, in Vietnamese, one item per
 * object: "Thiếu bảng loan", "Thừa trigger xoa_muon (bảng loan)", "Thiếu trigger audit_log_no_delete
 * của nhật ký", "Cột title.sort_key khác: …". Empty when they are the same.
 */
export function schemaDifferences(expected: SchemaShape, actual: SchemaShape): string[] {
  const out: string[] = [];
  const on = (table: string) => (table === 'audit_log' ? ' của nhật ký' : ` (bảng ${table})`);
  const names = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const t of names(expected.tables, actual.tables)) {
    const want = expected.tables[t];
    const got = actual.tables[t];
    if (!got) { out.push(`Thiếu bảng ${t}`); continue; }
    if (!want) { out.push(`Thừa bảng ${t}`); continue; }
    const cols = (s: TableShape) => new Map(s.columns.map((c) => [c.name, c]));
    const wc = cols(want);
    const gc = cols(got);
    for (const c of names(Object.fromEntries(wc), Object.fromEntries(gc))) {
      const w = wc.get(c);
      const g = gc.get(c);
      if (!g) out.push(`Thiếu cột ${t}.${c}`);
      else if (!w) out.push(`Thừa cột ${t}.${c}`);
      else if (columnText(w) !== columnText(g)) out.push(`Cột ${t}.${c} khác: cần «${columnText(w)}», tệp có «${columnText(g)}»`);
    }
    if (want.foreignKeys.join('|') !== got.foreignKeys.join('|')) out.push(`Khóa ngoại của bảng ${t} khác`);
    if (want.constraints.join('|') !== got.constraints.join('|')) out.push(`Ràng buộc khóa/UNIQUE của bảng ${t} khác`);
  }
  const objects = (label: string, want: Record<string, { table?: string; sql: string }>, got: Record<string, { table?: string; sql: string }>) => {
    for (const n of names(want, got)) {
      const w = want[n];
      const g = got[n];
      const where = (x: { table?: string }) => (x.table ? on(x.table) : '');
      if (!g) out.push(`Thiếu ${label} ${n}${where(w)}`);
      else if (!w) out.push(`Thừa ${label} ${n}${where(g)}`);
      else if (w.sql !== g.sql || w.table !== g.table) out.push(`${label[0].toUpperCase()}${label.slice(1)} ${n}${where(w)} khác`);
    }
  };
  objects('chỉ mục', expected.indexes, actual.indexes);
  objects('trigger', expected.triggers, actual.triggers);
  objects('khung nhìn', expected.views, actual.views);
  return out;
}

/**
 * The schema check at open, after quick_check: a file whose tables, columns, indexes or triggers are
 * not what the app's migrations produce at its level is refused like a damaged one (null: right,
 * empty, not there yet, or written by a newer app, which the migrations cannot describe). Reads only.
 * Also says which migrations the open would run.
 */
export async function findSchemaProblem(databaseFile: string): Promise<{ problem: string | null; pending: string[] }> {
  if (!fs.existsSync(databaseFile) || fs.statSync(databaseFile).size === 0) return { problem: null, pending: [] };
  const sql = openSqlFile(databaseFile, { readonly: true });
  try {
    const known = knownMigrationNames();
    const names = migrationNames(sql);
    if (names === null) {
      if (schemaObjectCount(sql) === 0) return { problem: null, pending: known };
      return { problem: 'tệp có dữ liệu nhưng không có bảng migrations của Kệ Sách (không phải cơ sở dữ liệu Kệ Sách, hoặc bảng đó đã bị xóa)', pending: [] };
    }
    if (names.some((n) => !known.includes(n))) return { problem: null, pending: [] };
    const wrong = schemaDifferences(await schemaAtLevel(names), readSchema(sql));
    const pending = known.filter((n) => !names.includes(n));
    return { problem: wrong.length ? `cấu trúc dữ liệu không đúng như Kệ Sách tạo ra (${listed(wrong)})` : null, pending };
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
