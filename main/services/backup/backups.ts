import fs from 'node:fs';
import path from 'node:path';
import type { BackupEntry, BackupSettings, BackupStatus, DamageReport, LibraryCounts } from '../../../shared/contract/backup';
import type { BackupKind } from '../../../shared/contract/enums';
import { formatDateTime } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { writeVerifiedCopy } from './copy';
import { fileStamp, fsyncDir, fsyncFile, sha256Of } from './durable';
import {
  BACKUP_LABEL, backupsDirFor, checkEntries, goodEntries, isOwnBackupName, primaryFolder, readManifest, recordEntry, rememberSha, updateManifest, type BackupFolder,
} from './manifest';
import { planRotation, type RotationPolicy } from './rotation';
import { storageError } from './storage-errors';

/**
 * The only kind the rotation may delete. A manual "Sao lưu ngay", the copies taken before a restore or
 * a migration and the kept damaged files stay until the librarian deletes them: a manual backup taken
 * two minutes before the closing backup must not go, nor the morning's automatic one because of it.
 */
export const ROTATED_KIND: BackupKind = 'auto';
const DAY_MS = 86_400_000;
/** The main screen warns when the newest verified backup is older than this. */
export const STALE_AFTER_DAYS = 3;
/**
 * The subfolder the app makes and owns in the chosen second folder (USB stick, network share): its
 * copies and its own manifest.json live there, so nothing else in the chosen folder is ever written
 * or deleted (another program's manifest.json there stays as it was).
 */
export const SECOND_FOLDER_SUBDIR = 'KeSach-saoluu';

/** A new file name in backups/: kesach-20261130-140512.db, kesach-truoc-khoi-phuc-…, never an existing one. */
export function newBackupPath(databaseFile: string, kind: BackupKind, at: Date): string {
  const dir = backupsDirFor(databaseFile);
  const base = `${path.basename(databaseFile, '.db')}${BACKUP_LABEL[kind]}-${fileStamp(at)}`;
  let candidate = path.join(dir, `${base}.db`);
  for (let i = 2; fs.existsSync(candidate) || fs.existsSync(`${candidate}.partial`); i++) candidate = path.join(dir, `${base}-${i}.db`);
  return candidate;
}

/** The app's own folder inside the chosen second folder (the chosen folder itself when it is already that subfolder). */
export function secondFolderDir(chosen: string): string {
  return path.basename(path.resolve(chosen)) === SECOND_FOLDER_SUBDIR ? path.resolve(chosen) : path.join(chosen, SECOND_FOLDER_SUBDIR);
}

const reachable = (folder: string) => !!folder && fs.existsSync(folder) && fs.statSync(folder).isDirectory();

/**
 * Copies a verified backup into the app's subfolder of the second folder (beside, flush, rename),
 * records it in that subfolder's own manifest and rotates there with the same policy; 'missing' when
 * the chosen folder cannot be reached.
 */
function copyToSecondFolder(file: string, entry: BackupEntry, settings: BackupSettings, base: string): BackupEntry['secondCopy'] {
  if (!settings.secondFolder) return 'none';
  if (!reachable(settings.secondFolder)) return 'missing';
  const folder: BackupFolder = { dir: secondFolderDir(settings.secondFolder), base };
  const target = path.join(folder.dir, path.basename(file));
  const partial = `${target}.partial`;
  try {
    fs.mkdirSync(folder.dir, { recursive: true });
    fs.copyFileSync(file, partial);
    fsyncFile(partial);
    fs.renameSync(partial, target);
    fsyncDir(folder.dir);
    rememberSha(target, entry.sha256);
    recordEntry(folder.dir, { ...entry, secondCopy: 'none' });
  } catch {
    fs.rmSync(partial, { force: true });
    return 'failed';
  }
  rotateSecondFolder(folder, settings);
  return 'ok';
}

/** Rotation in the second folder; a stick pulled out meanwhile leaves it for the next run (the copy is made). */
function rotateSecondFolder(folder: BackupFolder, settings: BackupSettings): void {
  try {
    if (fs.existsSync(folder.dir)) rotateFolder(folder, settings);
  } catch (error) {
    console.error('[sao lưu] xoay vòng thư mục thứ hai:', (error as Error).message);
  }
}

/**
 * Deletes, in one folder the app owns, the automatic backups the policy no longer keeps (their records
 * go with them). Only checked entries count (our name pattern, the file unchanged): nothing else in
 * the folder is ever deleted. Returns the removed names.
 */
export function rotateFolder(folder: BackupFolder, policy: RotationPolicy): string[] {
  const rotated = goodEntries(folder).filter((e) => e.kind === ROTATED_KIND);
  const { remove } = planRotation(rotated, policy);
  if (!remove.length) return [];
  for (const file of remove) fs.rmSync(path.join(folder.dir, file), { force: true });
  const gone = new Set(remove);
  updateManifest(folder.dir, (m) => {
    m.entries = m.entries.filter((e) => !(e.kind === ROTATED_KIND && gone.has(e.file)));
  });
  return remove;
}

/** Rotates backups/ and, when it can be reached, the app's subfolder of the second folder. Returns the names removed from backups/. */
export function rotate(databaseFile: string): string[] {
  const folder = primaryFolder(databaseFile);
  const settings = readManifest(folder.dir).settings;
  const removed = rotateFolder(folder, settings);
  if (reachable(settings.secondFolder)) rotateSecondFolder({ dir: secondFolderDir(settings.secondFolder), base: folder.base }, settings);
  return removed;
}

/**
 * Writes one backup into backups/, verifies it, records it in the manifest (a failure too), copies it
 * to the second folder and, for automatic ones, rotates. Throws a Vietnamese AppError when it could
 * not be written or verified (recorded as failed).
 */
