import path from 'node:path';
import type { stocktakeContract } from '../../../shared/contract/stocktake';
import { formatDate, todayIso } from '../../../shared/dates';
import { exportFileName } from '../../pdf/document';
import { printStocktakeList, printStocktakeMinutes } from '../../pdf/stocktake';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import type { HandlersFor } from '../handler-types';
import { fileResultOf } from '../registers/common';
import { getSchool } from '../settings/school';
import { closeStocktake, listStocktakes, scanStocktake, startStocktake, stocktakeLines, stocktakeProgress, stocktakeReport } from './stocktakes';

/** Prints the danh sách kiểm kê or the biên bản kiểm kê into the exports folder (or `out`). */
export async function printStocktake(ctx: ServiceContext, input: { stocktakeId: number; kind: 'list' | 'minutes'; jobId?: string }, out?: string) {
  const school = getSchool(ctx.sql);
  const report = stocktakeReport(ctx, input.stocktakeId);
  const row = report.stocktake;
  const base = `${input.kind === 'list' ? 'Danh sách kiểm kê' : 'Biên bản kiểm kê'} ${row.name}`;
  const common = {
    file: out ? path.resolve(out) : path.join(exportsDirIn(ctx.dataDir), exportFileName(base, 'pdf', ctx.now())),
    school,
    stocktake: row,
    fmt: (iso: string | null | undefined) => formatDate(iso, school.dateStyle),
    day: (stamp: string | null) => (stamp ? todayIso(new Date(stamp)) : null),
    job: ctx.jobs.begin(input.jobId),
  };
  if (input.kind === 'list') return fileResultOf(await printStocktakeList({ ...common, lines: stocktakeLines(ctx, input.stocktakeId) }));
  return fileResultOf(await printStocktakeMinutes({ ...common, series: report.series, totals: report.totals }));
}

export const stocktakeHandlers: HandlersFor<typeof stocktakeContract> = {
  'stocktake.list': async (_input, ctx) => listStocktakes(ctx),
  'stocktake.start': async (input, ctx) => startStocktake(ctx, input),
  'stocktake.scan': async (input, ctx) => scanStocktake(ctx, input.stocktakeId, input.code),
  'stocktake.progress': async (input, ctx) => stocktakeProgress(ctx, input.stocktakeId),
  'stocktake.close': async (input, ctx) => closeStocktake(ctx, input.stocktakeId),
  'stocktake.report': async (input, ctx) => stocktakeReport(ctx, input.stocktakeId),
  'stocktake.printPdf': async (input, ctx) => printStocktake(ctx, input),
};
