import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LibraryCounts, RestoreResult } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/errors';
import { formatLibraryCounts } from '../../../shared/numbers';
import { writeAudit } from '../../db/queries/audit';
import { checkpointTruncate, onlineBackup, setDeleteJournal } from '../../db/queries/backup';
import { openSqlFile } from '../../db/sql';
import type { LibraryDatabase } from '../../db/data-source';
import { backupNow, newBackupPath } from './backups';
import { hasSqliteHeader, inspectCandidate, refuseRestore, type CandidateInfo } from './check';
import { acquireDatabaseLock } from './lock';
import { openLibraryDatabase } from './open';
import { fsyncDir, fsyncFile } from './durable';
import { backupsDirFor } from './manifest';
import { storageError } from './storage-errors';
import { startUnionAgain } from '../union/settings';

/** The copy being put in place, beside the database; a leftover from a killed restore is removed at the next open. */
export const restoreTempFile = (databaseFile: string) => `${databaseFile}.khoi-phuc.tmp`;

export function removeRestoreLeftover(databaseFile: string): void {
  fs.rmSync(restoreTempFile(databaseFile), { force: true });
  fs.rmSync(`${restoreTempFile(databaseFile)}-journal`, { force: true });
}

export interface RestoreOptions {
  databaseFile: string;
  /** The backup to bring back (any path). */
  source: string;
  now: Date;
  /** The current file is damaged: it is not backed up (it was kept aside at open) and its -wal/-shm are moved aside. */
  damaged: boolean;
  /** Closes every connection to the database (the app: its worker and its data source); the CLI has none. */
  close: () => Promise<void>;
  /** Who restores, for the lock and the audit row ("Kệ Sách — dòng lệnh"); the app's own lock is shared. */
  program?: string;
  /** The backup's name for the audit row when `source` is a temporary file (an upload from a USB stick). */
  sourceName?: string;
  /** The counts the librarian confirmed (a listed backup's): the restore is refused when the checked copy holds others. */
  expectedCounts?: LibraryCounts | null;
  /** Called as each step ends ('checked', 'backed-up', 'copied', 'closed', 'swapped'); the kill test times its kills by them. */
  onStep?: (step: 'checked' | 'backed-up' | 'copied' | 'closed' | 'swapped') => void;
}

/**
 * Brings a backup back, so that a kill at any moment leaves either the old or the new database whole:
 * 0. the database's lock is taken (shared with the app that restores in itself): another live program
 *    holding it refuses the restore before anything is touched;
 * 1. the candidate is copied through SQLite (online backup, its -wal included: a candidate with a
 *    -wal is first copied with it into a temporary folder, so a read-only place works) beside the
 *    database (kesach.db.khoi-phuc.tmp), and THAT copy is checked (integrity_check, our migrations,
 *    not newer than the app, the schema our migrations produce at its level) and counted: a refusal
 *    changes nothing, and the counts returned are those of the file installed;
 * 2. the current database is backed up into backups/ (verified, kind before-restore);
 * 3. every connection is closed, and the WAL is checkpointed and removed (a stale -wal must never be
 *    applied to the new file);
 * 4. rename over the database (atomic), flush the folder;
 * 5. open it, which migrates it forward when it is older than the app, and write the audit row
 *    naming the backup it came from.
 * Returns the opened database. When it throws after step 3, the old file is still in place and the
 * caller reopens it.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<{ result: RestoreResult; database: LibraryDatabase }> {
  const { databaseFile, now } = options;
  const source = path.resolve(options.source);
  if (source === path.resolve(databaseFile)) {
    throw new AppError('RESTORE_REFUSED', 'Không khôi phục từ tệp này: đó chính là cơ sở dữ liệu đang dùng. Dữ liệu hiện tại không bị thay đổi.');
  }
  const lock = acquireDatabaseLock(databaseFile, options.program ?? 'Kệ Sách — khôi phục', 'khôi phục');
  try {
    const step = options.onStep ?? (() => undefined);
    const tmp = restoreTempFile(databaseFile);
    let candidate: CandidateInfo;
    try {
      candidate = await stageCandidate(source, tmp);
      const expected = options.expectedCounts;
      if (expected && (['titles', 'copies', 'readers', 'loans'] as const).some((k) => expected[k] !== candidate.counts[k])) {
        throw refuseRestore(`tệp sao lưu đã khác với lúc được kiểm tra (khi đó: ${formatLibraryCounts(expected)}; bây giờ: ${formatLibraryCounts(candidate.counts)}).`);
      }
      fsyncFile(tmp);
    } catch (error) {
      removeRestoreLeftover(databaseFile);
      throw storageError(error) ?? error;
    }
    step('checked');
    let replacedKeptAs: string | null = null;
    try {
      if (!options.damaged && fs.existsSync(databaseFile)) {
        replacedKeptAs = path.join(backupsDirFor(databaseFile), (await backupNow(databaseFile, 'before-restore', now)).file);
      }
    } catch (error) {
      removeRestoreLeftover(databaseFile);
      throw error;
    }
    step('backed-up');
    step('copied');

    await options.close();
    try {
      settleJournal(databaseFile, options.damaged, now);
      step('closed');
      fs.renameSync(tmp, databaseFile);
      fsyncDir(path.dirname(path.resolve(databaseFile)));
      step('swapped');
    } catch (error) {
      removeRestoreLeftover(databaseFile);
      throw storageError(error) ?? error;
    }
    const opened = await openLibraryDatabase(databaseFile);
    // The district union may hold titles pushed after this backup was made: the next push is a full one.
    startUnionAgain(opened.database.sql, now);
    writeAudit(opened.database.sql, {
      action: 'backup.restore', entity: 'database', at: now, actor: options.program && options.program !== 'Kệ Sách' ? options.program : undefined,
      details: { from: options.sourceName ?? path.basename(source), fromPath: options.sourceName ? null : source, counts: candidate.counts, replacedKeptAs: replacedKeptAs && path.basename(replacedKeptAs), migrated: opened.applied.length },
    });
    return {
      database: opened.database,
      result: { restored: source, replacedKeptAs, counts: candidate.counts, migrated: opened.applied },
    };
  } finally {
    lock.release();
  }
}

/**
 * The checks and counts a restore of `source` would make, without restoring: the same copy through
 * SQLite (into a temporary folder, removed after) and the same checks. Throws RESTORE_REFUSED.
 */
