import type { accountsContract } from '../../../shared/contract/accounts';
import type { HandlersFor } from '../handler-types';
import { accountSettings } from '../session/sessions';
import { addAccount, listAccounts, resetPin, saveAccountSettings, setDisabled } from './accounts';

export const accountsHandlers: HandlersFor<typeof accountsContract> = {
  'accounts.list': async (_input, ctx) => listAccounts(ctx),
  'accounts.add': async (input, ctx) => addAccount(ctx, input),
  'accounts.disable': async ({ id }, ctx) => setDisabled(ctx, id, true),
  'accounts.enable': async ({ id }, ctx) => setDisabled(ctx, id, false),
  'accounts.resetPin': async ({ id, pin }, ctx) => resetPin(ctx, id, pin),
  'accounts.settings': async (_input, ctx) => accountSettings(ctx.sql),
  'accounts.saveSettings': async (input, ctx) => saveAccountSettings(ctx, input),
};
