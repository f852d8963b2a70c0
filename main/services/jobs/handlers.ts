import type { jobsContract } from '../../../shared/contract/jobs';
import type { HandlersFor } from '../handler-types';

export const jobsHandlers: HandlersFor<typeof jobsContract> = {
  'jobs.cancel': async (input, ctx) => {
    ctx.jobs.cancel(input.jobId);
    return { ok: true as const };
  },
};
