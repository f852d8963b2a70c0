import type { labelsContract } from '../../../shared/contract/labels';
import type { LabelSheet } from '../../../shared/label-sheets';
import type { HandlersFor } from '../handler-types';
import { calibrationTarget, previewLabels, printBatchLabels, printCalibration, printCards, printLabels } from './print';
import { cardClasses, selectCopies } from './select';
import { allSheets, deleteUserSheet, getCalibration, getCardRules, saveCalibration, saveCardRules, saveUserSheet } from './store';

export const labelsHandlers: HandlersFor<typeof labelsContract> = {
  'labels.listTemplates': async (_input, ctx) => allSheets(ctx.sql),
  'labels.saveTemplate': async (input, ctx) => saveUserSheet(ctx.sql, input as LabelSheet, ctx.now()),
  'labels.deleteTemplate': async (input, ctx) => {
    await deleteUserSheet(ctx.sql, input.id, ctx.now());
    return { ok: true as const };
  },
  'labels.getCalibration': async (_input, ctx) => getCalibration(ctx.sql),
  'labels.saveCalibration': async (input, ctx) => saveCalibration(ctx.sql, input.printer, input.dx, input.dy, ctx.now()),
  'labels.selectCopies': async (input, ctx) => {
    const copies = selectCopies(ctx.sql, input.selection, input.series);
    return { total: copies.length, copies: copies.slice(0, input.limit) };
  },
  'labels.preview': async (input, ctx) => previewLabels(ctx, input),
  'labels.print': async (input, ctx) => printLabels(ctx, input),
  'labels.printBatch': async (input, ctx) => printBatchLabels(ctx, input),
  'labels.calibrationPdf': async (input, ctx) => printCalibration(ctx.sql, input.templateId, input.printer, calibrationTarget(ctx, input.templateId)),
  'labels.cardClasses': async (_input, ctx) => cardClasses(ctx.sql),
  'labels.printCards': async (input, ctx) => printCards(ctx, input),
  'labels.getCardRules': async (_input, ctx) => ({ rules: await getCardRules(ctx.sql) }),
  'labels.saveCardRules': async (input, ctx) => ({ rules: await saveCardRules(ctx.sql, input.rules, ctx.now()) }),
};
