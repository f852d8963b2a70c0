import type { PolicyDto, StoredPolicyDto } from '../../../shared/contract/loan-rules';
import { DEFAULT_HOLD_DAYS, defaultMaxReservations } from '../../../shared/loan-rules';
import { AppError } from '../../../shared/errors';
import { writeAudit } from '../../db/queries/audit';
import { deletePolicy as deletePolicyRow, policyById, policyIdFor, policyRows, savePolicy as savePolicyRow, seriesExists, type PolicyRow } from '../../db/queries/loan-rules';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { getSetting, putSettingAudited } from '../settings/store';
import { schoolAndSettings } from '../settings/school';

/**
 * Loan rules (quy định mượn) and days off: edited in Cài đặt, read by the desk (circulation) when it
 * lends and renews. The holidays are a setting; the key (and the audit action of a change) keeps its
 * historical name so existing databases and Nhật ký rows read as before.
 */
export const HOLIDAYS_KEY = 'circulation.holidays';

const READER_ORDER = ['student', 'teacher', 'staff'];

/** Plain code-point order for codes and ISO dates (localeCompare is slow on a hot path). */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The rule '*' (every other loại tài liệu) first, then by code. */
export function bySeries(a: { seriesCode: string }, b: { seriesCode: string }): number {
  return a.seriesCode === '*' ? -1 : b.seriesCode === '*' ? 1 : byCode(a.seriesCode, b.seriesCode);
}

/** Every loan rule, as Cài đặt lists them: students, teachers, staff; '*' first within each. */
export function listPolicies(ctx: ServiceContext): StoredPolicyDto[] {
  return policyRows(ctx.sql)
    .map((p) => ({
      id: p.id, readerKind: p.readerKind as PolicyDto['readerKind'], seriesCode: p.seriesCode, maxItems: p.maxItems, loanDays: p.loanDays,
      maxRenewals: p.maxRenewals, inLibraryOnly: p.inLibraryOnly, untilYearEnd: p.untilYearEnd,
      maxReservations: p.maxReservations, holdDays: p.holdDays,
    }))
    .sort((a, b) => READER_ORDER.indexOf(a.readerKind) - READER_ORDER.indexOf(b.readerKind) || bySeries(a, b));
}

/** Every loan rule as stored, with its series name (the desk's read). */
export function policies(sql: Sql): PolicyRow[] {
  return policyRows(sql);
}

/** Adds or changes a rule; one per reader kind and loại tài liệu. Audited. */
export function savePolicy(ctx: ServiceContext, input: PolicyDto): StoredPolicyDto {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const clash = policyIdFor(sql, input.readerKind, input.seriesCode);
    if (clash !== undefined && clash !== input.id) throw new AppError('POLICY_EXISTS', 'Đã có quy định cho đối tượng và loại tài liệu này.');
    if (input.seriesCode !== '*' && !seriesExists(sql, input.seriesCode)) throw new AppError('SERIES_NOT_FOUND', `Không có loại tài liệu mã ${input.seriesCode}.`);
    if (input.inLibraryOnly && input.untilYearEnd) throw new AppError('POLICY_CONFLICT', 'Không thể vừa chỉ đọc tại chỗ vừa mượn dài hạn.');
    const { id, ...given } = input;
    const before = id !== undefined ? policyById(sql, id) ?? null : null;
    // A form (or script) that does not send the reservation figures keeps them, or gets the reader kind's defaults.
    const fields = {
      ...given,
      maxReservations: given.maxReservations ?? before?.maxReservations ?? defaultMaxReservations(given.readerKind),
      holdDays: given.holdDays ?? before?.holdDays ?? DEFAULT_HOLD_DAYS,
    };
    const savedId = savePolicyRow(sql, id, fields);
    writeAudit(sql, { action: before ? 'policy.update' : 'policy.create', entity: 'setting', entityId: savedId, at: ctx.now(), details: { before, after: fields } });
    return { ...fields, id: savedId };
  });
}

/** Removes a rule; the '*' rule of a reader kind stays (its figures can be changed). Audited. */
export function deletePolicy(ctx: ServiceContext, id: number): { ok: true } {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const row = policyById(sql, id);
    if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy quy định này.');
    if (row.seriesCode === '*') throw new AppError('POLICY_DEFAULT', 'Không xóa được quy định chung (*) của một đối tượng bạn đọc; hãy sửa số liệu.');
    deletePolicyRow(sql, id);
    writeAudit(sql, { action: 'policy.delete', entity: 'setting', entityId: id, at: ctx.now(), details: { before: row } });
    return { ok: true as const };
  });
}

export async function holidays(ctx: ServiceContext): Promise<string[]> {
  return getSetting<string[]>(ctx.sql, HOLIDAYS_KEY, []);
}

/** Replaces the days off (each once, in date order). Audited with the days added and removed. */
export async function saveHolidays(ctx: ServiceContext, input: string[]): Promise<string[]> {
  const dates = [...new Set(input)].sort();
  const before = await holidays(ctx);
  putSettingAudited(ctx.sql, HOLIDAYS_KEY, dates, ctx.now(), {
    action: 'circulation.holidays', details: { added: dates.filter((d) => !before.includes(d)), removed: before.filter((d) => !dates.includes(d)) },
  });
  return dates;
}

/** The school year's end (from the school settings) and the days off, in one read: what a due date needs. */
export function calendar(sql: Sql): { yearEnd: string; holidays: string[] } {
  const { school, values } = schoolAndSettings(sql, [HOLIDAYS_KEY]);
  return { yearEnd: school.schoolYearEnd, holidays: (values.get(HOLIDAYS_KEY) as string[] | undefined) ?? [] };
}
