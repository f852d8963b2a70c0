import type { statsContract } from '../../../shared/contract/stats';
import type { HandlersFor } from '../handler-types';
import { summaryStats } from './collection-counts';

export const statsHandlers: HandlersFor<typeof statsContract> = {
  'stats.summary': async (_input, ctx) => summaryStats(ctx.db, ctx.now()),
};
