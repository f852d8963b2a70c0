import { z } from 'zod';
import { method, ok } from './define';

/**
 * Long jobs (label, card, register and stocktake prints…) report `jobs.progress` events under the
 * `jobId` their call was given; any of them can be cancelled by that id.
 */
export const jobsContract = {
  /** Cancels a running job: its next progress step stops it with "Đã hủy theo yêu cầu." and leaves no file. */
  'jobs.cancel': method(z.object({ jobId: z.string().min(1) }), ok),
};
