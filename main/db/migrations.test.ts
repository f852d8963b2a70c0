import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createDataSource, openDataSource as openWith } from './data-source';
import { backupBeforeMigrating } from '../services/backup/open';
import { entities } from './entities';
import { migrations } from './migrations';

/** Opened as the app opens it: an existing database is backed up before migrating. */
const openDatabase = (file: string) => openWith(file, backupBeforeMigrating);

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-mig-'));
  dirs.push(dir);
  return path.join(dir, 'kesach.db');
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('produce exactly the schema the entities describe', async () => {
    const { dataSource } = await openDatabase(tempFile());
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    await dataSource.destroy();
  });

  it('detects a difference between entities and migrations (the check can fail)', async () => {
    const file = tempFile();
    const { dataSource } = await openDatabase(file);
    await dataSource.query('DROP INDEX ix_copy_status');
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.some((q) => q.query.includes('ix_copy_status'))).toBe(true);
    await dataSource.destroy();
  });

  it('a second init is a no-op', async () => {
    const file = tempFile();
    const first = await openDatabase(file);
    expect(first.applied.length).toBe(migrations.length);
    const series = await first.dataSource.query('SELECT COUNT(*) AS n FROM collection_series');
    await first.dataSource.destroy();
    const second = await openDatabase(file);
    expect(second.applied).toEqual([]);
    expect(second.backupFile).toBeNull();
    expect(await second.dataSource.query('SELECT COUNT(*) AS n FROM collection_series')).toEqual(series);
    await second.dataSource.destroy();
  });

  it('backs up an existing database before running a pending migration', async () => {
    const file = tempFile();
    const old = new DataSource({ type: 'better-sqlite3', database: file, entities, migrations: [migrations[0]] });
    await old.initialize();
    await old.runMigrations();
    await old.query("INSERT INTO setting (key, value, updated_at) VALUES ('marker', '1', '2026-01-01')");
    await old.destroy();

    const { dataSource, applied, backupFile } = await openDatabase(file);
    expect(applied).toEqual(migrations.slice(1).map((m) => new m().name));
    expect(backupFile).not.toBeNull();
    const backup = createDataSource(backupFile!);
    await backup.initialize();
    expect(await backup.query("SELECT value FROM setting WHERE key = 'marker'")).toEqual([{ value: '1' }]);
    expect(await backup.query('SELECT COUNT(*) AS n FROM collection_series')).toEqual([{ n: 0 }]);
    await backup.destroy();
    await dataSource.destroy();
  });

  it('turns on WAL and foreign keys', async () => {
    const { dataSource } = await openDatabase(tempFile());
    expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await dataSource.destroy();
  });
});
