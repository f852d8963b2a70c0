import { z } from 'zod';
import { empty, isoDate, method, requiredText, schoolYear, text } from './define';
import { isMonthDay } from '../dates';

export const schoolInfo = z.object({
  managingBody: requiredText('Hãy nhập cơ quan chủ quản.'),
  schoolName: requiredText('Hãy nhập tên trường.'),
  place: requiredText('Hãy nhập địa danh (dùng khi ghi ngày tháng trên văn bản).'),
  address: text().default(''),
  principal: text().default(''),
  librarian: text().default(''),
  schoolYear,
  schoolYearStart: isoDate,
  schoolYearEnd: isoDate,
  /** Deadline of the self-assessment report, "MM-DD" (12 June by default). */
  reportDeadline: z.string().refine(isMonthDay, 'Hạn nộp báo cáo ghi ngày/tháng, ví dụ 12/06.').default('06-12'),
  dateStyle: z.enum(['numeric', 'roman']).default('numeric'),
}).refine((s) => s.schoolYearStart < s.schoolYearEnd, {
  message: 'Ngày kết thúc năm học phải sau ngày bắt đầu.',
  path: ['schoolYearEnd'],
});
export type SchoolInfo = z.infer<typeof schoolInfo>;

export const registerGroups = ['SGK', 'SNV', 'STK', 'STN', 'KHAC'] as const;
export const materials = ['sach', 'bao', 'tranh', 'bangdia'] as const;

export const seriesInput = z.object({
  id: z.number().int().positive().optional(),
  code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{1,10}$/, 'Mã loại tài liệu chỉ gồm chữ không dấu và số (tối đa 10 ký tự).'),
  name: requiredText('Hãy nhập tên loại tài liệu.'),
  prefix: z.string().trim().toUpperCase().regex(/^[A-Z]{1,8}$/, 'Tiền tố ĐKCB chỉ gồm chữ cái không dấu (tối đa 8).')
    .refine((p) => /^[BCDFGHJKLMNPQRSTVXZ]+$/.test(p) && !p.includes('DD'),
      'Tiền tố nên chỉ gồm phụ âm (ví dụ STK, SGK) để mã vạch không bị bộ gõ tiếng Việt đổi chữ.'),
  separator: z.enum(['', '.', '-']).default(''),
  padding: z.number().int().min(1, 'Số chữ số từ 1 đến 10.').max(10, 'Số chữ số từ 1 đến 10.'),
  registerGroup: z.enum(registerGroups).default('KHAC'),
  material: z.enum(materials).default('sach'),
  active: z.boolean().default(true),
});
export const series = seriesInput.extend({ id: z.number().int().positive(), nextNumber: z.number().int().positive() });
export type Series = z.infer<typeof series>;

export const appInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  databaseFile: z.string(),
  mode: z.enum(['electron', 'browser']),
});
export type AppInfo = z.infer<typeof appInfo>;

export const settingsContract = {
  'settings.appInfo': method(empty, appInfo),
  'settings.getSchool': method(empty, schoolInfo),
  'settings.saveSchool': method(schoolInfo, schoolInfo),
  'settings.listSeries': method(empty, z.array(series)),
  'settings.saveSeries': method(seriesInput, series),
};
