import type { selfcheckContract } from '../../../shared/contract/selfcheck';
import type { HandlersFor } from '../handler-types';
import { approveSelfCheck, getSelfCheck, printSelfCheck, saveSelfCheck } from './selfcheck';

export const selfcheckHandlers: HandlersFor<typeof selfcheckContract> = {
  'selfcheck.get': async (input, ctx) => getSelfCheck(ctx, input.year),
  'selfcheck.save': async (input, ctx) => saveSelfCheck(ctx, input),
  'selfcheck.approve': async (input, ctx) => approveSelfCheck(ctx, input),
  'selfcheck.print': async (input, ctx) => printSelfCheck(ctx, input),
};
