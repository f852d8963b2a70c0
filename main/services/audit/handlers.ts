import type { auditContract } from '../../../shared/contract/audit';
import type { HandlersFor } from '../handler-types';
import { auditPeople, exportAuditXlsx, listAudit } from './entries';

export const auditHandlers: HandlersFor<typeof auditContract> = {
  'audit.list': async ({ filter, offset, limit }, ctx) => listAudit(ctx, filter, offset, limit),
  'audit.people': async (_input, ctx) => auditPeople(ctx),
  'audit.exportXlsx': ({ filter, jobId }, ctx) => exportAuditXlsx(ctx, filter, ctx.jobs.begin(jobId)),
};
