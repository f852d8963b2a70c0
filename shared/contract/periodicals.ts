import { z } from 'zod';
import { id, isoDate, method, requiredText, schoolYear, text } from './define';

export { languageLabel, periodicalFrequencies, periodicalLanguages } from './enums';
export { schoolYearMonths } from '../dates';

export const periodicalInput = z.object({
  id: id.optional(),
  name: requiredText('Hãy nhập tên báo, tạp chí.').pipe(z.string().max(200, 'Tên báo, tạp chí tối đa 200 ký tự.')),
  publisher: text().default(''),
  frequency: text().default(''),
  language: text().pipe(z.string().min(1, 'Hãy chọn ngôn ngữ.')).default('vi'),
  copiesOrdered: z.number({ error: 'Số bản đặt phải là số.' }).int('Số bản đặt phải là số nguyên.')
    .min(1, 'Số bản đặt ít nhất là 1.').max(1000, 'Số bản đặt tối đa 1000.').default(1),
  active: z.boolean().default(true),
});
export type PeriodicalInput = z.input<typeof periodicalInput>;

export const periodical = z.object({
  id: z.number(),
  name: z.string(),
  publisher: z.string(),
  frequency: z.string(),
  language: z.string(),
  copiesOrdered: z.number(),
  active: z.boolean(),
  /** The latest issue received, if any. */
  lastReceivedOn: z.string().nullable(),
  lastIssueNumber: z.string().nullable(),
});
export type Periodical = z.infer<typeof periodical>;

export const periodicalIssue = z.object({
  id: z.number(),
  periodicalId: z.number(),
  receivedOn: z.string(),
  issueNumber: z.string(),
  copies: z.number(),
});
export type PeriodicalIssue = z.infer<typeof periodicalIssue>;

export const receiveIssueInput = z.object({
  periodicalId: id,
  receivedOn: isoDate,
  issueNumber: requiredText('Hãy nhập số báo.').pipe(z.string().max(20, 'Số báo tối đa 20 ký tự.')),
  copies: z.number({ error: 'Số bản nhận phải là số.' }).int('Số bản nhận phải là số nguyên.')
    .min(1, 'Số bản nhận ít nhất là 1.').max(1000, 'Số bản nhận tối đa 1000.').default(1),
});
export type ReceiveIssueInput = z.input<typeof receiveIssueInput>;

export const periodicalsContract = {
  /** Every periodical, active first, in Vietnamese order. */
  'periodicals.list': method(z.object({ activeOnly: z.boolean().default(false) }), z.array(periodical)),
  'periodicals.save': method(periodicalInput, periodical),
  /** One issue per periodical per day: recording the same day again replaces it. */
  'periodicals.receive': method(receiveIssueInput, z.object({ issue: periodicalIssue, replaced: periodicalIssue.nullable() })),
  /** The issues received in a school year (1 August – 31 July), by date. */
  'periodicals.issues': method(z.object({ periodicalId: id, year: schoolYear }), z.array(periodicalIssue)),
};
