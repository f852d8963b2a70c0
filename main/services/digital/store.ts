/**
 * Where digital files live: `<dataDir>/digital/<aa>/<sha256>.bin`, one blob per distinct content.
 * Files arrive either as a path (CLI) or as an upload sent in pieces over the contract (the screen, in the
 * browser and in the desktop app alike) into `<dataDir>/digital/uploads/`. Hashing and copying stream the
 * bytes (a 500 MB video never sits in memory) into a temporary file inside the data folder, which is
 * then renamed into place: a blob is either complete or absent.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HEAD_BYTES } from '../../../shared/file-type';
import { AppError } from '../../../shared/errors';
import { formatAmount } from '../../../shared/number-words';
import { formatBytes } from '../../../shared/numbers';
import type { JobHandle } from '../context';

export const DEFAULT_MAX_BYTES = 500 * 1024 * 1024;

export const digitalDirIn = (dataDir: string) => path.join(dataDir, 'digital');
const uploadsDirIn = (dataDir: string) => path.join(digitalDirIn(dataDir), 'uploads');
const tmpDirIn = (dataDir: string) => path.join(digitalDirIn(dataDir), 'tmp');

/** The blob of a content hash. The hash comes from our own database, never from a request; still checked. */
export function blobPath(dataDir: string, sha256: string): string {
  if (!/^[a-f0-9]{64}$/.test(sha256)) throw new AppError('BAD_HASH', 'Mã nội dung không hợp lệ.');
  return path.join(digitalDirIn(dataDir), sha256.slice(0, 2), `${sha256}.bin`);
}

export function tooLarge(size: number, maxBytes: number): AppError {
  return new AppError('FILE_TOO_LARGE', `Tệp quá lớn: ${formatBytes(size)}, tối đa ${formatBytes(maxBytes)} một tệp (đổi được trong Thư viện số → Cài đặt).`);
}

// ——— uploads ———

interface UploadMeta { fileName: string; size: number; createdAt: string }

const UPLOAD_ID = /^[a-f0-9]{32}$/;
function uploadFiles(dataDir: string, uploadId: string) {
  if (!UPLOAD_ID.test(uploadId)) throw new AppError('BAD_UPLOAD', 'Mã tải lên không hợp lệ.');
  const dir = uploadsDirIn(dataDir);
  return { part: path.join(dir, `${uploadId}.part`), meta: path.join(dir, `${uploadId}.json`) };
}

/** Removes uploads left unfinished for more than a day. */
function sweepUploads(dataDir: string, now: Date): void {
  const dir = uploadsDirIn(dataDir);
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (now.getTime() - fs.statSync(file).mtimeMs > 24 * 3600 * 1000) fs.rmSync(file, { force: true });
    } catch {
      // Gone meanwhile.
    }
  }
}

export function beginUpload(dataDir: string, fileName: string, size: number, maxBytes: number, now: Date): string {
  if (size > maxBytes) throw tooLarge(size, maxBytes);
  sweepUploads(dataDir, now);
  fs.mkdirSync(uploadsDirIn(dataDir), { recursive: true });
  const uploadId = crypto.randomBytes(16).toString('hex');
  const f = uploadFiles(dataDir, uploadId);
  fs.writeFileSync(f.meta, JSON.stringify({ fileName: path.basename(fileName).normalize('NFC'), size, createdAt: now.toISOString() } satisfies UploadMeta));
  fs.writeFileSync(f.part, Buffer.alloc(0));
  return uploadId;
}

export function uploadMeta(dataDir: string, uploadId: string): UploadMeta & { part: string; received: number } {
  const f = uploadFiles(dataDir, uploadId);
  if (!fs.existsSync(f.meta) || !fs.existsSync(f.part)) {
    throw new AppError('UPLOAD_NOT_FOUND', 'Không tìm thấy tệp đang tải lên (có thể đã quá một ngày); hãy chọn lại tệp.');
  }
  const meta = JSON.parse(fs.readFileSync(f.meta, 'utf8')) as UploadMeta;
  return { ...meta, part: f.part, received: fs.statSync(f.part).size };
}

