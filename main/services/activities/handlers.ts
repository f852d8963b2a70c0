import type { activitiesContract } from '../../../shared/contract/activities';
import { sqlOf } from '../../db/sql';
import type { HandlersFor } from '../handler-types';
import { addEvidence, deleteActivity, listActivities, saveActivity } from '.';

export const activitiesHandlers: HandlersFor<typeof activitiesContract> = {
  'activities.list': async (input, ctx) => listActivities(sqlOf(ctx.db), input.year),
  'activities.save': async (input, ctx) => saveActivity(ctx, input),
  'activities.delete': async (input, ctx) => deleteActivity(ctx, input.id),
  'activities.addEvidence': async (input, ctx) => addEvidence(ctx, input),
};
