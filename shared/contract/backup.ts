import { z } from 'zod';
import { empty, method } from './define';
import { uploadBeginInput, uploadBeginResult, uploadChunkInput, uploadChunkResult, uploadIdInput } from './digital';
import { backupKinds } from './enums';

/** The four figures a librarian recognises a library by (shown next to each backup). */
export const libraryCounts = z.object({
  titles: z.number().int().nonnegative(),
  copies: z.number().int().nonnegative(),
  readers: z.number().int().nonnegative(),
  loans: z.number().int().nonnegative(),
});
export type LibraryCounts = z.infer<typeof libraryCounts>;

/** One backup as recorded in backups/manifest.json. */
export const backupEntry = z.object({
  /** File name inside the folder of the manifest (never a path; an entry that is not one of the app's names is ignored). */
  file: z.string(),
  /** When it was written (ISO date-time, UTC). */
  at: z.string(),
  kind: z.enum(backupKinds),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  /** `ok` = integrity_check passed and every table's row count equals the source's. */
  result: z.enum(['ok', 'failed']),
  /** Why it failed (Vietnamese), when it did. */
  message: z.string().optional(),
  counts: libraryCounts.nullable(),
  /** The copy in the second folder: written, folder missing, failed, or no second folder set. */
  secondCopy: z.enum(['ok', 'missing', 'failed', 'none']).default('none'),
});
export type BackupEntry = z.infer<typeof backupEntry>;

export const backupSettings = z.object({
  /** Newest backup of each of the last N days kept. */
  daily: z.number({ error: 'Số bản giữ theo ngày phải là số.' }).int().min(1, 'Giữ ít nhất 1 bản theo ngày.').max(90, 'Tối đa 90 bản theo ngày.'),
  weekly: z.number({ error: 'Số bản giữ theo tuần phải là số.' }).int().min(0).max(104, 'Tối đa 104 bản theo tuần.'),
  monthly: z.number({ error: 'Số bản giữ theo tháng phải là số.' }).int().min(0).max(240, 'Tối đa 240 bản theo tháng.'),
  /** A second folder (USB stick, network share): every verified backup is copied into its subfolder KeSach-saoluu/; '' = none. */
  secondFolder: z.string().transform((s) => s.trim()).default(''),
});
export type BackupSettings = z.infer<typeof backupSettings>;
export const defaultBackupSettings: BackupSettings = { daily: 7, weekly: 4, monthly: 12, secondFolder: '' };

/** The database could not be opened safely; the app shows this instead of its screens. */
export const damageReport = z.object({
  /** What is wrong, in Vietnamese. */
  problem: z.string(),
  /** Where the damaged file was copied (never deleted). */
  keptAs: z.string().nullable(),
  /** The newest verified backup, offered for restore. */
  newest: backupEntry.nullable(),
});
export type DamageReport = z.infer<typeof damageReport>;

export const backupStatus = z.object({
  /** The newest verified backup, if any. */
  lastGood: backupEntry.nullable(),
  /** Manifest entries ignored (not one of the app's file names in backups/, or the file changed since), in Vietnamese. */
  warnings: z.array(z.string()),
  /** True when the newest verified backup is older than 3 days (or there is none). */
  stale: z.boolean(),
  /** backups/ beside the database. */
  folder: z.string(),
  secondFolder: z.string(),
  /** Set when a second folder is chosen but cannot be reached now. */
  secondFolderMissing: z.boolean(),
  damage: damageReport.nullable(),
  /** The library as it is now (null when the database is damaged), for the restore confirmation. */
  current: libraryCounts.nullable(),
});
export type BackupStatus = z.infer<typeof backupStatus>;

export const backupListItem = backupEntry.extend({ path: z.string() });
export type BackupListItem = z.infer<typeof backupListItem>;

export const restoreResult = z.object({
  restored: z.string(),
  /** The database that was replaced, copied into backups/ first (null when it was damaged: it was kept aside earlier). */
  replacedKeptAs: z.string().nullable(),
  counts: libraryCounts,
  /** Migrations run because the backup was older than the app. */
  migrated: z.array(z.string()),
});
export type RestoreResult = z.infer<typeof restoreResult>;

const backupFileName = z.object({ file: z.string().min(1, 'Hãy chọn một bản sao lưu.').max(255) });

/** A backup chosen anywhere (a USB stick, sent in pieces like a digital resource), as the restore's checks read it. */
export const uploadedBackup = z.object({
  fileName: z.string(),
  bytes: z.number().int().nonnegative(),
  /** The library in the file, as the restore's checks read it. */
  counts: libraryCounts,
  /** How many upgrade steps it needs (it is older than the app). */
  pending: z.number().int().nonnegative(),
});
export type UploadedBackup = z.infer<typeof uploadedBackup>;

export const backupContract = {
  /** The last verified backup, whether it is stale, the second folder, and any damage found at open. */
  'backup.status': method(empty, backupStatus),
  /** Verified backups in backups/, newest first, with their counts. */
  'backup.list': method(empty, z.array(backupListItem)),
  /** Writes, verifies, records and rotates a backup now ("Sao lưu ngay"; the schedule passes scheduled: true). Runs on the worker thread in the app. */
  'backup.run': method(z.object({ scheduled: z.boolean().default(false) }).strict(), backupEntry),
  /** Replaces the database with one backup of the list (the current one is backed up first). */
  'backup.restore': method(backupFileName, restoreResult),
  /** Starts sending a backup file chosen by the librarian ("Chọn tệp sao lưu…", e.g. on a USB stick). */
  'backup.uploadBegin': method(uploadBeginInput, uploadBeginResult),
  /** One piece of that file, in order (offset = bytes sent so far). */
  'backup.uploadChunk': method(uploadChunkInput, uploadChunkResult),
  /** Runs the restore's checks on the whole uploaded file and says what it holds; changes nothing (a refused file is discarded). */
  'backup.checkUpload': method(uploadIdInput, uploadedBackup),
  /** Replaces the database with the uploaded file, through the same restore as backup.restore (the current one is backed up first). */
  'backup.restoreUpload': method(uploadIdInput, restoreResult),
  'backup.getSettings': method(empty, backupSettings),
  'backup.saveSettings': method(backupSettings, backupSettings),
};
