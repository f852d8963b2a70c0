import path from 'node:path';
import type { reportsContract } from '../../../shared/contract/reports';
import { exportFileName } from '../../pdf/document';
import { exportsDirIn } from '../../paths';
import type { HandlersFor } from '../handler-types';
import { printPeriodReport } from './report-pdf';
import { statistics } from './period-statistics';
import { writeStatisticsXlsx } from './xlsx';

export const reportsHandlers: HandlersFor<typeof reportsContract> = {
  'reports.statistics': async (input, ctx) => statistics(ctx.sql, ctx.now(), input.year),
  'reports.exportXlsx': async (input, ctx) => {
    const s = await statistics(ctx.sql, ctx.now(), input.year);
    return writeStatisticsXlsx(s, path.join(exportsDirIn(ctx.dataDir), exportFileName(`Thong ke thu vien ${s.year}`, 'xlsx', ctx.now())));
  },
  'reports.print': async (input, ctx) => printPeriodReport(ctx, input),
};
