import fs from 'node:fs';
import path from 'node:path';
import { backupEntry, backupSettings, defaultBackupSettings, type BackupEntry, type BackupSettings } from '../../../shared/contract/backup';
import type { BackupKind } from '../../../shared/contract/enums';
import { z } from 'zod';
import { fsyncDir, fsyncFile, sha256Of } from './durable';

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

/** What each kind adds to a backup's name: kesach-20261130-140512.db, kesach-thu-cong-20261130-140512.db, … */
export const BACKUP_LABEL: Record<BackupKind, string> = {
  auto: '', manual: '-thu-cong', 'before-restore': '-truoc-khoi-phuc', 'before-migration': '-truoc-nang-cap', damaged: '-hong',
};

/**
 * A folder of backups the app owns: backups/ beside the database, or the subfolder it made in the
 * second folder. `base` is the database's name without .db ("kesach"): every file the app writes
 * there is `<base><label>-YYYYMMDD-HHMMSS[-n].db`.
 */
export interface BackupFolder {
  dir: string;
  base: string;
}

export function primaryFolder(databaseFile: string): BackupFolder {
  return { dir: backupsDirFor(databaseFile), base: path.basename(databaseFile, '.db') };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Is `file` a plain name of the app's own pattern for `kind`, inside the folder (never a path)? */
export function isOwnBackupName(folder: BackupFolder, file: unknown, kind: BackupKind): boolean {
  if (typeof file !== 'string' || file !== path.basename(file) || /[\\/\0]/.test(file)) return false;
  if (!new RegExp(`^${escapeRegExp(folder.base)}${BACKUP_LABEL[kind]}-\\d{8}-\\d{6}(-\\d+)?\\.db$`).test(file)) return false;
  return path.dirname(path.resolve(folder.dir, file)) === path.resolve(folder.dir);
}

/**
 * sha256 of a backup file, remembered per path, size and modification time: the list and the status
 * check every file against its record, and a school's 20 backups are not read again at each look.
 */
const shaCache = new Map<string, { size: number; mtimeMs: number; sha256: string }>();
function knownSha(file: string, stat: fs.Stats): string | null {
  const known = shaCache.get(file);
  return known && known.size === stat.size && known.mtimeMs === stat.mtimeMs ? known.sha256 : null;
}
function cachedSha(file: string, stat: fs.Stats): string {
  const known = knownSha(file, stat);
  if (known) return known;
  const sha256 = sha256Of(file);
  shaCache.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, sha256 });
  return sha256;
}

export interface CheckedEntries {
  /** Verified backups whose file is ours and unchanged, newest first. */
  good: BackupEntry[];
  /** Entries ignored, in Vietnamese (shown in the status and printed by the CLI). */
  warnings: string[];
}

const byNewest = (a: BackupEntry, b: BackupEntry) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);

/**
 * The manifest names files, never paths, and is not trusted: an entry counts only when its name is a
 * plain name of the app's pattern for its kind inside the folder, the file is a regular file there and
 * its sha256 is the recorded one. Anything else is ignored (never used, never deleted) and reported.
 * Entries whose file is gone (deleted by hand, rotated by another run) are left out quietly.
 *
 * `newestOnly` (the status, "is a backup due?"): files are read only until the newest good one is
 * found; older entries count, or are reported, only when their hash is already known. A large
 * library's 23 backups are then not all read at each start on the desk's thread (the list and the
 * rotation read them all, once per process).
 */
export function checkEntries(folder: BackupFolder, manifest: Manifest = readManifest(folder.dir), options: { newestOnly?: boolean } = {}): CheckedEntries {
  const good: BackupEntry[] = [];
  const warnings: string[] = [];
  const changed = (e: BackupEntry) =>
    `Bỏ qua bản sao lưu "${e.file}": nội dung tệp không khớp với mã kiểm tra (sha256) đã ghi khi sao lưu, tệp đã bị thay đổi hoặc thay thế. Kệ Sách không dùng và không xóa tệp này.`;
  for (const e of [...manifest.entries].sort(byNewest)) {
    if (!isOwnBackupName(folder, e.file, e.kind)) {
      if (e.result === 'ok' || e.kind === 'damaged') {
        warnings.push(`Bỏ qua mục "${e.file}" trong sổ sao lưu (${MANIFEST_FILE}): đó không phải tên một tệp sao lưu của Kệ Sách trong thư mục ${folder.dir}. Kệ Sách không dùng và không xóa tệp này.`);
      }
      continue;
    }
    if (e.result !== 'ok') continue;
    const file = path.join(folder.dir, e.file);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile() || stat.size !== e.bytes) {
      warnings.push(changed(e));
      continue;
    }
    const sha = options.newestOnly && good.length ? knownSha(file, stat) : cachedSha(file, stat);
    if (sha === null) continue;
    if (sha !== e.sha256) warnings.push(changed(e));
    else good.push(e);
  }
  return { good, warnings };
}

/** Remembers the sha256 of a file the app has just written and verified (no need to read it again). */
export function rememberSha(file: string, sha256: string): void {
  const stat = fs.statSync(file);
  shaCache.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, sha256 });
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

/** Verified backups whose file is ours and unchanged, newest first (see checkEntries). */
export function goodEntries(folder: BackupFolder): BackupEntry[] {
  return checkEntries(folder).good;
}
