import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { cardOptions, labelOptions } from '../../../shared/contract/labels';
import { writeCardPdf } from '../../pdf/cards';
import { exportFileName } from '../../pdf/document';
import { writeCalibrationPdf, writeLabelPdf } from '../../pdf/labels';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings';
import { markLabelled, selectCopies, selectReaders } from './select';
import { getCardRules, offsetFor, sheetById } from './store';

export type LabelPrintInput = z.output<typeof labelOptions> & { jobId?: string };
export type CardPrintInput = z.output<typeof cardOptions> & { jobId?: string };

export interface PrintedFile {
  fileName: string;
  path: string;
  bytes: number;
  pages: number;
}

const KIND_FILE = { spine: 'Nhan-gay', barcode: 'Nhan-ma-vach', combined: 'Nhan-gay-ma-vach' } as const;

function target(ctx: ServiceContext, base: string, out?: string): string {
  return out ? path.resolve(out) : path.join(exportsDirIn(ctx.dataDir), exportFileName(base, 'pdf', ctx.now()));
}

/** Labels for the selected copies as one PDF; marks them labelled once the file is complete. */
export async function printLabels(ctx: ServiceContext, input: LabelPrintInput, out?: string): Promise<PrintedFile & { labels: number }> {
  const sheet = await sheetById(ctx.db, input.templateId);
  const copies = selectCopies(ctx.db, input.selection, input.series);
  const { offset } = await offsetFor(ctx.db, input.printer);
  const school = await getSchool(ctx.db);
  const job = ctx.jobs.begin(input.jobId);
  const file = target(ctx, `${KIND_FILE[input.kind]}-${sheet.id}`, out);
  const r = await writeLabelPdf({
    file, kind: input.kind, sheet, copies, start: input.start, offset, schoolName: school.schoolName,
    moduleWidth: input.moduleWidth, progress: (done, total) => job.progress(done, total, 'Đang tạo nhãn'),
  });
  if (input.markPrinted) markLabelled(ctx.db, copies.map((c) => c.id), ctx.now());
  return { fileName: path.basename(r.path), path: r.path, bytes: r.bytes, pages: r.pages, labels: copies.length };
}

export async function printCards(ctx: ServiceContext, input: CardPrintInput, out?: string): Promise<PrintedFile & { cards: number }> {
  const school = await getSchool(ctx.db);
  const readers = selectReaders(ctx.db, ctx.dataDir, input.selection, school.schoolYear);
  const { offset } = await offsetFor(ctx.db, input.printer);
  const rules = input.backSide ? await getCardRules(ctx.db) : null;
  const job = ctx.jobs.begin(input.jobId);
  const file = target(ctx, 'The-thu-vien', out);
  const r = await writeCardPdf({
    file, readers, managingBody: school.managingBody, schoolName: school.schoolName, schoolYear: school.schoolYear, principal: school.principal,
    offset, rules, moduleWidth: input.moduleWidth, progress: (done, total) => job.progress(done, total, 'Đang tạo thẻ'),
  });
  return { fileName: path.basename(r.path), path: r.path, bytes: r.bytes, pages: r.pages, cards: readers.length };
}

/** The calibration page; works without a database (shipped sheets, zero offset). */
export async function printCalibration(db: DataSource | null, templateId: string, printer: string | undefined, file: string): Promise<PrintedFile> {
  const sheet = await sheetById(db, templateId);
  const o = await offsetFor(db, printer);
  const r = await writeCalibrationPdf(file, sheet, o.offset, o.printer);
  return { fileName: path.basename(r.path), path: r.path, bytes: r.bytes, pages: r.pages };
}

export function calibrationTarget(ctx: ServiceContext, templateId: string): string {
  return target(ctx, `Can-chinh-${templateId}`);
}
