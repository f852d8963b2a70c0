import type { opacContract } from '../../../shared/contract/opac';
import { searchesBetween, searchesPerDay } from '../../db/queries/opac';
import type { HandlersFor } from '../handler-types';
import { opacStatusOf, printOpacPoster, saveOpacSettings } from './settings';

export const opacHandlers: HandlersFor<typeof opacContract> = {
  'opac.status': async (_input, ctx) => opacStatusOf(ctx),
  'opac.saveSettings': async (input, ctx) => saveOpacSettings(ctx, input),
  'opac.printPoster': async (input, ctx) => printOpacPoster(ctx, input.url),
  'opac.searchCounts': async (input, ctx) => {
    const sql = ctx.sql;
    return { total: searchesBetween(sql, input.from, input.to), days: searchesPerDay(sql, input.from, input.to) };
  },
};
