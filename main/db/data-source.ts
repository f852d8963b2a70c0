import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { backupNow } from '../services/backup/backups';

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

/**
 * Opens (creating if needed) the database and brings it to the current schema.
 * An existing database is backed up before any pending migration runs.
 */
export async function openDatabase(databaseFile: string): Promise<OpenDatabaseResult> {
  fs.mkdirSync(path.dirname(path.resolve(databaseFile)), { recursive: true });
  const existed = fs.existsSync(databaseFile) && fs.statSync(databaseFile).size > 0;
  const dataSource = createDataSource(databaseFile);
  await dataSource.initialize();
  let backupFile: string | null = null;
  if (existed && (await dataSource.showMigrations())) {
    // The backup module's one way: online backup, verified, recorded in backups/manifest.json.
    const entry = await backupNow(databaseFile, 'before-migration', new Date());
    backupFile = path.join(path.dirname(path.resolve(databaseFile)), 'backups', entry.file);
  }
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return { dataSource, applied: ran.map((m) => m.name), backupFile };
}
