/** Cells for Excel exports: dates as real Excel dates shown dd/mm/yyyy, numbers as numbers (never text). */

export const DATE_FORMAT = 'dd/mm/yyyy';
export const MONTH_FORMAT = 'mm/yyyy';

/** "2026-11-30" (or "2026-11", or an ISO timestamp) → a UTC Date ExcelJS writes as a date serial; blank → null. */
export function excelDate(iso: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso ?? '');
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1))) : null;
}

/** A number stored as text or number → a number cell; blank → null (an empty cell, not "0"). */
export function excelNumber(v: string | number | null | undefined): number | string | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : v;
}
