import fs from 'node:fs';
import path from 'node:path';
import type { BackupEntry, BackupStatus, DamageReport, LibraryCounts } from '../../../shared/contract/backup';
import type { BackupKind } from '../../../shared/contract/enums';
import { formatDateTime } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { writeVerifiedCopy } from './copy';
import { fileStamp, fsyncFile, sha256Of } from './durable';
import { backupsDirFor, goodEntries, readManifest, recordEntry, updateManifest } from './manifest';
import { planRotation } from './rotation';
import { storageError } from './storage-errors';

/** Kinds the rotation may delete; copies taken before a restore or a migration, and damaged files, stay. */
const ROTATED: BackupKind[] = ['auto', 'manual'];
const LABEL: Record<BackupKind, string> = {
  auto: '', manual: '-thu-cong', 'before-restore': '-truoc-khoi-phuc', 'before-migration': '-truoc-nang-cap', damaged: '-hong',
};
const DAY_MS = 86_400_000;
/** The main screen warns when the newest verified backup is older than this. */
export const STALE_AFTER_DAYS = 3;

/** A new file name in backups/: kesach-20261130-140512.db, kesach-truoc-khoi-phuc-…, never an existing one. */
export function newBackupPath(databaseFile: string, kind: BackupKind, at: Date): string {
  const dir = backupsDirFor(databaseFile);
  const base = `${path.basename(databaseFile, '.db')}${LABEL[kind]}-${fileStamp(at)}`;
  let candidate = path.join(dir, `${base}.db`);
  for (let i = 2; fs.existsSync(candidate) || fs.existsSync(`${candidate}.partial`); i++) candidate = path.join(dir, `${base}-${i}.db`);
  return candidate;
}

/** Copies a verified backup to the second folder (beside, flush, rename); 'missing' when the folder cannot be reached. */
function copyToSecondFolder(file: string, folder: string): BackupEntry['secondCopy'] {
  if (!folder) return 'none';
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) return 'missing';
  const target = path.join(folder, path.basename(file));
  const partial = `${target}.partial`;
  try {
    fs.copyFileSync(file, partial);
    fsyncFile(partial);
    fs.renameSync(partial, target);
    fs.copyFileSync(path.join(path.dirname(file), 'manifest.json'), path.join(folder, 'manifest.json'));
    return 'ok';
  } catch {
    fs.rmSync(partial, { force: true });
    return 'failed';
  }
}

/** Deletes the backups the rotation no longer keeps (their records go with them). Returns the removed names. */
export function rotate(databaseFile: string): string[] {
  const dir = backupsDirFor(databaseFile);
  const manifest = readManifest(dir);
  const rotated = manifest.entries.filter((e) => e.result === 'ok' && ROTATED.includes(e.kind));
  const { remove } = planRotation(rotated, manifest.settings);
  if (!remove.length) return [];
  for (const file of remove) fs.rmSync(path.join(dir, file), { force: true });
  const gone = new Set(remove);
  updateManifest(dir, (m) => {
    m.entries = m.entries.filter((e) => !gone.has(e.file));
  });
  return remove;
}

/**
 * Writes one backup into backups/, verifies it, records it in the manifest (a failure too), copies it
 * to the second folder and, for scheduled and manual ones, rotates. Throws a Vietnamese AppError when
 * it could not be written or verified (recorded as failed).
 */
export async function backupNow(databaseFile: string, kind: BackupKind, now: Date): Promise<BackupEntry> {
  const dir = backupsDirFor(databaseFile);
  const target = newBackupPath(databaseFile, kind, now);
  const settings = readManifest(dir).settings;
  try {
    const copy = await writeVerifiedCopy(databaseFile, target);
    const entry: BackupEntry = {
      file: path.basename(target), at: now.toISOString(), kind, bytes: copy.bytes, sha256: copy.sha256, result: 'ok', counts: copy.counts,
      secondCopy: 'none',
    };
    recordEntry(dir, entry);
    entry.secondCopy = copyToSecondFolder(target, settings.secondFolder);
    recordEntry(dir, entry);
    if (ROTATED.includes(kind)) rotate(databaseFile);
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
  return goodEntries(backupsDirFor(databaseFile))[0] ?? null;
}

/** Is a backup due at start (the newest verified one is older than a day, or there is none)? */
export function backupDueAtStart(databaseFile: string, now: Date): boolean {
  const last = newestGood(databaseFile);
  return !last || now.getTime() - Date.parse(last.at) > DAY_MS;
}

export function backupStatus(databaseFile: string, now: Date, damage: DamageReport | null, current: LibraryCounts | null): BackupStatus {
  const dir = backupsDirFor(databaseFile);
  const settings = readManifest(dir).settings;
  const lastGood = newestGood(databaseFile);
  return {
    lastGood,
    stale: !lastGood || now.getTime() - Date.parse(lastGood.at) > STALE_AFTER_DAYS * DAY_MS,
    folder: dir,
    secondFolder: settings.secondFolder,
    secondFolderMissing: !!settings.secondFolder && !(fs.existsSync(settings.secondFolder) && fs.statSync(settings.secondFolder).isDirectory()),
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
    const earlier = readManifest(dir).entries.find((e) => e.kind === 'damaged' && e.sha256 === sha && fs.existsSync(path.join(dir, e.file)));
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
