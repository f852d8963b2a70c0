import fs from 'node:fs';
import path from 'node:path';
import type { LibraryCounts } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/errors';
import { beginSnapshot, endSnapshot, integrityCheck, libraryCounts, setDeleteJournal, onlineBackup, tableCounts } from '../../db/queries/backup';
import { openSqlFile } from '../../db/sql';
import { fsyncDir, fsyncFile, sha256Of } from './durable';
import { storageError } from './storage-errors';

export interface VerifiedCopy {
  file: string;
  bytes: number;
  sha256: string;
  counts: LibraryCounts;
}

/**
 * The one way a backup file is written: SQLite's online backup of `sourceFile` (safe while the app
 * writes: it reads one snapshot through its own read-only connection, the source's row counts taken
 * in that same snapshot), into `target.partial`; then the copy is checked (integrity_check, and
 * every table's row count equal to the source's), flushed and renamed to `target`. A copy that fails
 * the check is removed and an AppError says why; a half-written file never carries the final name.
 */
export async function writeVerifiedCopy(sourceFile: string, target: string): Promise<VerifiedCopy> {
  const dir = path.dirname(path.resolve(target));
  const partial = `${target}.partial`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const source = openSqlFile(sourceFile, { readonly: true });
    let expected: Record<string, number>;
    try {
      beginSnapshot(source);
      expected = tableCounts(source);
      await onlineBackup(source, partial);
    } finally {
      endSnapshot(source);
      source.close();
    }
    const copy = openSqlFile(partial);
    let counts: LibraryCounts;
    try {
      // A backup is one self-contained file: no -wal beside it.
      setDeleteJournal(copy);
      const integrity = integrityCheck(copy);
      if (integrity[0] !== 'ok') throw new AppError('BACKUP_UNVERIFIED', `Bản sao lưu không qua được kiểm tra toàn vẹn: ${integrity.slice(0, 3).join('; ')}.`);
      const got = tableCounts(copy);
      const differ = [...new Set([...Object.keys(expected), ...Object.keys(got)])].filter((t) => expected[t] !== got[t]);
      if (differ.length) {
        throw new AppError('BACKUP_UNVERIFIED', `Số dòng của bản sao lưu khác với dữ liệu gốc ở bảng ${differ.slice(0, 5).join(', ')}.`);
      }
      counts = libraryCounts(copy);
    } finally {
      copy.close();
    }
    fsyncFile(partial);
    fs.renameSync(partial, target);
    fsyncDir(dir);
    return { file: path.resolve(target), bytes: fs.statSync(target).size, sha256: sha256Of(target), counts };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    fs.rmSync(`${partial}-journal`, { force: true });
    throw storageError(error) ?? error;
  }
}
