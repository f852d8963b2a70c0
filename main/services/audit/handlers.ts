import type { auditContract } from '../../../shared/contract/audit';
import type { HandlersFor } from '../handler-types';
import { exportAuditXlsx, listAudit } from './entries';

export const auditHandlers: HandlersFor<typeof auditContract> = {
  'audit.list': async ({ filter, offset, limit }, ctx) => listAudit(ctx, filter, offset, limit),
  'audit.exportXlsx': ({ filter, jobId }, ctx) => exportAuditXlsx(ctx, filter, ctx.jobs.begin(jobId)),
};
