import { z } from 'zod';
import { dongField, fileResult, id, isoDate, jobId, method, requiredText, schoolYear, text, yearField } from './define';
import { planPriorities, planReasons, planStatuses } from './enums';
import { uploadedTableFile } from './catalogue';

export {
  planFundingSources, planPriorities, planPriorityLabels, planReasonLabels, planReasons, planStatusLabels, planStatuses,
} from './enums';
export type { PlanPriority, PlanReason, PlanStatus } from './enums';

/** One line of the plan as typed (or built from a quotation, a suggestion, a need, the SGK forecast). */
export const planLineInput = z.object({
  id: id.optional(),
  /** An existing title of the catalogue, or null for a title still to be catalogued. */
  titleId: id.nullable().default(null),
  title: requiredText('Hãy nhập tên sách.').pipe(z.string().max(300, 'Tên sách tối đa 300 ký tự.')),
  authors: text().default(''),
  publisher: text().default(''),
  publicationYear: yearField('Năm xuất bản'),
  isbn: text().default(''),
  /** Loại sách (series code: SGK, SNV, STK, STN …). */
  seriesCode: text().default(''),
  quantity: z.number({ error: 'Số lượng phải là số.' }).int('Số lượng phải là số nguyên.').min(1, 'Số lượng ít nhất là 1.').max(10_000, 'Số lượng tối đa 10.000.'),
  unitPrice: dongField('Đơn giá').transform((v) => v ?? 0),
  reason: z.enum(planReasons).default('other'),
  priority: z.enum(planPriorities).default('normal'),
  funding: text().default('Ngân sách'),
  supplier: text().default(''),
  note: text().default(''),
  suggestionId: id.nullable().default(null),
});
export type PlanLineInput = z.input<typeof planLineInput>;

export const planLine = z.object({
  id: z.number(), position: z.number(), titleId: z.number().nullable(), title: z.string(), authors: z.string(), publisher: z.string(),
  publicationYear: z.number().nullable(), isbn: z.string(), seriesCode: z.string(), quantity: z.number(), unitPrice: z.number(),
  amount: z.number(), reason: z.enum(planReasons), priority: z.enum(planPriorities), funding: z.string(), supplier: z.string(),
  note: z.string(), suggestionId: z.number().nullable(),
  /** What arrived through the linked phiếu nhập (confirmed ones). */
  received: z.number(), receivedAmount: z.number(),
  /** "đã nhận 18/20, còn 2", "đã nhận 22/20, thừa 2", "" when nothing is linked. */
  receivedText: z.string(),
  overDelivered: z.boolean(),
});
export type PlanLine = z.infer<typeof planLine>;

export const planTotals = z.object({
  lines: z.number(), copies: z.number(), amount: z.number(),
  bySeries: z.array(z.object({ seriesCode: z.string(), lines: z.number(), copies: z.number(), amount: z.number() })),
  byReason: z.array(z.object({ reason: z.enum(planReasons), lines: z.number(), copies: z.number(), amount: z.number() })),
  received: z.number(), receivedAmount: z.number(),
});

export const plan = z.object({
  id: z.number(), year: z.string(), version: z.number(), status: z.enum(planStatuses),
  budgetCap: z.number().nullable(),
  /** budgetCap − amount (negative = over budget); null without a cap. */
  remaining: z.number().nullable(),
  overBudget: z.boolean(),
  /** Received amount above the cap, or above the plan's amount. */
  receivedOverBudget: z.boolean(),
  purpose: z.string(), approvalDate: z.string().nullable(), approvalNumber: z.string(),
  /** The name of the account that approved it (printed under the principal's signature line), null before or for old plans. */
  approvedBy: z.string().nullable().optional(),
  createdAt: z.string(), frozen: z.boolean(), latest: z.boolean(),
  lines: z.array(planLine), totals: planTotals,
  versions: z.array(z.object({ id: z.number(), version: z.number(), status: z.enum(planStatuses), approvalDate: z.string().nullable(), approvalNumber: z.string() })),
  /** Phiếu nhập linked to this plan. */
  receipts: z.array(z.object({
    batchId: z.number(), registerNumber: z.number().nullable(), date: z.string(), status: z.string(), lines: z.number(),
    /** "Nhận ngoài kế hoạch": its lines that count against no plan line. */
    outside: z.array(z.object({ title: z.string(), quantity: z.number(), amount: z.number() })),
  })),
});
export type Plan = z.infer<typeof plan>;

