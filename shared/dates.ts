/** Date helpers on ISO strings (YYYY-MM-DD), local calendar days, no time zones in the data. */

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

export type DateStyle = 'numeric' | 'roman';

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** "2023-11-26" → "26/11/2023" or, traditional style, "26/XI/2023". */
export function formatDate(iso: string | null | undefined, style: DateStyle = 'numeric'): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  if (!y || !m || !d) return '';
  return style === 'roman' ? `${d}/${ROMAN[Number(m) - 1]}/${y}` : `${d}/${m}/${y}`;
}

/** Parses "26/11/2023", "26-11-2023", "2023-11-26" (and Excel-ish d/m/yyyy) to ISO, or null. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(v);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return null;
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d + days));
  return dt.toISOString().slice(0, 10);
}

/** 0 = Sunday. */
export function weekday(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function daysBetween(fromIso: string, toIso: string): number {
  const a = Date.parse(fromIso.slice(0, 10) + 'T00:00:00Z');
  const b = Date.parse(toIso.slice(0, 10) + 'T00:00:00Z');
  return Math.round((b - a) / 86_400_000);
}

/** Today as ISO date in the machine's local calendar. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** School year "2026-2027" for a date: years start in August. */
export function schoolYearOf(iso: string): string {
  const [y, m] = iso.split('-').map(Number);
  const start = m >= 8 ? y : y - 1;
  return `${start}-${start + 1}`;
}

/** The dates a school year "2026-2027" covers for registers and statistics: 1 August to 31 July (ISO, inclusive). */
export function schoolYearRange(year: string): { from: string; to: string } {
  return { from: `${year.slice(0, 4)}-08-01`, to: `${year.slice(5)}-07-31` };
}

/** The twelve months of a school year, August to July, as [year, month] (the rows of the register). */
export function schoolYearMonths(year: string): [number, number][] {
  const y0 = Number(year.slice(0, 4));
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((7 + i) % 12) + 1;
    return [m >= 8 ? y0 : y0 + 1, m];
  });
}

export function isSchoolYear(value: string): boolean {
  const match = /^(\d{4})-(\d{4})$/.exec(value);
  return !!match && Number(match[2]) === Number(match[1]) + 1;
}

export function nextSchoolYear(value: string): string {
  const start = Number(value.slice(0, 4)) + 1;
  return `${start}-${start + 1}`;
}

export type ViDateParse = { ok: true; iso: string } | { ok: false; message: string };

/**
 * What a person types in a date field, read the Vietnamese way (day first): "30/11/2026", "30-11-2026",
 * "30.11.2026", "1/2/2027", "30112026", or a pasted ISO "2026-11-30". Empty is `{ ok: true, iso: '' }`.
 * Anything else is refused with a Vietnamese message that says what to type — never guessed or emptied.
 */
export function parseViDate(value: string): ViDateParse {
  const v = value.trim();
  if (!v) return { ok: true, iso: '' };
  let d: number, m: number, y: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(v))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{2})(\d{2})(\d{4})$/.exec(v))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return { ok: false, message: `Không đọc được ngày "${v}". Hãy gõ ngày/tháng/năm, ví dụ 30/11/2026.` };
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (y < 1900 || y > 2100) return { ok: false, message: `Năm ${y} không hợp lệ. Hãy gõ ngày/tháng/năm, ví dụ 30/11/2026.` };
  if (m < 1 || m > 12) return { ok: false, message: `Không có tháng ${m}. Hãy gõ ngày/tháng/năm, ví dụ 30/11/2026.` };
  if (!isIsoDate(iso)) return { ok: false, message: `Tháng ${m}/${y} không có ngày ${d}.` };
  return { ok: true, iso };
}

export type DayMonthParse = { ok: true; monthDay: string } | { ok: false; message: string };

/**
 * A yearly day (a deadline) typed the Vietnamese way, day first: "12/06", "12/6", "12-06", "12.6".
 * Returns it as stored, month first ("06-12"), or a Vietnamese message; 29/02 is allowed.
 */
export function parseDayMonth(value: string): DayMonthParse {
  const match = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})$/.exec(value.trim());
  if (!match) return { ok: false, message: `Không đọc được "${value.trim()}". Hãy gõ ngày/tháng, ví dụ 12/06.` };
  const [d, m] = [Number(match[1]), Number(match[2])];
  if (m < 1 || m > 12) return { ok: false, message: `Không có tháng ${m}. Hãy gõ ngày/tháng, ví dụ 12/06.` };
  if (d < 1 || !isIsoDate(`2028-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)) return { ok: false, message: `Tháng ${m} không có ngày ${d}.` };
  return { ok: true, monthDay: `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** A stored month-day ("06-12") as people read it: "12/06". */
export function formatDayMonth(monthDay: string): string {
  const [m, d] = monthDay.split('-');
  return d && m ? `${d}/${m}` : monthDay;
}

/** True for a real stored month-day ("06-12", "02-29"), false for "13-01" or "02-30". */
export function isMonthDay(value: string): boolean {
  return /^\d{2}-\d{2}$/.test(value) && isIsoDate(`2028-${value}`);
}

/** An instant (ISO date-time) as the machine's local "dd/mm/yyyy HH:mm" ("dd/mm/yyyy HH:mm:ss" with seconds, e.g. the backup list). */
export function formatDateTime(isoDateTime: string | Date, options: { seconds?: boolean } = {}): string {
  const d = typeof isoDateTime === 'string' ? new Date(isoDateTime) : isoDateTime;
  if (Number.isNaN(d.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}${options.seconds ? `:${two(d.getSeconds())}` : ''}`;
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${time}`;
}
