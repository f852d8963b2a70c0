import type { selfcheckContract } from '../../../shared/contract/selfcheck';
import type { HandlersFor } from '../handler-types';
import { notReady } from '../accounts/not-ready';
import { getSelfCheck, printSelfCheck, saveSelfCheck } from './selfcheck';

export const selfcheckHandlers: HandlersFor<typeof selfcheckContract> = {
  'selfcheck.get': async (input, ctx) => getSelfCheck(ctx, input.year),
  'selfcheck.save': async (input, ctx) => saveSelfCheck(ctx, input),
  'selfcheck.approve': async () => notReady(),
  'selfcheck.print': async (input, ctx) => printSelfCheck(ctx, input),
};
