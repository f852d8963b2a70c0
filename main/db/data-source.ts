import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export function createDataSource(databaseFile: string): DataSource {
  return new DataSource({
    type: 'better-sqlite3',
    database: databaseFile,
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    logging: false,
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('busy_timeout = 5000');
      // FULL: a loan the desk confirmed is on disk before the call returns, so a power cut cannot
      // drop it (NORMAL in WAL mode may lose the last commits). The circulation bench prints the cost.
      db.pragma('synchronous = FULL');
    },
  });
}

export interface OpenDatabaseResult {
  dataSource: DataSource;
  /** Migrations applied by this call (empty when the database was current). */
  applied: string[];
  /** Backup file written before migrating, if any. */
  backupFile: string | null;
}

/** Copies an existing database before its pending migrations run; returns the copy's path. */
export type BackupBeforeMigrating = (databaseFile: string) => Promise<string>;

/**
 * Opens (creating if needed) the database and brings it to the current schema.
 * An existing database is backed up by `backupBeforeMigrating` before any pending migration runs
 * (the backup service passes its own, services/backup/open.ts: main/db/ imports no service).
 */
export async function openDatabase(databaseFile: string, backupBeforeMigrating: BackupBeforeMigrating | null): Promise<OpenDatabaseResult> {
  fs.mkdirSync(path.dirname(path.resolve(databaseFile)), { recursive: true });
  const existed = fs.existsSync(databaseFile) && fs.statSync(databaseFile).size > 0;
  const dataSource = createDataSource(databaseFile);
  await dataSource.initialize();
  let backupFile: string | null = null;
  if (existed && backupBeforeMigrating && (await dataSource.showMigrations())) {
    backupFile = await backupBeforeMigrating(databaseFile);
  }
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return { dataSource, applied: ran.map((m) => m.name), backupFile };
}
