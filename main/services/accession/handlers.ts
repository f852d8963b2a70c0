import type { accessionContract } from '../../../shared/contract/accession';
import type { HandlersFor } from '../handler-types';
import { confirmBatch, deleteDraftBatch, getBatch, listBatches, saveDraftBatch } from './batches';

export const accessionHandlers: HandlersFor<typeof accessionContract> = {
  'accession.list': async ({ status, limit }, ctx) => listBatches(ctx.sql, status, limit),
  'accession.get': async ({ id }, ctx) => getBatch(ctx.sql, id),
  'accession.saveDraft': async (input, ctx) => saveDraftBatch(ctx, input),
  'accession.deleteDraft': async ({ id }, ctx) => {
    deleteDraftBatch(ctx, id);
    return { ok: true as const };
  },
  'accession.confirm': async ({ id }, ctx) => confirmBatch(ctx, id),
};
