import { z } from 'zod';
import { empty, fileResult, id, jobId, method, requiredText, schoolYear, text } from './define';

/** Kiểm kê (docs/domain.md, "Kiểm kê (stocktake)"): scan every copy on the shelves; each copy ends Còn / Mất / Thừa. */

/** Stored in stocktake_item.result; the registers read the same values (present → Còn, missing → Mất, extra → Thừa). */
export const stocktakeResults = ['present', 'missing', 'extra'] as const;
export type StocktakeResult = (typeof stocktakeResults)[number];
export const stocktakeResultLabels: Record<StocktakeResult, string> = { present: 'Còn', missing: 'Mất', extra: 'Thừa' };

/** The condition written on a copy that was not on the shelf because it is lent out. */
export const ON_LOAN_CONDITION = 'đang cho mượn';

/** The condition written on a copy that was not on the shelves because it waits on the hold shelf (Đặt trước): present. */
export const HELD_CONDITION = 'đang giữ cho bạn đọc đặt trước';

const counts = z.object({
  /** Copies expected on the shelves (in scope, not withdrawn). */
  expected: z.number().int(),
  /** Distinct in-scope copies scanned on the shelves. */
  scanned: z.number().int(),
  /** Còn = scanned + onLoan + held. */
  present: z.number().int(),
  /** Lent out and not scanned: counted Còn with condition "đang cho mượn" (while open: will be at closing). */
  onLoan: z.number().int(),
  /** On the hold shelf for a reader (Đặt trước) and not scanned: counted Còn with condition "đang giữ …". */
  held: z.number().int(),
  /** Mất (while open: not found yet). */
  missing: z.number().int(),
  extra: z.number().int(),
});
export type StocktakeCounts = z.infer<typeof counts>;

export const stocktakeDto = z.object({
  id: z.number(),
  name: z.string(),
  schoolYear: z.string(),
  /** Series codes; empty = every series. */
  scope: z.array(z.string()),
  status: z.enum(['open', 'closed']),
  startedAt: z.string(),
  closedAt: z.string().nullable(),
  members: z.string(),
  note: z.string(),
  counts,
});
export type StocktakeDto = z.infer<typeof stocktakeDto>;

export const stocktakeSeriesCounts = counts.extend({ code: z.string(), name: z.string() });
export type StocktakeSeriesCounts = z.infer<typeof stocktakeSeriesCounts>;

export const stocktakeItemDto = z.object({
  id: z.number(),
  code: z.string(),
  result: z.enum(stocktakeResults),
  title: z.string().nullable(),
  seriesCode: z.string().nullable(),
  condition: z.string(),
  scannedAt: z.string().nullable(),
});
export type StocktakeItemDto = z.infer<typeof stocktakeItemDto>;

export const startStocktakeInput = z.object({
  name: requiredText('Hãy đặt tên đợt kiểm kê.'),
  schoolYear,
  /** Series codes to count; empty = the whole collection. */
  scope: z.array(z.string().trim().toUpperCase().min(1)).default([]),
  /** Thành phần ban kiểm kê, one person per line. */
  members: text().default(''),
  note: text().default(''),
});
export type StartStocktakeInput = z.input<typeof startStocktakeInput>;

export const scanStocktakeInput = z.object({
  stocktakeId: id,
  code: z.string().transform((s) => s.normalize('NFC').trim().toUpperCase()).pipe(z.string().min(1, 'Chưa có mã nào được quét.')),
});

export const stocktakeScanResult = z.object({
  result: z.enum(['present', 'extra']),
  /** Why the code is Thừa. */
  reason: z.enum(['unknown', 'outOfScope', 'withdrawn']).nullable(),
  /** Scanned before in this stocktake: counted once. */
  duplicate: z.boolean(),
  code: z.string(),
  copy: z.object({
    id: z.number(), accessionCode: z.string(), title: z.string(), seriesCode: z.string(), status: z.string(),
  }).nullable(),
  /** One line for the librarian, e.g. "Còn — STN000012 Dế Mèn phiêu lưu ký". */
  message: z.string(),
});
export type StocktakeScanResult = z.infer<typeof stocktakeScanResult>;

export const stocktakeProgress = z.object({
  stocktake: stocktakeDto,
  series: z.array(stocktakeSeriesCounts),
  /** The latest scans, newest first. */
  recent: z.array(stocktakeItemDto),
});
export type StocktakeProgress = z.infer<typeof stocktakeProgress>;

export const stocktakeReport = z.object({
  stocktake: stocktakeDto,
  series: z.array(stocktakeSeriesCounts),
  totals: counts,
});
export type StocktakeReport = z.infer<typeof stocktakeReport>;

const ref = z.object({ stocktakeId: id });

export const stocktakeContract = {
  'stocktake.list': method(empty, z.array(stocktakeDto)),
  'stocktake.start': method(startStocktakeInput, stocktakeDto),
  'stocktake.scan': method(scanStocktakeInput, stocktakeScanResult),
  'stocktake.progress': method(ref, stocktakeProgress),
  'stocktake.close': method(ref, stocktakeReport),
  'stocktake.report': method(ref, stocktakeReport),
  'stocktake.printPdf': method(z.object({ stocktakeId: id, kind: z.enum(['list', 'minutes']), jobId }), fileResult),
};
