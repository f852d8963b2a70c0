import type { accountsContract } from '../../../shared/contract/accounts';
import type { HandlersFor } from '../handler-types';
import { notReady } from './not-ready';

export const accountsHandlers: HandlersFor<typeof accountsContract> = {
  'accounts.list': async () => notReady(),
  'accounts.add': async () => notReady(),
  'accounts.disable': async () => notReady(),
  'accounts.enable': async () => notReady(),
  'accounts.resetPin': async () => notReady(),
  'accounts.settings': async () => ({ openStraightIn: true, idleLockMinutes: 10 }),
  'accounts.saveSettings': async () => notReady(),
};