export const forecastRow = z.object({
  grade: z.number(), subject: z.string(), titleId: z.number(), title: z.string(), authors: z.string(), publisher: z.string(),
  seriesCode: z.string(), unitPrice: z.number(),
  /** Next year's students of the grade (this year's grade below; the lowest grade keeps its own count). */
  enrolment: z.number(),
  /** Copies of the title neither lost nor weeded. */
  usable: z.number(),
  toBuy: z.number(),
});
export const forecast = z.object({
  year: z.string(), forYear: z.string(),
  enrolment: z.array(z.object({ grade: z.number(), students: z.number(), fromGrade: z.number() })),
  rows: z.array(forecastRow),
  /** Per grade and subject: the sets to buy (the largest shortfall of its volumes). */
  sets: z.array(z.object({ grade: z.number(), subject: z.string(), toBuy: z.number() })),
});
export type Forecast = z.infer<typeof forecast>;

export const planNeed = z.object({
  kind: z.enum(['lost', 'weeded', 'demand', 'tt16', 'teacherSet']),
  /** Why it is needed, in words ("3 bản mất trong năm học"). */
  why: z.string(),
  line: planLineInput.omit({ id: true }),
});
export type PlanNeed = z.input<typeof planNeed>;

export const planImportResult = z.object({
  lines: z.number(), copies: z.number(), amount: z.number(), rows: z.number(), dryRun: z.boolean(),
  headers: z.array(z.string()), unknownColumns: z.array(z.string()),
  preview: z.array(z.object({ row: z.number(), title: z.string(), authors: z.string(), seriesCode: z.string(), quantity: z.number(), unitPrice: z.number(), amount: z.number(),
    /** Linked to the catalogue title of the same edition (ISBN, or title + authors + year). */
    matched: z.boolean(),
    /** What the catalogue holds of it, any edition: "đã có 13 bản (bản in 2020)"; "" for a book the library does not have. */
    held: z.string() })),
});

const planRef = z.object({ planId: id });
const yearRef = z.object({ year: schoolYear });

export const planContract = {
  /** The latest version of the year's plan (or the version asked for), null when the year has none. */
  'plan.get': method(z.object({ year: schoolYear, version: z.number().int().positive().optional() }), plan.nullable()),
  /** Starts the year's plan (version 1, nháp). */
  'plan.create': method(yearRef, plan),
  /** Budget cap and the purpose paragraph of the print (nháp only). */
  'plan.update': method(z.object({ planId: id, budgetCap: dongField('Hạn mức kinh phí'), purpose: text().default('') }), plan),
  'plan.saveLine': method(z.object({ planId: id, line: planLineInput }), plan),
  'plan.deleteLine': method(z.object({ planId: id, lineId: id }), plan),
  /** Several lines at once (computed needs, the SGK forecast); one transaction. */
  'plan.addLines': method(z.object({ planId: id, lines: z.array(planLineInput).min(1, 'Chưa chọn dòng nào.') }), plan),
  /** A quotation (.xlsx/.csv): same headers, preview and row errors as the catalogue import; all or nothing. */
  'plan.import': method(z.object({ planId: id, file: uploadedTableFile, dryRun: z.boolean().default(false), jobId }), planImportResult),
  /** A scanned ISBN: the plan line that has it, else a line for the catalogue title that has it, else nothing found. */
  'plan.scanIsbn': method(z.object({ planId: id, isbn: requiredText('Hãy quét hoặc nhập ISBN.') }),
    z.object({ found: z.enum(['line', 'catalogue', 'none']), lineId: z.number().nullable(), isbn: z.string(), plan })),
  /** Suggestions of the inbox become lines (reason "đề xuất"), and are marked "đã đưa vào kế hoạch". */
  'plan.addSuggestions': method(z.object({ planId: id, suggestionIds: z.array(id).min(1, 'Chưa chọn đề xuất nào.') }), plan),
  /** Computed needs of the year: lost and weeded copies, titles lent the most per copy, TT 16 gaps. */
  'plan.needs': method(yearRef, z.array(planNeed)),
  /** The SGK forecast for the next school year. */
  'plan.forecast': method(yearRef, forecast),
  'plan.addForecast': method(planRef, plan),
  'plan.printForecast': method(z.object({ year: schoolYear, jobId }), fileResult),
  /** nháp → trình duyệt → đã duyệt (date and number); "return" sends a submitted plan back to nháp. */
  'plan.setStatus': method(z.object({
    planId: id, action: z.enum(['submit', 'return', 'approve']),
    approvalDate: isoDate.optional(), approvalNumber: text().default(''),
  }), plan),
  /** An approved plan is frozen: a change starts a new version (nháp), the old one kept as it was. */
  'plan.newVersion': method(planRef, plan),
  /** Links a phiếu nhập to the plan: each of its lines to the plan line of the same title (or the pairs given). */
  'plan.linkBatch': method(z.object({ planId: id, batchId: id, links: z.array(z.object({ batchLineId: id, planLineId: id })).optional() }), plan),
  'plan.unlinkBatch': method(z.object({ planId: id, batchId: id }), plan),
  'plan.print': method(z.object({ planId: id, jobId }), fileResult),
  'plan.export': method(z.object({ planId: id }), fileResult),
};
