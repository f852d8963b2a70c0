import { prepared, type Sql } from '../sql';

/** Loan rules (quy định mượn, the `loan_policy` table): who may borrow how many of what, for how long. */

export interface PolicyRow {
  id: number; readerKind: string; seriesCode: string; maxItems: number; loanDays: number; maxRenewals: number; inLibraryOnly: boolean; untilYearEnd: boolean;
  /** Đặt trước: titles a reader may have reserved at once (0: may not reserve), open days a ready hold waits. */
  maxReservations: number; holdDays: number;
  /** The name of the rule's loại tài liệu (null for '*', or for a code no series has). */
  seriesName: string | null;
}
export type PolicyFields = Omit<PolicyRow, 'id' | 'seriesName'>;

const rules = (sql: Sql) => ({
  all: sql.prepare(`SELECT p.id, p.reader_kind AS readerKind, p.series_code AS seriesCode, p.max_items AS maxItems, p.loan_days AS loanDays,
    p.max_renewals AS maxRenewals, p.in_library_only AS inLibraryOnly, p.until_year_end AS untilYearEnd,
    p.max_reservations AS maxReservations, p.hold_days AS holdDays, s.name AS seriesName
    FROM loan_policy p LEFT JOIN collection_series s ON s.code = p.series_code`),
  byId: sql.prepare(`SELECT id, reader_kind AS readerKind, series_code AS seriesCode, max_reservations AS maxReservations, hold_days AS holdDays
    FROM loan_policy WHERE id = ?`),
  byKindSeries: sql.prepare('SELECT id FROM loan_policy WHERE reader_kind = ? AND series_code = ? LIMIT 1'),
  seriesExists: sql.prepare('SELECT 1 FROM collection_series WHERE code = ?'),
  insert: sql.prepare(`INSERT INTO loan_policy (id, reader_kind, series_code, max_items, loan_days, max_renewals, in_library_only, until_year_end,
    max_reservations, hold_days) VALUES (@id, @readerKind, @seriesCode, @maxItems, @loanDays, @maxRenewals, @inLibraryOnly, @untilYearEnd,
    @maxReservations, @holdDays)`),
  update: sql.prepare(`UPDATE loan_policy SET reader_kind = @readerKind, series_code = @seriesCode, max_items = @maxItems, loan_days = @loanDays,
    max_renewals = @maxRenewals, in_library_only = @inLibraryOnly, until_year_end = @untilYearEnd, max_reservations = @maxReservations,
    hold_days = @holdDays WHERE id = @id`),
  remove: sql.prepare('DELETE FROM loan_policy WHERE id = ?'),
});
const r = (sql: Sql) => prepared(sql, rules);

/** Every loan rule, with its series name (one statement: the desk reads it once per scan). */
export function policyRows(sql: Sql): PolicyRow[] {
  return (r(sql).all.all() as (Omit<PolicyRow, 'inLibraryOnly' | 'untilYearEnd'> & { inLibraryOnly: number; untilYearEnd: number })[])
    .map((p) => ({ ...p, inLibraryOnly: !!p.inLibraryOnly, untilYearEnd: !!p.untilYearEnd }));
}

export function policyById(sql: Sql, id: number): { id: number; readerKind: string; seriesCode: string; maxReservations: number; holdDays: number } | undefined {
  return r(sql).byId.get(id) as { id: number; readerKind: string; seriesCode: string; maxReservations: number; holdDays: number } | undefined;
}

export function policyIdFor(sql: Sql, readerKind: string, seriesCode: string): number | undefined {
  return (r(sql).byKindSeries.get(readerKind, seriesCode) as { id: number } | undefined)?.id;
}

export function seriesExists(sql: Sql, code: string): boolean {
  return r(sql).seriesExists.get(code) !== undefined;
}

/** Updates the rule `id` when it exists, else inserts it (with that id when given); returns its id. */
export function savePolicy(sql: Sql, id: number | undefined, fields: PolicyFields): number {
  const params = { ...fields, inLibraryOnly: fields.inLibraryOnly ? 1 : 0, untilYearEnd: fields.untilYearEnd ? 1 : 0 };
  if (id !== undefined && r(sql).update.run({ ...params, id }).changes > 0) return id;
  return Number(r(sql).insert.run({ ...params, id: id ?? null }).lastInsertRowid);
}

export function deletePolicy(sql: Sql, id: number): void {
  r(sql).remove.run(id);
}
