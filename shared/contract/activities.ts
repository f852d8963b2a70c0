import { z } from 'zod';
import { id, isoDate, method, ok, requiredText, schoolYear, text } from './define';
import { activityForms, type ActivityForm } from './enums';

export { activityForms, type ActivityForm } from './enums';

const formKeys = Object.keys(activityForms) as [ActivityForm, ...ActivityForm[]];

export const activityInput = z.object({
  id: id.optional(),
  date: isoDate,
  name: requiredText('Hãy nhập tên hoạt động.'),
  form: z.enum(formKeys, { error: 'Hãy chọn hình thức hoạt động.' }),
  audience: text().default(''),
  participants: z.number({ error: 'Số người tham gia phải là số.' }).int().min(0, 'Số người tham gia không âm.').default(0),
  personInCharge: text().default(''),
  notes: text().default(''),
});
export const activity = activityInput.extend({ id: z.number(), evidence: z.array(z.string()), createdAt: z.string() });
export type Activity = z.infer<typeof activity>;

export const activitiesContract = {
  'activities.list': method(z.object({ year: schoolYear.optional() }), z.array(activity)),
  'activities.save': method(activityInput, activity),
  'activities.delete': method(z.object({ id }), ok),
  /** Evidence (photo, scanned minutes) saved in the data folder's evidence/. */
  'activities.addEvidence': method(z.object({
    id,
    fileName: z.string().min(1).max(200),
    /** File content, base64 (≤ 20 MB). */
    base64: z.string().max(28_000_000, 'Tệp minh chứng quá lớn (tối đa 20 MB).'),
  }), activity),
};
