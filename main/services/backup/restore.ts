import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { RestoreResult } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../../db/data-source';
import { checkpointTruncate } from '../../db/queries/backup';
import { openSqlFile } from '../../db/sql';
import { backupNow, newBackupPath } from './backups';
import { inspectCandidate } from './check';
import { fsyncDir, fsyncFile } from './durable';
import { backupsDirFor } from './manifest';
import { storageError } from './storage-errors';

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
  /** Called as each step ends ('checked', 'backed-up', 'copied', 'closed', 'swapped'); the kill test times its kills by them. */
  onStep?: (step: 'checked' | 'backed-up' | 'copied' | 'closed' | 'swapped') => void;
}

/**
 * Brings a backup back, so that a kill at any moment leaves either the old or the new database whole:
 * 1. the candidate is checked (header, integrity_check, our migrations, not newer than the app): a
 *    refusal changes nothing;
 * 2. the current database is backed up into backups/ (verified, kind before-restore);
 * 3. the candidate is copied beside the database (kesach.db.khoi-phuc.tmp) and flushed;
 * 4. every connection is closed, and the WAL is checkpointed and removed (a stale -wal must never be
 *    applied to the new file);
 * 5. rename over the database (atomic), flush the folder;
 * 6. open it, which migrates it forward when it is older than the app.
 * Returns the opened data source. When it throws after step 4, the old file is still in place and the
 * caller reopens it.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<{ result: RestoreResult; dataSource: DataSource }> {
  const { databaseFile, now } = options;
  const source = path.resolve(options.source);
  if (source === path.resolve(databaseFile)) {
    throw new AppError('RESTORE_REFUSED', 'Không khôi phục từ tệp này: đó chính là cơ sở dữ liệu đang dùng. Dữ liệu hiện tại không bị thay đổi.');
  }
  const candidate = inspectCandidate(source);
  const step = options.onStep ?? (() => undefined);
  step('checked');
  let replacedKeptAs: string | null = null;
  if (!options.damaged && fs.existsSync(databaseFile)) {
    replacedKeptAs = path.join(backupsDirFor(databaseFile), (await backupNow(databaseFile, 'before-restore', now)).file);
  }
  step('backed-up');
  const tmp = restoreTempFile(databaseFile);
  try {
    fs.copyFileSync(source, tmp);
    fsyncFile(tmp);
  } catch (error) {
    removeRestoreLeftover(databaseFile);
    throw storageError(error) ?? error;
  }
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
  const opened = await openDatabase(databaseFile);
  return {
    dataSource: opened.dataSource,
    result: { restored: source, replacedKeptAs, counts: candidate.counts, migrated: opened.applied },
  };
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
