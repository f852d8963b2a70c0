import { z } from 'zod';
import { fileResult, jobId, method, schoolYear } from './define';

const count = z.number();

/** Statistics of a school year (TT 18/2014 figures, by month × reader type × series). */
export const statistics = z.object({
  year: z.string(),
  from: z.string(),
  to: z.string(),
  months: z.array(z.string()),
  circulation: z.array(z.object({ month: z.string(), readerKind: z.string(), series: z.string(), loans: count, inLibrary: count })),
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

export const selfCheckThresholds = z.object({
  copiesPerStudentL1: z.number().min(0).default(4),
  copiesPerStudentL2: z.number().min(0).default(5),
  teacherSetsPerSubject: z.number().min(0).default(1),
  periodicalTitlesL2: z.number().int().min(0).default(6),
  periodicalCopiesL2: z.number().int().min(0).default(3),
  activitiesL1: z.number().int().min(0).default(4),
  activitiesL2: z.number().int().min(0).default(8),
  loansPerStudentL1: z.number().min(0).default(2),
  loansPerStudentL2: z.number().min(0).default(4),
});
export type SelfCheckThresholds = z.infer<typeof selfCheckThresholds>;

export const selfCheckCriterion = z.object({
  id: z.string(),
  level: z.union([z.literal(1), z.literal(2)]),
  text: z.string(),
  /** Measured from data (null: ticked by the librarian). */
  measure: z.object({ value: z.number(), threshold: z.number(), display: z.string(), met: z.boolean() }).nullable(),
  checked: z.boolean(),
  evidence: z.string(),
  met: z.boolean(),
});
export const selfCheck = z.object({
  year: z.string(),
  standards: z.array(z.object({ id: z.string(), name: z.string(), level: z.number(), criteria: z.array(selfCheckCriterion) })),
  overall: z.number(),
  figures: z.object({
    /** Copies in stock (shared/stock.ts), every material; `copies` is the books among them (TT 16: bản sách / học sinh). */
    students: count, inStock: count, copies: count, copiesPerStudent: z.number(), loans: count, visits: count, activities: count,
    periodicals: count,
    teacherSets: z.array(z.object({ subject: z.string(), teachers: count, sets: count })),
    registers: z.array(z.object({ name: z.string(), entries: count })),
  }),
  thresholds: selfCheckThresholds,
  deadline: z.string(),
  daysLeft: z.number(),
});
export type SelfCheck = z.infer<typeof selfCheck>;

export const selfCheckSave = z.object({
  year: schoolYear,
  answers: z.record(z.string(), z.object({ checked: z.boolean(), evidence: z.string().max(2000).default('') })),
  thresholds: selfCheckThresholds.optional(),
});

export const reportsContract = {
  'reports.statistics': method(z.object({ year: schoolYear.optional() }), statistics),
  'reports.exportXlsx': method(z.object({ year: schoolYear.optional() }), fileResult),
  'reports.print': method(reportInput, fileResult),
  'selfcheck.get': method(z.object({ year: schoolYear.optional() }), selfCheck),
  'selfcheck.save': method(selfCheckSave, selfCheck),
  'selfcheck.print': method(z.object({ kind: z.enum(['report', 'minutes']), year: schoolYear.optional(), jobId }), fileResult),
};
