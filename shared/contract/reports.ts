import { z } from 'zod';
import { fileResult, jobId, method, schoolYear } from './define';

const count = z.number();

/** Statistics of a school year (TT 18/2014 figures, by month × reader type × series). */
export const statistics = z.object({
  year: z.string(),
  from: z.string(),
  to: z.string(),
  months: z.array(z.string()),
  /**
   * Loans taken home and lượt đọc tại chỗ (in-library loans and copies scanned in "Ghi lượt đọc" mode) by month ×
   * reader kind × series; readerKind '' is a lượt đọc tại chỗ recorded with no reader open.
   */
  circulation: z.array(z.object({ month: z.string(), readerKind: z.string(), series: z.string(), loans: count, inLibrary: count })),
  /** Lượt đến thư viện (visits, head counts) by month. */
  visits: z.array(z.object({ month: z.string(), visits: count })),
  topTitles: z.array(z.object({ titleId: z.number(), title: z.string(), authors: z.string(), loans: count })),
  topClasses: z.array(z.object({ className: z.string(), loans: count, readers: count })),
  collectionBySeries: z.array(z.object({ series: z.string(), name: z.string(), titles: count, copies: count, value: count })),
  collectionByClass: z.array(z.object({ code: z.string(), label: z.string(), copies: count })),
  collectionByLanguage: z.array(z.object({ language: z.string(), copies: count })),
  added: z.array(z.object({ series: z.string(), copies: count, value: count })),
  withdrawn: z.array(z.object({ series: z.string(), copies: count, value: count })),
  overdue: z.object({ loans: count, readers: count, byClass: z.array(z.object({ className: z.string(), loans: count })) }),
  readers: z.object({ students: count, teachers: count, staff: count, newThisYear: count }),
  /** Thư viện số: what the library holds now, and the views in the period. */
  digital: z.object({
    resources: count, titles: count, files: count, links: count, bytes: count, views: count,
    byForm: z.array(z.object({ form: z.string(), resources: count, bytes: count, views: count })),
    viewsByMonth: z.array(z.object({ month: z.string(), views: count })),
    topResources: z.array(z.object({ id: z.number(), name: z.string(), title: z.string(), form: z.string(), views: count })),
  }),
  /** Tra cứu trực tuyến: OPAC searches in the period, per month. */
  opacSearches: z.object({ total: count, byMonth: z.array(z.object({ month: z.string(), searches: count })) }),
  /** Đặt trước (issue 22): reservations placed and fulfilled (the reader took the book home) in the period, per month. */
  reservations: z.object({
    placed: count, fulfilled: count, byMonth: z.array(z.object({ month: z.string(), placed: count, fulfilled: count })),
  }),
  totals: z.object({ loans: count, inLibrary: count, visits: count, added: count, withdrawn: count, activities: count, copiesInStock: count, titles: count }),
});
export type Statistics = z.infer<typeof statistics>;

export const reportPeriods = ['year', 'term1', 'term2', 'month'] as const;
export const reportInput = z.object({
  period: z.enum(reportPeriods).default('year'),
  year: schoolYear.optional(),
  /** 1–12 when period is month. */
  month: z.number().int().min(1).max(12).optional(),
  /** Đề nghị: the librarian's proposals, printed as written. */
  proposals: z.string().max(5000).default(''),
  jobId,
});

export const reportsContract = {
  'reports.statistics': method(z.object({ year: schoolYear.optional() }), statistics),
  'reports.exportXlsx': method(z.object({ year: schoolYear.optional() }), fileResult),
  'reports.print': method(reportInput, fileResult),
};
