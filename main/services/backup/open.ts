import path from 'node:path';
import { openDatabase, type BackupBeforeMigrating, type OpenDatabaseResult } from '../../db/data-source';
import { backupNow } from './backups';

/** The backup module's one way before a migration: online backup, verified, recorded in backups/manifest.json. */
export const backupBeforeMigrating: BackupBeforeMigrating = async (databaseFile) => {
  const entry = await backupNow(databaseFile, 'before-migration', new Date());
  return path.join(path.dirname(path.resolve(databaseFile)), 'backups', entry.file);
};

/** Opens the library's database (creating it if needed) and migrates it, an existing one backed up first. */
export function openLibraryDatabase(databaseFile: string): Promise<OpenDatabaseResult> {
  return openDatabase(databaseFile, backupBeforeMigrating);
}