/** Appends one piece; `check` sees the first piece's bytes (type detection) before anything is kept. */
export async function appendUpload(dataDir: string, uploadId: string, offset: number, bytes: Buffer, check: (head: Buffer) => void): Promise<number> {
  const m = uploadMeta(dataDir, uploadId);
  if (offset !== m.received) throw new AppError('UPLOAD_ORDER', `Phần tải lên không đúng thứ tự (đã nhận ${formatAmount(m.received)} byte).`);
  if (m.received + bytes.length > m.size) throw new AppError('UPLOAD_TOO_LONG', 'Tệp gửi lên dài hơn kích thước đã báo.');
  if (offset === 0) {
    try {
      check(bytes.subarray(0, HEAD_BYTES));
    } catch (error) {
      discardUpload(dataDir, uploadId);
      throw error;
    }
  }
  await fs.promises.appendFile(m.part, bytes);
  return m.received + bytes.length;
}

export function discardUpload(dataDir: string, uploadId: string): void {
  const f = uploadFiles(dataDir, uploadId);
  fs.rmSync(f.part, { force: true });
  fs.rmSync(f.meta, { force: true });
}

// ——— hashing and storing ———

export interface Hashed {
  sha256: string;
  size: number;
  /** The first HEAD_BYTES of what was read (type detection runs on the bytes actually stored). */
  head: Buffer;
  /** The temporary file inside the data folder holding those bytes, to be moved into place. */
  temp: string;
}

/**
 * Streams `source` once: hashes it, keeps its first bytes and, when `copy`, writes it to a temporary file
 * in the data folder (else the source is already there: an upload). Reports progress on `job` (which
 * throws when the librarian cancels; the temporary copy is then removed).
 */
export async function hashFile(dataDir: string, source: string, options: { copy: boolean; job?: JobHandle; maxBytes: number }): Promise<Hashed> {
  const total = fs.statSync(source).size;
  if (total > options.maxBytes) throw tooLarge(total, options.maxBytes);
  const hash = crypto.createHash('sha256');
  const heads: Buffer[] = [];
  let headLength = 0, done = 0;
  const label = options.copy ? 'Đang chép và tính mã tệp' : 'Đang tính mã tệp';
  options.job?.progress(0, total, label);
  const tap = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      try {
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          heads.push(chunk.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
        }
        done += chunk.length;
        if (done > options.maxBytes) throw tooLarge(done, options.maxBytes);
        options.job?.progress(done, total, label);
        callback(null, options.copy ? chunk : undefined);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  let temp = source;
  if (options.copy) {
    fs.mkdirSync(tmpDirIn(dataDir), { recursive: true });
    temp = path.join(tmpDirIn(dataDir), `${crypto.randomBytes(12).toString('hex')}.part`);
  }
  try {
    const input = fs.createReadStream(source, { highWaterMark: 1024 * 1024 });
    if (options.copy) await pipeline(input, tap, fs.createWriteStream(temp, { flags: 'wx' }));
    else {
      tap.resume();
      await pipeline(input, tap);
    }
  } catch (error) {
    if (options.copy) fs.rmSync(temp, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), size: done, head: Buffer.concat(heads), temp };
}

/**
 * Puts the hashed bytes in place after the database row was committed: when the blob is already there
 * (the same content added before) the temporary file is dropped, else it is renamed into place (atomic).
 * A removal that deletes the last use of a blob does so inside its own transaction, so once our row is
 * committed no removal can take the blob away; if one took it just before, the rename restores it.
 */
export function settleBlob(dataDir: string, hashed: Hashed): string {
  const target = blobPath(dataDir, hashed.sha256);
  if (fs.existsSync(target)) {
    fs.rmSync(hashed.temp, { force: true });
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(hashed.temp, target);
  }
  return target;
}
