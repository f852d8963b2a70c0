import type { activitiesContract } from '../../../shared/contract/activities';
import type { HandlersFor } from '../handler-types';
import { addEvidence, deleteActivity, listActivities, saveActivity } from './activities';

export const activitiesHandlers: HandlersFor<typeof activitiesContract> = {
  'activities.list': async (input, ctx) => listActivities(ctx.sql, input.year),
  'activities.save': async (input, ctx) => saveActivity(ctx, input),
  'activities.delete': async (input, ctx) => deleteActivity(ctx, input.id),
  'activities.addEvidence': async (input, ctx) => addEvidence(ctx, input),
};
