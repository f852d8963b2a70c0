import type { periodicalsContract } from '../../../shared/contract/periodicals';
import type { HandlersFor } from '../handler-types';
import { listPeriodicals, periodicalIssues, receiveIssue, savePeriodical } from './periodicals';

export const periodicalsHandlers: HandlersFor<typeof periodicalsContract> = {
  'periodicals.list': async (input, ctx) => listPeriodicals(ctx.sql, input.activeOnly),
  'periodicals.save': async (input, ctx) => savePeriodical(ctx, input),
  'periodicals.receive': async (input, ctx) => receiveIssue(ctx, input),
  'periodicals.issues': async (input, ctx) => periodicalIssues(ctx.sql, input.periodicalId, input.year),
};
