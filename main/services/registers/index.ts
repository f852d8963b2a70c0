import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { registerLabels, type printRegisterInput, type RegisterOptions } from '../../../shared/contract/registers';
import type { FileResult } from '../../../shared/contract/define';
import { rawConnection } from '../../db/data-source';
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
import { getSchool } from '../settings';

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
  const raw = rawConnection(ctx.db);
  const school = await getSchool(ctx.db);
  const today = todayIso(ctx.now());
  const cur = currentYear({ today, school });
  const first = (raw.prepare("SELECT MIN(date) AS d FROM accession_batch WHERE status = 'confirmed'").get() as { d: string | null }).d;
  const years: string[] = [];
  for (let y = Number((first ? schoolYearOf(first) : cur).slice(0, 4)); y <= Number(cur.slice(0, 4)) && years.length < 50; y++) years.push(`${y}-${y + 1}`);
  return {
    series: raw.prepare(`SELECT s.code, s.name, COUNT(c.id) AS copies FROM collection_series s LEFT JOIN copy c ON c.series_id = s.id
      GROUP BY s.id ORDER BY s.sort_order, s.id`).all() as RegisterOptions['series'],
    years: years.reverse(),
    currentYear: cur,
    classes: (raw.prepare("SELECT DISTINCT class_name AS c FROM reader WHERE kind = 'student' AND class_name <> '' ORDER BY class_name").all() as { c: string }[]).map((r) => r.c),
    batches: raw.prepare(`SELECT id, register_number AS registerNumber, date, source, voucher_number AS voucherNumber, total_copies AS totalCopies,
      total_value AS totalValue FROM accession_batch WHERE status = 'confirmed' ORDER BY register_number DESC`).all() as RegisterOptions['batches'],
    withdrawals: raw.prepare(`SELECT w.id, w.number, w.date, COUNT(wi.id) AS copies FROM withdrawal w LEFT JOIN withdrawal_item wi ON wi.withdrawal_id = w.id
      WHERE w.status = 'confirmed' GROUP BY w.id ORDER BY w.date DESC`).all() as RegisterOptions['withdrawals'],
  };
}
