import type { settingsContract } from '../../../shared/contract/settings';
import type { HandlersFor } from '../handler-types';
import { getSchool, saveSchool } from './school';
import { listSeries, saveSeries } from './series';
import { APP_VERSION } from './version';

export const settingsHandlers: HandlersFor<typeof settingsContract> = {
  'settings.appInfo': async (_input, ctx) => ({
    version: APP_VERSION,
    dataDir: ctx.dataDir,
    databaseFile: ctx.databaseFile,
    mode: ctx.mode === 'electron' ? 'electron' : 'browser',
  }),
  'settings.getSchool': async (_input, ctx) => getSchool(ctx.sql),
  'settings.saveSchool': async (input, ctx) => saveSchool(ctx.sql, input, ctx.now()),
  'settings.listSeries': async (_input, ctx) => listSeries(ctx.sql),
  'settings.saveSeries': async (input, ctx) => saveSeries(ctx.sql, input, ctx.now()),
};
