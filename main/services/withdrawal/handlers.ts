import type { withdrawalContract } from '../../../shared/contract/withdrawal';
import type { HandlersFor } from '../handler-types';
import { confirmWithdrawal, deleteDraftWithdrawal, getWithdrawal, listWithdrawals, lostCopies, resolveCopies, saveDraftWithdrawal } from './withdrawals';

export const withdrawalHandlers: HandlersFor<typeof withdrawalContract> = {
  'withdrawal.list': async (_input, ctx) => listWithdrawals(ctx.sql),
  'withdrawal.get': async ({ id }, ctx) => getWithdrawal(ctx.sql, id),
  'withdrawal.saveDraft': async (input, ctx) => saveDraftWithdrawal(ctx, input),
  'withdrawal.deleteDraft': async ({ id }, ctx) => {
    deleteDraftWithdrawal(ctx, id);
    return { ok: true as const };
  },
  'withdrawal.confirm': async ({ id }, ctx) => confirmWithdrawal(ctx, id),
  'withdrawal.resolveCopies': async ({ text }, ctx) => resolveCopies(ctx.sql, text),
  'withdrawal.lostCopies': async (_input, ctx) => lostCopies(ctx.sql),
};
