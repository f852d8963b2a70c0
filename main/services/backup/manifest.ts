import fs from 'node:fs';
import path from 'node:path';
import { backupEntry, backupSettings, defaultBackupSettings, type BackupEntry, type BackupSettings } from '../../../shared/contract/backup';
import { z } from 'zod';
import { fsyncDir, fsyncFile } from './durable';

/**
 * The record of backups is a JSON file in backups/ (not a table of the database): it must survive a
 * restore (which replaces the database with an older one), be readable when the database is damaged
 * (to offer the newest good backup), and it holds settings of this machine (the USB folder) that a
 * database copied to another machine must not carry.
 */
export const MANIFEST_FILE = 'manifest.json';

const manifestSchema = z.object({
  version: z.literal(1),
  settings: backupSettings.default(defaultBackupSettings),
  entries: z.array(backupEntry).default([]),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** backups/ beside the database file. */
export function backupsDirFor(databaseFile: string): string {
  return path.join(path.dirname(path.resolve(databaseFile)), 'backups');
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return { version: 1, settings: { ...defaultBackupSettings }, entries: [] };
  try {
    return manifestSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    // An unreadable record is kept aside (never deleted) and a new one started; the files stay.
    fs.renameSync(file, `${file}.khong-doc-duoc-${Date.now()}`);
    return { version: 1, settings: { ...defaultBackupSettings }, entries: [] };
  }
}

/** Writes the manifest atomically: beside, fsync, rename. */
export function writeManifest(dir: string, manifest: Manifest): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, MANIFEST_FILE);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2));
  fsyncFile(tmp);
  fs.renameSync(tmp, file);
  fsyncDir(dir);
}

/** Read, change, write (read again just before writing, so a concurrent CLI run loses nothing of ours). */
export function updateManifest(dir: string, change: (m: Manifest) => void): Manifest {
  const m = readManifest(dir);
  change(m);
  writeManifest(dir, m);
  return m;
}

export function recordEntry(dir: string, entry: BackupEntry): void {
  updateManifest(dir, (m) => {
    m.entries = m.entries.filter((e) => e.file !== entry.file);
    m.entries.push(entry);
    // Failed attempts are kept as a record, the last 30 of them.
    const failed = m.entries.filter((e) => e.result === 'failed');
    if (failed.length > 30) {
      const drop = new Set(failed.slice(0, failed.length - 30));
      m.entries = m.entries.filter((e) => !drop.has(e));
    }
  });
}

export function readSettings(dir: string): BackupSettings {
  return readManifest(dir).settings;
}

/** Verified backups whose file is still there, newest first. */
export function goodEntries(dir: string): BackupEntry[] {
  return readManifest(dir).entries
    .filter((e) => e.result === 'ok' && fs.existsSync(path.join(dir, e.file)))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
