import type { digitalContract } from '../../../shared/contract/digital';
import { AppError } from '../../../shared/errors';
import type { HandlersFor } from '../handler-types';
import { printDigitalCatalogue } from './print';
import {
  addDigitalFile, addDigitalLink, digitalMaxBytes, getDigitalResource, listDigital, recordView, removeDigitalResource, requireAllowedType,
  saveDigitalMaxBytes, updateDigitalResource,
} from './resources';
import { appendUpload, beginUpload } from './store';

/** Bytes per upload piece the screen sends (the contract accepts up to 8 MiB). */
const CHUNK_BYTES = 4 * 1024 * 1024;

export const digitalHandlers: HandlersFor<typeof digitalContract> = {
  'digital.list': async (input, ctx) => listDigital(ctx, input),
  'digital.get': async ({ id }, ctx) => getDigitalResource(ctx, id),
  'digital.settings': async (_input, ctx) => ({ maxBytes: await digitalMaxBytes(ctx.sql) }),
  'digital.saveSettings': async ({ maxMegabytes }, ctx) => ({ maxBytes: await saveDigitalMaxBytes(ctx, maxMegabytes * 1024 * 1024) }),
  'digital.uploadBegin': async ({ fileName, size }, ctx) => ({
    uploadId: beginUpload(ctx.dataDir, fileName, size, await digitalMaxBytes(ctx.sql), ctx.now()),
    chunkBytes: CHUNK_BYTES,
  }),
  'digital.uploadChunk': async ({ uploadId, offset, base64 }, ctx) => {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0) throw new AppError('EMPTY_CHUNK', 'Phần tải lên trống.');
    return { received: await appendUpload(ctx.dataDir, uploadId, offset, bytes, (head) => void requireAllowedType(head)) };
  },
  'digital.add': async (input, ctx) => {
    const job = ctx.jobs.begin(input.jobId);
    if (input.url) return addDigitalLink(ctx, { ...input, url: input.url });
    return addDigitalFile(ctx, { ...input, source: { uploadId: input.uploadId! } }, job);
  },
  'digital.update': async ({ id, ...rest }, ctx) => updateDigitalResource(ctx, id, rest),
  'digital.remove': async ({ id }, ctx) => ({ ok: true as const, ...removeDigitalResource(ctx, id) }),
  'digital.recordView': async ({ id }, ctx) => {
    recordView(ctx, id);
    return { ok: true as const };
  },
  'digital.print': async (input, ctx) => printDigitalCatalogue(ctx, input),
};
