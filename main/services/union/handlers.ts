import type { unionContract } from '../../../shared/contract/union';
import type { HandlersFor } from '../handler-types';
import { saveUnionSettings, unionSettingsOf, unionStatusOf } from './settings';
import { syncUnion } from './sync';

/** Cài đặt → Liên thông and the main screen's status; the push itself is push.ts. */
export const unionHandlers: HandlersFor<typeof unionContract> = {
  'union.getSettings': async (_input, ctx) => unionSettingsOf(ctx),
  'union.saveSettings': async (input, ctx) => saveUnionSettings(ctx, input),
  'union.pushNow': async (_input, ctx) => {
    const r = await syncUnion(ctx, { scheduled: false });
    return { school: r.school, records: r.records, batches: r.batches, bytes: r.bytes, at: r.at };
  },
  'union.getStatus': async (_input, ctx) => unionStatusOf(ctx),
};
