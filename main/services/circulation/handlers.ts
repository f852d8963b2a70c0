import type { circulationContract } from '../../../shared/contract/circulation';
import type { HandlersFor } from '../handler-types';
import { classSetPdf, classSets, classSetTitles, lendClassSet, returnClassSet } from './class-sets';
import { checkout, found, markLost, renew, returnCopy, transfer, undo } from './loans';
import { lookup } from './lookup';
import { overdueLoans, reminderSlips } from './overdue';
import { loanHistory, readerPanel } from './reader-panel';
import { scan } from './scan';
import { recordVisit } from './visits';

export const circulationHandlers: HandlersFor<typeof circulationContract> = {
  'circulation.scan': async (input, ctx) => scan(ctx, input.code, input.readerId, input.mode),
  'circulation.lookup': async (input, ctx) => lookup(ctx, input.code),
  'circulation.panel': async (input, ctx) => readerPanel(ctx, input.readerId),
  'circulation.checkout': async (input, ctx) => checkout(ctx, input.readerId, input.code, input.overrideReason),
  'circulation.return': async (input, ctx) => {
    const { loan, panel, hold } = returnCopy(ctx, input.code);
    return { loan, panel, hold };
  },
  'circulation.transfer': async (input, ctx) => transfer(ctx, input.readerId, input.code, input.overrideReason),
  'circulation.found': async (input, ctx) => found(ctx, input.code),
  'circulation.history': async (input, ctx) => loanHistory(ctx, input.readerId),
  'circulation.renew': async (input, ctx) => renew(ctx, input.loanId, input.overrideReason),
  'circulation.undo': async (input, ctx) => undo(ctx, input.action, input.loanId, input.previousDueAt),
  'circulation.visit': async (input, ctx) => {
    const { visitId, today, repeated } = recordVisit(ctx, input.readerId, input.headcount, input.note);
    return { visitId, today, repeated };
  },
  'circulation.markLost': async (input, ctx) => markLost(ctx, input.loanId, input.compensation, input.amount, input.note),
  'circulation.overdue': async (input, ctx) => overdueLoans(ctx, input),
  'circulation.remindersPdf': async (input, ctx) => reminderSlips(ctx, input.className),
  'circulation.classSetTitles': async (input, ctx) => classSetTitles(ctx, input.className),
  'circulation.lendClassSet': async (input, ctx) => lendClassSet(ctx, input.className, input.titleIds),
  'circulation.returnClassSet': async (input, ctx) => returnClassSet(ctx, input.classSet),
  'circulation.classSets': async (_input, ctx) => classSets(ctx),
  'circulation.classSetPdf': async (input, ctx) => classSetPdf(ctx, input.classSet),
};
