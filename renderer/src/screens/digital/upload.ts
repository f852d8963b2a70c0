import { call } from '../../api';
import { readFileBase64 } from '../../FilePicker';

/**
 * Sends a chosen or dropped file to main in pieces over the contract (the same in the browser and the
 * desktop app): the size is checked against the limit first and the first piece's type at once, so a
 * refused file stops before its bytes travel. Returns the upload id `digital.add` takes.
 */
export async function uploadDigitalFile(file: File, onProgress: (sent: number, total: number) => void, cancelled: () => boolean): Promise<string> {
  const { uploadId, chunkBytes } = await call('digital.uploadBegin', { fileName: file.name, size: file.size });
  onProgress(0, file.size);
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    if (cancelled()) throw new Error('Đã hủy tải tệp lên.');
    const base64 = await readFileBase64(file.slice(offset, offset + chunkBytes));
    await call('digital.uploadChunk', { uploadId, offset, base64 });
    onProgress(Math.min(file.size, offset + chunkBytes), file.size);
  }
  return uploadId;
}
