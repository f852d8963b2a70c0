import { z } from 'zod';
import { fileResult, jobId, method, schoolYear } from './define';

const count = z.number();

/** Tự đánh giá thư viện (TT 16/2022): thresholds, criteria met, and the figures they are measured on. */
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
  /** Thư viện số (mức 2): digital resources held, and their views in the school year. */
  digitalResourcesL2: z.number().int().min(0).default(10),
  digitalViewsL2: z.number().int().min(0).default(100),
});
export type SelfCheckThresholds = z.infer<typeof selfCheckThresholds>;

export const selfCheckCriterion = z.object({
  id: z.string(),
  level: z.union([z.literal(1), z.literal(2)]),
  text: z.string(),
  /** Measured from data (null: ticked by the librarian); `basis` says what was counted, in words. */
  measure: z.object({ value: z.number(), threshold: z.number(), display: z.string(), basis: z.string(), met: z.boolean() }).nullable(),
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
    students: count, inStock: count, copies: count, copiesPerStudent: z.number(),
    /**
     * Students' own loans taken home in the school year: what "lượt mượn bình quân trên một học sinh" counts.
     * `loansExcluded` are the loans of the year it leaves out (docs/domain.md, "Which loans count where").
     */
    loans: count,
    loansExcluded: z.object({ classSets: count, staff: count }),
    /** Lượt đến thư viện (visits, head counts) and lượt đọc tại chỗ (copies read in the library) in the school year. */
    visits: count, inLibrary: count,
    activities: count,
    periodicals: count,
    /** Digital resources held now, and their views in the school year. */
    digitalResources: count, digitalViews: count,
    teacherSets: z.array(z.object({ subject: z.string(), teachers: count, sets: count })),
    registers: z.array(z.object({ name: z.string(), entries: count })),
  }),
  thresholds: selfCheckThresholds,
  deadline: z.string(),
  daysLeft: z.number(),
  /** The Ban giám hiệu's decision on this year's self-assessment (who, when), or null/absent while none. */
  approval: z.object({
    status: z.enum(['approved', 'returned']),
    accountId: z.number().nullable(),
    name: z.string(),
    roleLabel: z.string(),
    /** ISO timestamp. */
    at: z.string(),
    note: z.string(),
  }).nullable().optional(),
});
export type SelfCheck = z.infer<typeof selfCheck>;

export const selfCheckSave = z.object({
  year: schoolYear,
  answers: z.record(z.string(), z.object({ checked: z.boolean(), evidence: z.string().max(2000).default('') })),
  thresholds: selfCheckThresholds.optional(),
});

export const selfcheckContract = {
  'selfcheck.get': method(z.object({ year: schoolYear.optional() }), selfCheck),
  'selfcheck.save': method(selfCheckSave, selfCheck),
  /** The Ban giám hiệu approves or returns the year's self-assessment; the approving account prints under the signature. */
  'selfcheck.approve': method(z.object({
    year: schoolYear,
    action: z.enum(['approve', 'return']).default('approve'),
    note: z.string().max(2000).default(''),
  }), selfCheck),
  'selfcheck.print': method(z.object({ kind: z.enum(['report', 'minutes']), year: schoolYear.optional(), jobId }), fileResult),
};
