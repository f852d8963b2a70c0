import type { planContract } from '../../../shared/contract/plan';
import { uploadedContent } from '../catalogue/titles';
import type { HandlersFor } from '../handler-types';
import { addForecast, computeNeeds, textbookForecast } from './needs';
import {
  addLines, addSuggestions, createPlan, deleteLine, linkBatch, newVersion, planOfYear, saveLine, scanIsbn, setStatus, unlinkBatch, updatePlan,
} from './plans';
import { exportPlanXlsx, printForecast, printPlan } from './print';
import { importQuotation } from './quotation';

export const planHandlers: HandlersFor<typeof planContract> = {
  'plan.get': async ({ year, version }, ctx) => planOfYear(ctx.sql, year, version),
  'plan.create': async ({ year }, ctx) => createPlan(ctx, year),
  'plan.update': async ({ planId, budgetCap, purpose }, ctx) => updatePlan(ctx, planId, budgetCap, purpose),
  'plan.saveLine': async ({ planId, line }, ctx) => saveLine(ctx, planId, line),
  'plan.deleteLine': async ({ planId, lineId }, ctx) => deleteLine(ctx, planId, lineId),
  'plan.addLines': async ({ planId, lines }, ctx) => addLines(ctx, planId, lines),
  'plan.import': async ({ planId, file, dryRun, jobId }, ctx) => importQuotation(ctx, planId, uploadedContent(file), { dryRun, jobId }),
  'plan.scanIsbn': async ({ planId, isbn }, ctx) => scanIsbn(ctx, planId, isbn),
  'plan.addSuggestions': async ({ planId, suggestionIds }, ctx) => addSuggestions(ctx, planId, suggestionIds),
  'plan.needs': async ({ year }, ctx) => computeNeeds(ctx, year),
  'plan.forecast': async ({ year }, ctx) => textbookForecast(ctx, year),
  'plan.addForecast': async ({ planId }, ctx) => addForecast(ctx, planId),
  'plan.printForecast': async ({ year, jobId }, ctx) => printForecast(ctx, year, { jobId }),
  'plan.setStatus': async ({ planId, action, approvalDate, approvalNumber }, ctx) => setStatus(ctx, planId, action, approvalDate, approvalNumber),
  'plan.newVersion': async ({ planId }, ctx) => newVersion(ctx, planId),
  'plan.linkBatch': async ({ planId, batchId, links }, ctx) => linkBatch(ctx, planId, batchId, links),
  'plan.unlinkBatch': async ({ planId, batchId }, ctx) => unlinkBatch(ctx, planId, batchId),
  'plan.print': async ({ planId, jobId }, ctx) => printPlan(ctx, planId, { jobId }),
  'plan.export': async ({ planId }, ctx) => exportPlanXlsx(ctx, planId),
};
