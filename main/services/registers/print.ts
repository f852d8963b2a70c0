import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { registerLabels, type printRegisterInput, type RegisterOptions } from '../../../shared/contract/registers';
import type { FileResult } from '../../../shared/contract/define';
import { confirmedBatches, confirmedWithdrawals, firstBatchDate, seriesWithCopies, studentClasses } from '../../db/queries/registers';
import type { ServiceContext } from '../context';
import { currentYear, fileResultOf, registerEnv } from './common';
import { printGeneralRegister } from './dktq';
import { printIndividualRegister } from './dkcb';
import { printTextbookRegister } from './sgk';
import { printLoanRegister } from './muon';
import { printAccessionMinutes, printWithdrawalMinutes } from './minutes';
import { printAlphabeticalCatalogue } from './catalogue';
import { printPeriodicalRegister } from './baochi';
import { schoolYearOf, todayIso } from '../../../shared/dates';
import { getSchool } from '../settings/school';

export type PrintRegisterParsed = z.output<typeof printRegisterInput>;

/** Prints one register or minute; `out` (CLI) overrides the exports folder. */
export async function printRegister(ctx: ServiceContext, input: PrintRegisterParsed, out?: string): Promise<FileResult> {
  const base = [registerLabels[input.kind], input.series, input.year].filter(Boolean).join(' ');
  const env = await registerEnv(ctx, base, input.dateStyle, out);
  const job = ctx.jobs.begin(input.jobId);
  let r: { path: string; bytes: number; pages: number };
  switch (input.kind) {
    case 'dktq': r = await printGeneralRegister(env, input.year, job); break;
    case 'dkcb': r = await printIndividualRegister(env, input.series, input.year, job); break;
    case 'sgk': r = await printTextbookRegister(env, input.series ?? 'SGK', input.year, job); break;
    case 'muon': r = await printLoanRegister(env, input.readerKind, input.className, input.year, job); break;
    case 'nhap': r = await printAccessionMinutes(env, input.batchId, job); break;
    case 'xuat': r = await printWithdrawalMinutes(env, input.withdrawalId, job); break;
    case 'mucluc': r = await printAlphabeticalCatalogue(env, input.series, input.year, job); break;
    case 'baochi': r = await printPeriodicalRegister(env, input.year, job); break;
    default: throw new AppError('BAD_KIND', 'Không có loại sổ này.');
  }
  return fileResultOf(r);
}

export async function registerOptions(ctx: ServiceContext): Promise<RegisterOptions> {
  const sql = ctx.sql;
  const school = getSchool(ctx.sql);
  const today = todayIso(ctx.now());
  const cur = currentYear({ today, school });
  const first = firstBatchDate(sql);
  const years: string[] = [];
  for (let y = Number((first ? schoolYearOf(first) : cur).slice(0, 4)); y <= Number(cur.slice(0, 4)) && years.length < 50; y++) years.push(`${y}-${y + 1}`);
  return {
    series: seriesWithCopies(sql),
    years: years.reverse(),
    currentYear: cur,
    classes: studentClasses(sql),
    batches: confirmedBatches(sql),
    withdrawals: confirmedWithdrawals(sql),
  };
}
