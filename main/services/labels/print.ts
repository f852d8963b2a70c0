import path from 'node:path';
import type { z } from 'zod';
import type { batchLabelsInput, cardOptions, labelOptions, LabelPreview, LabelPreviewItem } from '../../../shared/contract/labels';
import { AppError } from '../../../shared/errors';
import { DEFAULT_MODULE_MM, labelsPerSheet } from '../../../shared/label-sheets';
import { writeCardPdf } from '../../pdf/cards';
import { exportFileName } from '../../pdf/document';
import { layoutLabelPages, writeCalibrationPdf, writeLabelPdf, type LayoutItem, type LayoutPage } from '../../pdf/labels';
import { standaloneMeasure, type TextMeasure } from '../../pdf/text-fit';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';
import { batchStatus } from '../../db/queries/labels';
import type { Sql } from '../../db/sql';
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
  const sheet = await sheetById(ctx.sql, input.templateId);
  const copies = selectCopies(ctx.sql, input.selection, input.series);
  const { offset } = await offsetFor(ctx.sql, input.printer);
  const school = getSchool(ctx.sql);
  const job = ctx.jobs.begin(input.jobId);
  const file = target(ctx, `${KIND_FILE[input.kind]}-${sheet.id}`, out);
  const r = await writeLabelPdf({
    file, kind: input.kind, sheet, copies, start: input.start, offset, schoolName: school.schoolName,
    moduleWidth: input.moduleWidth, progress: (done, total) => job.progress(done, total, 'Đang tạo nhãn'),
  });
  if (input.markPrinted) markLabelled(ctx.sql, copies, ctx.now());
  return { fileName: path.basename(r.path), path: r.path, bytes: r.bytes, pages: r.pages, labels: copies.length };
}

export type LabelPreviewInput = Omit<LabelPrintInput, 'markPrinted' | 'printer' | 'jobId'>;

let measure: TextMeasure | null = null;

function previewItem(it: LayoutItem): LabelPreviewItem[] {
  if (it.kind === 'text') return [{ kind: 'text', x: it.x, y: it.y, w: it.w, h: it.h, text: it.text, size: it.size, bold: it.font.endsWith('Bold') }];
  if (it.kind === 'bars') return [{ kind: 'bars', x: it.x, y: it.y, w: it.w, h: it.h, bars: it.barcode.bars.map((b) => ({ x: b.x, w: b.w })) }];
  if (it.kind === 'line') return [{ kind: 'line', x: it.x, y: it.y, w: it.w, h: it.h }];
  return [];
}

/**
 * The first sheet of `labels.print`, laid out by the very code that draws the PDF (same fonts and
 * metrics, same lines per label kind, same shrinking and truncation), without the printer offset.
 */
export async function previewLabels(ctx: ServiceContext, input: LabelPreviewInput): Promise<LabelPreview> {
  const sheet = await sheetById(ctx.sql, input.templateId);
  const copies = selectCopies(ctx.sql, input.selection, input.series);
  const school = getSchool(ctx.sql);
  const first = copies.slice(0, Math.max(0, labelsPerSheet(sheet) - input.start + 1));
  measure ??= standaloneMeasure();
  const lctx = { measure, schoolName: school.schoolName, moduleWidth: input.moduleWidth ?? DEFAULT_MODULE_MM, sheet };
  const page: LayoutPage | undefined = first.length ? layoutLabelPages(input.kind, lctx, first, input.start, { dx: 0, dy: 0 }).next().value ?? undefined : undefined;
  return {
    total: copies.length,
    cells: (page?.cells ?? []).map((c, i) => ({ index: c.index, accessionCode: first[i].accessionCode, items: c.items.flatMap(previewItem) })),
  };
}

/** Labels of one confirmed phiếu nhập's copies (what the Nhập/Xuất result prints). */
export async function printBatchLabels(ctx: ServiceContext, input: z.output<typeof batchLabelsInput>, out?: string) {
  const batch = batchStatus(ctx.sql, input.batchId);
  if (!batch) throw new AppError('BATCH_NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
  if (batch.status !== 'confirmed') throw new AppError('BATCH_NOT_CONFIRMED', 'Phiếu nhập chưa được xác nhận: chưa có số ĐKCB để in nhãn.');
  return printLabels(ctx, {
    kind: input.kind, templateId: input.templateId, start: input.start, selection: { by: 'batch', batchId: input.batchId },
    printer: input.printer, markPrinted: input.markPrinted, jobId: input.jobId,
  }, out);
}

export async function printCards(ctx: ServiceContext, input: CardPrintInput, out?: string): Promise<PrintedFile & { cards: number }> {
  const school = getSchool(ctx.sql);
  const readers = selectReaders(ctx.sql, ctx.dataDir, input.selection, school.schoolYear);
  const { offset } = await offsetFor(ctx.sql, input.printer);
  const rules = input.backSide ? await getCardRules(ctx.sql) : null;
  const job = ctx.jobs.begin(input.jobId);
  const file = target(ctx, 'The-thu-vien', out);
  const r = await writeCardPdf({
    file, readers, managingBody: school.managingBody, schoolName: school.schoolName, schoolYear: school.schoolYear, principal: school.principal,
    offset, rules, moduleWidth: input.moduleWidth, progress: (done, total) => job.progress(done, total, 'Đang tạo thẻ'),
  });
  return { fileName: path.basename(r.path), path: r.path, bytes: r.bytes, pages: r.pages, cards: readers.length };
}

/** The calibration page; works without a database (shipped sheets, zero offset). */
export async function printCalibration(sql: Sql | null, templateId: string, printer: string | undefined, file: string): Promise<PrintedFile> {
  const sheet = await sheetById(sql, templateId);
  const o = await offsetFor(sql, printer);
  const r = await writeCalibrationPdf(file, sheet, o.offset, o.printer);
  return { fileName: path.basename(r.path), path: r.path, bytes: r.bytes, pages: r.pages };
}

export function calibrationTarget(ctx: ServiceContext, templateId: string): string {
  return target(ctx, `Can-chinh-${templateId}`);
}