export async function previewCandidate(source: string): Promise<CandidateInfo> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-xem-truoc-'));
  try {
    return await stageCandidate(path.resolve(source), path.join(scratch, 'ban-kiem-tra.db'));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A database file in WAL mode (file format bytes 18–19 = 2): its readers need a -shm, so it is read from a copy. */
function walModeFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(2);
    return fs.readSync(fd, buf, 0, 2, 18) === 2 && (buf[0] === 2 || buf[1] === 2);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Copies the candidate through SQLite into `target` and checks that copy (see restoreDatabase, step 1).
 * A candidate with a -wal (or in WAL mode) is read from a copy of it and its -wal in a temporary
 * folder: SQLite applies the -wal there, never beside the user's file (which may be read-only).
 */
async function stageCandidate(source: string, target: string): Promise<CandidateInfo> {
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw refuseRestore('không tìm thấy tệp.');
  if (!hasSqliteHeader(source)) throw refuseRestore('đây không phải tệp cơ sở dữ liệu SQLite (phần đầu tệp không đúng).');
  let scratch: string | null = null;
  let from = source;
  try {
    if (fs.existsSync(`${source}-wal`) || walModeFile(source)) {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-khoi-phuc-'));
      from = path.join(scratch, 'ung-vien.db');
      fs.copyFileSync(source, from);
      if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${from}-wal`);
    }
    let sql;
    try {
      sql = openSqlFile(from, { readonly: !scratch });
    } catch (e) {
      throw refuseRestore(`không mở được tệp (${(e as Error).message}).`);
    }
    try {
      fs.rmSync(target, { force: true });
      await onlineBackup(sql, target);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') throw refuseRestore(`tệp bị hỏng (${(e as Error).message}).`);
      throw e;
    } finally {
      sql.close();
    }
  } finally {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
  const copy = openSqlFile(target);
  try {
    // The installed file stands alone (the app turns WAL on when it opens it).
    setDeleteJournal(copy);
    return await inspectCandidate(copy);
  } finally {
    copy.close();
  }
}

/** Makes sure no -wal/-shm of the old file stays to be applied to the new one. */
function settleJournal(databaseFile: string, damaged: boolean, now: Date): void {
  const wal = `${databaseFile}-wal`;
  const shm = `${databaseFile}-shm`;
  if (damaged) {
    // The damaged file's journal goes aside with it (moved, never deleted).
    const aside = newBackupPath(databaseFile, 'damaged', now);
    fs.mkdirSync(path.dirname(aside), { recursive: true });
    if (fs.existsSync(wal)) fs.renameSync(wal, `${aside}-wal`);
    if (fs.existsSync(shm)) fs.renameSync(shm, `${aside}-shm`);
    return;
  }
  if (!fs.existsSync(wal) && !fs.existsSync(shm)) return;
  if (fs.existsSync(databaseFile)) {
    // The last connection to close checkpoints the WAL and deletes it.
    const sql = openSqlFile(databaseFile);
    try {
      checkpointTruncate(sql);
    } finally {
      sql.close();
    }
  }
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    throw new AppError('LOCKED', 'Một chương trình khác (có thể là một Kệ Sách khác đang mở) vẫn đang dùng cơ sở dữ liệu, nên chưa khôi phục được. Hãy đóng chương trình đó rồi thử lại. Dữ liệu hiện tại không bị thay đổi.');
  }
  fs.rmSync(wal, { force: true });
  fs.rmSync(shm, { force: true });
}
