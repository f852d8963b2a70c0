import type { statsContract } from '../../../shared/contract/stats';
import type { HandlersFor } from '../handler-types';
import { summaryStats } from './collection-counts';
import { notReady } from '../accounts/not-ready';

export const statsHandlers: HandlersFor<typeof statsContract> = {
  'stats.summary': async (_input, ctx) => summaryStats(ctx.sql, ctx.now()),
  'stats.staffActivity': async () => notReady(),
};
