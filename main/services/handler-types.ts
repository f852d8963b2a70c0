import type { z } from 'zod';
import type { MethodSpec } from '../../shared/contract/define';
import type { ServiceContext } from './context';

/** The handlers of one domain's contract map: parsed input in, the promised output back. */
export type HandlersFor<C extends Record<string, MethodSpec>> = {
  [M in keyof C]: (input: z.output<C[M]['input']>, ctx: ServiceContext) => Promise<z.input<C[M]['output']>>;
};
