import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { sqlOf, type Sql } from './sql';

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

/**
 * An open library database as everything outside main/db/ sees it: its better-sqlite3 connection
 * and a way to close it. The TypeORM DataSource under it (schema, migrations, entities) stays in
 * main/db/.
 */
export interface LibraryDatabase {
  /** The connection every query module in main/db/queries/ takes. */
  readonly sql: Sql;
  readonly isOpen: boolean;
  /** Closes the connection (checkpointing the WAL); closing a closed or never-opened database does nothing. */
  close(): Promise<void>;
}

function libraryDatabase(dataSource: DataSource): LibraryDatabase {
  return {
    get sql() {
      const sql = sqlOf(dataSource) as Sql | undefined;
      if (!sql) throw new Error(`Cơ sở dữ liệu ${dataSource.options.database as string} chưa được mở.`);
      return sql;
    },
    get isOpen() {
      return dataSource.isInitialized;
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** A database that is not opened (its file failed the check at open and must never be written to). */
export function unopenedDatabase(databaseFile: string): LibraryDatabase {
  return libraryDatabase(createDataSource(databaseFile));
}

export interface OpenDatabaseResult {
  database: LibraryDatabase;
  /** Migrations applied by this call (empty when the database was current). */
  applied: string[];
  /** Backup file written before migrating, if any. */
  backupFile: string | null;
}

/** Copies an existing database before its pending migrations run; returns the copy's path. */
export type BackupBeforeMigrating = (databaseFile: string) => Promise<string>;

/**
 * Opens (creating if needed) the database and brings it to the current schema, as a TypeORM data
 * source (main/db/ only: the migrations test reads the schema builder through it).
 * An existing database is backed up by `backupBeforeMigrating` before any pending migration runs
 * (the backup service passes its own, services/backup/open.ts: main/db/ imports no service).
 */
export async function openDataSource(databaseFile: string, backupBeforeMigrating: BackupBeforeMigrating | null): Promise<{ dataSource: DataSource; applied: string[]; backupFile: string | null }> {
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

/** Opens (creating if needed) and migrates the database: what the app, the CLI, the worker and tests hold. */
export async function openDatabase(databaseFile: string, backupBeforeMigrating: BackupBeforeMigrating | null): Promise<OpenDatabaseResult> {
  const { dataSource, applied, backupFile } = await openDataSource(databaseFile, backupBeforeMigrating);
  return { database: libraryDatabase(dataSource), applied, backupFile };
}