export async function backupNow(databaseFile: string, kind: BackupKind, now: Date): Promise<BackupEntry> {
  const folder = primaryFolder(databaseFile);
  const dir = folder.dir;
  const target = newBackupPath(databaseFile, kind, now);
  const settings = readManifest(dir).settings;
  try {
    const copy = await writeVerifiedCopy(databaseFile, target);
    const entry: BackupEntry = {
      file: path.basename(target), at: now.toISOString(), kind, bytes: copy.bytes, sha256: copy.sha256, result: 'ok', counts: copy.counts,
      secondCopy: 'none',
    };
    rememberSha(target, copy.sha256);
    recordEntry(dir, entry);
    entry.secondCopy = copyToSecondFolder(target, entry, settings, folder.base);
    recordEntry(dir, entry);
    if (kind === ROTATED_KIND) rotateFolder(folder, settings);
    return entry;
  } catch (error) {
    const appError = storageError(error) ?? new AppError('BACKUP_FAILED', `Sao lưu không thành công: ${(error as Error).message}`);
    try {
      recordEntry(dir, {
        file: path.basename(target), at: now.toISOString(), kind, bytes: 0, sha256: '', result: 'failed', message: appError.message, counts: null, secondCopy: 'none',
      });
    } catch {
      // the folder itself cannot be written (full disk, read-only): the error below says so
    }
    throw appError;
  }
}

/** The newest verified backup, or null. */
export function newestGood(databaseFile: string): BackupEntry | null {
  const folder = primaryFolder(databaseFile);
  return checkEntries(folder, undefined, { newestOnly: true }).good[0] ?? null;
}

/** Why entries of backups/manifest.json are ignored (Vietnamese), for the status and the CLI. */
export function manifestWarnings(databaseFile: string): string[] {
  return checkEntries(primaryFolder(databaseFile)).warnings;
}

/** Is a backup due at start (the newest verified one is older than a day, or there is none)? */
export function backupDueAtStart(databaseFile: string, now: Date): boolean {
  const last = newestGood(databaseFile);
  return !last || now.getTime() - Date.parse(last.at) > DAY_MS;
}

export function backupStatus(databaseFile: string, now: Date, damage: DamageReport | null, current: LibraryCounts | null): BackupStatus {
  const folder = primaryFolder(databaseFile);
  const dir = folder.dir;
  const settings = readManifest(dir).settings;
  const checked = checkEntries(folder, undefined, { newestOnly: true });
  const lastGood = checked.good[0] ?? null;
  return {
    lastGood,
    warnings: checked.warnings,
    stale: !lastGood || now.getTime() - Date.parse(lastGood.at) > STALE_AFTER_DAYS * DAY_MS,
    folder: dir,
    secondFolder: settings.secondFolder,
    secondFolderMissing: !!settings.secondFolder && !reachable(settings.secondFolder),
    damage,
    current,
  };
}

/**
 * At open: a damaged database is copied aside into backups/ (kesach-hong-….db, with its -wal if any;
 * the original is left untouched, never written) and described with the newest verified backup.
 */
export function reportDamage(databaseFile: string, problem: string, now: Date): DamageReport {
  const dir = backupsDirFor(databaseFile);
  let keptAs: string | null = null;
  try {
    const sha = sha256Of(databaseFile);
    const folder = primaryFolder(databaseFile);
    const earlier = readManifest(dir).entries
      .find((e) => e.kind === 'damaged' && e.sha256 === sha && isOwnBackupName(folder, e.file, 'damaged') && fs.existsSync(path.join(dir, e.file)));
    if (earlier) keptAs = path.join(dir, earlier.file);
    else {
      const target = newBackupPath(databaseFile, 'damaged', now);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(databaseFile, target);
      if (fs.existsSync(`${databaseFile}-wal`)) fs.copyFileSync(`${databaseFile}-wal`, `${target}-wal`);
      fsyncFile(target);
      keptAs = target;
      recordEntry(dir, {
        file: path.basename(target), at: now.toISOString(), kind: 'damaged', bytes: fs.statSync(target).size, sha256: sha, result: 'failed',
        message: problem, counts: null, secondCopy: 'none',
      });
    }
  } catch {
    keptAs = null;
  }
  return { problem, keptAs, newest: newestGood(databaseFile) };
}

/** The whole message the CLI prints (and the app's error carries) for a damaged database. */
export function damageMessage(databaseFile: string, report: DamageReport): string {
  const lines = [
    `Cơ sở dữ liệu ${databaseFile} bị hỏng: ${report.problem}.`,
    'Kệ Sách không ghi gì vào tệp này.',
    report.keptAs ? `Một bản của tệp hỏng được giữ lại tại ${report.keptAs}.` : 'Không chép được tệp hỏng sang thư mục sao lưu; tệp gốc vẫn giữ nguyên.',
    `Các bản sao lưu ở ${backupsDirFor(databaseFile)}.`,
  ];
  if (report.newest) {
    const file = path.join(backupsDirFor(databaseFile), report.newest.file);
    lines.push(`Bản sao lưu tốt gần nhất: ${report.newest.file} (${formatDateTime(report.newest.at)}).`,
      `Khôi phục: npm run cli -- restore "${file}" --db "${databaseFile}" (hoặc trong ứng dụng).`);
  } else {
    lines.push('Chưa có bản sao lưu nào được kiểm tra; hãy tìm một bản sao (USB, thư mục khác) và khôi phục bằng: npm run cli -- restore TỆP --db "' + databaseFile + '".');
  }
  return lines.join('\n');
}
