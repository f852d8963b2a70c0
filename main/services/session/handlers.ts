import type { sessionContract } from '../../../shared/contract/session';
import type { HandlersFor } from '../handler-types';
import { current, recover, setUp, signIn, signInWithPassword, signOut } from './sign-in';

export const sessionHandlers: HandlersFor<typeof sessionContract> = {
  'session.signIn': async ({ card, pin }, ctx) => signIn(ctx, card, pin),
  'session.signInWithPassword': async ({ accountId, password }, ctx) => signInWithPassword(ctx, accountId, password),
  'session.signOut': async (_input, ctx) => signOut(ctx),
  'session.current': async (_input, ctx) => current(ctx),
  'session.setUp': async ({ name, password }, ctx) => setUp(ctx, name, password),
  'session.recover': async ({ recoveryCode, newPassword }, ctx) => recover(ctx, recoveryCode, newPassword),
};
