import { z } from 'zod';
import { empty, fileResult, id, isoDate, jobId, method, text } from './define';
import { auditKinds, type AuditKind } from './enums';

export { auditKinds, type AuditKind } from './enums';

const kindKeys = Object.keys(auditKinds) as [AuditKind, ...AuditKind[]];

/** Which audit rows (by their recorded entity) each kind covers. */
export const auditKindEntities: Record<AuditKind, string[]> = {
  loan: ['loan'],
  copy: ['copy'],
  title: ['title'],
  accession: ['accession_batch'],
  withdrawal: ['withdrawal'],
  stocktake: ['stocktake'],
  reader: ['reader'],
  periodical: ['periodical', 'periodical_issue'],
  activity: ['reading_activity'],
  classification: ['classification'],
  suggestion: ['suggestion'],
  digital: ['digital_resource'],
  plan: ['plan', 'plan_line'],
  setting: ['setting'],
  database: ['database'],
  selfcheck: ['selfcheck'],
  account: ['account'],
  reservation: ['reservation'],
};

export const auditFilter = z.object({
  /** A copy's ĐKCB (accession code). */
  copy: text().default(''),
  /** A reader's code or card number. */
  reader: text().default(''),
  kind: z.enum(kindKeys, { error: 'Loại thay đổi không có trong danh sách.' }).optional(),
  /** Only the rows written by this account (accounts.list ids). */
  accountId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
}).refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'Ngày "từ" phải trước hoặc bằng ngày "đến".', path: ['to'] });
export type AuditFilter = z.input<typeof auditFilter>;

export const auditEntry = z.object({
  id: z.number(),
  /** ISO timestamp as recorded. */
  at: z.string(),
  /** dd/mm/yyyy HH:mm, the library computer's time. */
  when: z.string(),
  /** The account's name, "Dòng lệnh (…)", "Tra cứu qua mạng (địa chỉ …)", or "Thủ thư (trước khi có tài khoản)" for old rows. */
  who: z.string(),
  /** The account that made the change; null for old rows, the CLI and the OPAC. */
  accountId: z.number().nullable().optional(),
  kind: z.string(),
  /** The change in Vietnamese ("Cho mượn vượt quy định …"), never an internal key. */
  what: z.string(),
  copyCode: z.string().nullable(),
  readerName: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** An account that made rows in the log: what the "Người thực hiện" filter shows, nothing more. */
export const auditPerson = z.object({ id, name: z.string(), roleLabel: z.string(), disabled: z.boolean() });

export const auditContract = {
  /** One page of the audit log, newest first, with the total matching the filters. */
  'audit.list': method(
    z.object({ filter: auditFilter.default({ copy: '', reader: '' }), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50) }),
    z.object({ rows: z.array(auditEntry), total: z.number().int() }),
  ),
  /**
   * The accounts that appear in the log (Nhật ký's "Người thực hiện" filter): name and role only, for every role that
   * reads the log — accounts.list (cards, sign-ins) stays the Thủ thư's.
   */
  'audit.people': method(empty, z.object({ rows: z.array(auditPerson) })),
  /** Every matching row to .xlsx (exports folder). */
  'audit.exportXlsx': method(
    z.object({ filter: auditFilter.default({ copy: '', reader: '' }), jobId }),
    fileResult.extend({ count: z.number().int() }),
  ),
};
