import type { loanRulesContract } from '../../../shared/contract/loan-rules';
import type { HandlersFor } from '../handler-types';
import { deletePolicy, holidays, listPolicies, saveHolidays, savePolicy } from './rules';

export const loanRulesHandlers: HandlersFor<typeof loanRulesContract> = {
  'loanRules.list': async (_input, ctx) => listPolicies(ctx),
  'loanRules.save': async (input, ctx) => savePolicy(ctx, input),
  'loanRules.delete': async (input, ctx) => deletePolicy(ctx, input.id),
  'loanRules.holidays': async (_input, ctx) => ({ dates: await holidays(ctx) }),
  'loanRules.saveHolidays': async (input, ctx) => ({ dates: await saveHolidays(ctx, input.dates) }),
};
