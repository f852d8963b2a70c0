import type { archiveContract } from '../../../shared/contract/archive';
import type { HandlersFor } from '../handler-types';
import { exportAll } from './export-all';

export const archiveHandlers: HandlersFor<typeof archiveContract> = {
  'archive.exportAll': ({ jobId }, ctx) => exportAll(ctx, undefined, ctx.jobs.begin(jobId)),
};
