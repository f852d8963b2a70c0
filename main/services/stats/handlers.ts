import type { statsContract } from '../../../shared/contract/stats';
import type { HandlersFor } from '../handler-types';
import { summaryStats } from './collection-counts';
import { staffActivity } from './staff-activity';

export const statsHandlers: HandlersFor<typeof statsContract> = {
  'stats.summary': async (_input, ctx) => summaryStats(ctx.sql, ctx.now()),
  'stats.staffActivity': async ({ from, to }, ctx) => staffActivity(ctx, from, to),
};
