import fs from 'node:fs';
import path from 'node:path';
import type { backupContract, LibraryCounts } from '../../../shared/contract/backup';
import { AppError } from '../../../shared/errors';
import { openLibraryDatabase } from './open';
import { libraryCounts } from '../../db/queries/backup';
import type { ServiceContext } from '../context';
import type { HandlersFor } from '../handler-types';
import { appendUpload, beginUpload, discardUpload, uploadMeta } from '../digital/store';
import { backupNow, backupStatus, rotate } from './backups';
import { backupsDirFor, goodEntries, primaryFolder, readSettings, updateManifest } from './manifest';
import { previewCandidate, restoreDatabase } from './restore';

/** A backup file chosen by the librarian (a USB stick) arrives in pieces of this size, through the digital library's upload store. */
const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 16 * 1024 ** 3;

/** The uploaded file, complete (every piece received). */
function uploadedFile(ctx: ServiceContext, uploadId: string) {
  const m = uploadMeta(ctx.dataDir, uploadId);
  if (m.received !== m.size) throw new AppError('UPLOAD_INCOMPLETE', 'Tệp sao lưu chưa được gửi hết; hãy chọn lại tệp.');
  return m;
}

/**
 * Restores inside the running app: every holder of the database (ctx.holders: the OPAC and its thread,
 * the backup schedule) is stopped first, the worker thread and the data source are closed around the
 * swap, the context gets the new connection (every handler reads ctx.sql at call time), and the holders
 * start again on whatever database is then in place.
 */
export async function restoreInContext(ctx: ServiceContext, source: string, expectedCounts?: LibraryCounts | null, sourceName?: string) {
  const damaged = !!ctx.damage;
  const holders = ctx.holders ?? [];
  for (const h of holders) await h.stop();
  try {
    const { result, database } = await restoreDatabase({
      databaseFile: ctx.databaseFile, source, now: ctx.now(), damaged, expectedCounts, sourceName,
      close: async () => {
        await ctx.offload?.close();
        await ctx.database.close();
      },
    });
    ctx.database = database;
    ctx.damage = null;
    return result;
  } finally {
    // A restore that failed after closing: the old database is still in place, open it again.
    if (!ctx.database.isOpen && !ctx.damage) ctx.database = (await openLibraryDatabase(ctx.databaseFile)).database;
    for (const h of holders) await h.start().catch((error: unknown) => console.error('[khôi phục]', error));
  }
}

function listed(ctx: ServiceContext, file: string): { file: string; counts: LibraryCounts | null } {
  const dir = backupsDirFor(ctx.databaseFile);
  const entry = path.basename(file) === file ? goodEntries(primaryFolder(ctx.databaseFile)).find((e) => e.file === file) : undefined;
  if (!entry) throw new AppError('BACKUP_NOT_FOUND', `Không tìm thấy bản sao lưu "${file}" trong danh sách.`);
  return { file: path.join(dir, file), counts: entry.counts };
}

export const backupHandlers: HandlersFor<typeof backupContract> = {
  'backup.status': async (_input, ctx) =>
    backupStatus(ctx.databaseFile, ctx.now(), ctx.damage ?? null, ctx.damage ? null : libraryCounts(ctx.sql)),
  'backup.list': async (_input, ctx) => {
    const dir = backupsDirFor(ctx.databaseFile);
    return goodEntries(primaryFolder(ctx.databaseFile)).map((e) => ({ ...e, path: path.join(dir, e.file) }));
  },
  'backup.run': async ({ scheduled }, ctx) => {
    if (ctx.damage) throw new AppError('DATABASE_DAMAGED', 'Cơ sở dữ liệu đang bị hỏng: không sao lưu từ tệp hỏng. Hãy khôi phục từ một bản sao lưu.');
    return backupNow(ctx.databaseFile, scheduled ? 'auto' : 'manual', ctx.now());
  },
  // The confirmation showed the listed counts: the checked copy must hold exactly those.
  'backup.restore': async ({ file }, ctx) => {
    const entry = listed(ctx, file);
    return restoreInContext(ctx, entry.file, entry.counts);
  },
  'backup.uploadBegin': async ({ fileName, size }, ctx) => {
    if (size > MAX_UPLOAD_BYTES) throw new AppError('FILE_TOO_LARGE', 'Tệp quá lớn để là một bản sao lưu của Kệ Sách.');
    return { uploadId: beginUpload(ctx.dataDir, fileName, size, MAX_UPLOAD_BYTES, ctx.now()), chunkBytes: UPLOAD_CHUNK_BYTES };
  },
  'backup.uploadChunk': async ({ uploadId, offset, base64 }, ctx) => {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0) throw new AppError('EMPTY_CHUNK', 'Phần tải lên trống.');
    return { received: await appendUpload(ctx.dataDir, uploadId, offset, bytes, () => undefined) };
  },
  'backup.checkUpload': async ({ uploadId }, ctx) => {
    const m = uploadedFile(ctx, uploadId);
    try {
      // The restore's own checks on a copy made through SQLite, as the restore will make it.
      const candidate = await previewCandidate(m.part);
      return { fileName: m.fileName, bytes: m.size, counts: candidate.counts, pending: candidate.pending.length };
    } catch (error) {
      discardUpload(ctx.dataDir, uploadId);
      throw error;
    }
  },
  'backup.restoreUpload': async ({ uploadId }, ctx) => {
    const m = uploadedFile(ctx, uploadId);
    const result = await restoreInContext(ctx, m.part, null, m.fileName);
    discardUpload(ctx.dataDir, uploadId);
    return { ...result, restored: m.fileName };
  },
  'backup.getSettings': async (_input, ctx) => readSettings(backupsDirFor(ctx.databaseFile)),
  'backup.saveSettings': async (input, ctx) => {
    if (input.secondFolder && !path.isAbsolute(input.secondFolder)) {
      throw new AppError('INVALID_INPUT', 'Thư mục thứ hai phải là đường dẫn đầy đủ, ví dụ E:\\SaoLuu hoặc /media/usb/SaoLuu.');
    }
    if (input.secondFolder && !fs.existsSync(input.secondFolder)) {
      throw new AppError('FOLDER_MISSING', `Không tìm thấy thư mục "${input.secondFolder}". Hãy cắm USB (hoặc kết nối ổ mạng) rồi chọn lại.`);
    }
    const saved = updateManifest(backupsDirFor(ctx.databaseFile), (m) => {
      m.settings = input;
    }).settings;
    rotate(ctx.databaseFile);
    return saved;
  },
};
