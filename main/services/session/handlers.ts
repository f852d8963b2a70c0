import type { sessionContract } from '../../../shared/contract/session';
import type { HandlersFor } from '../handler-types';
import { notReady } from '../accounts/not-ready';

export const sessionHandlers: HandlersFor<typeof sessionContract> = {
  'session.signIn': async () => notReady(),
  'session.signInWithPassword': async () => notReady(),
  'session.signOut': async () => ({ ok: true as const }),
  'session.current': async () => ({ account: null, openStraightIn: true, setupNeeded: false, passwordAccounts: [] }),
  'session.setUp': async () => notReady(),
  'session.recover': async () => notReady(),
};
