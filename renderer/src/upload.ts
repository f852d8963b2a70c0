import { call } from './api';
import { readFileBase64 } from './FilePicker';

/** The contract methods that receive a file in pieces: a digital resource, or a backup chosen on a USB stick. */
const UPLOAD_METHODS = {
  digital: { begin: 'digital.uploadBegin', chunk: 'digital.uploadChunk' },
  backup: { begin: 'backup.uploadBegin', chunk: 'backup.uploadChunk' },
} as const;

/**
 * Sends a chosen or dropped file to main in pieces over the contract (the same in the browser and the
 * desktop app): the size is checked against the limit first and the first piece's type at once, so a
 * refused file stops before its bytes travel. Returns the upload id the next call (`digital.add`,
 * `backup.checkUpload`) takes.
 */
export async function uploadFile(
  via: keyof typeof UPLOAD_METHODS, file: File, onProgress: (sent: number, total: number) => void, cancelled: () => boolean = () => false,
): Promise<string> {
  const methods = UPLOAD_METHODS[via];
  const { uploadId, chunkBytes } = await call(methods.begin, { fileName: file.name, size: file.size });
  onProgress(0, file.size);
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    if (cancelled()) throw new Error('Đã hủy tải tệp lên.');
    const base64 = await readFileBase64(file.slice(offset, offset + chunkBytes));
    await call(methods.chunk, { uploadId, offset, base64 });
    onProgress(Math.min(file.size, offset + chunkBytes), file.size);
  }
  return uploadId;
}
