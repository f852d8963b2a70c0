import type { registersContract } from '../../../shared/contract/registers';
import type { HandlersFor } from '../handler-types';
import { printRegister, registerOptions } from './print';

export const registersHandlers: HandlersFor<typeof registersContract> = {
  'registers.options': async (_input, ctx) => registerOptions(ctx),
  'registers.print': async (input, ctx) => printRegister(ctx, input),
};
