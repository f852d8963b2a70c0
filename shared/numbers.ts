/**
 * Numbers a person types or a spreadsheet cell holds: one strict reader for every layer (forms,
 * the contract, imports). Pure: no DOM, no node:*.
 *
 * Nothing is ever guessed: "45,000", "45.000" and "45000" are forty-five thousand đồng; "45,5",
 * "45,0x" or "20x2" are refused with a reason, never rounded, truncated or emptied.
 */

/** Either the value (null when the text is empty) or why the text cannot be read. */
export type NumberParse = { ok: true; value: number | null } | { ok: false; reason: string };

type Input = string | number | null | undefined;

const fail = (reason: string): NumberParse => ({ ok: false, reason });

/**
 * Whole numbers, with or without thousands grouped by "." or "," (one kind of separator, groups of
 * three): "45000", "45.000", "45,000", "1.234.567", "45 000". Returns null when it is not one.
 */
function readWhole(text: string): number | null {
  const t = text.replace(/[\s\u00a0\u202f]/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  if (/^\d{1,3}(\.\d{3})+$/.test(t) || /^\d{1,3}(,\d{3})+$/.test(t)) return Number(t.replace(/[.,]/g, ''));
  return null;
}

function asText(value: Input): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  const t = value.normalize('NFC').trim();
  return t === '' ? null : t;
}

/**
 * Money in đồng (no decimals): "45.000", "45,000", "45000", "45.000 đ" → 45000. Refuses decimals
 * ("45,5"), negatives and anything that is not a number.
 */
export function parseDong(value: Input, max = 1_000_000_000): NumberParse {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return fail('số tiền tính bằng đồng, không có phần lẻ');
    if (value < 0) return fail('số tiền không được âm');
    return value > max ? fail(`số tiền tối đa ${formatNumber(max)} đ`) : { ok: true, value };
  }
  const text = asText(value);
  if (text === null) return { ok: true, value: null };
  const bare = text.replace(/\s*(đồng|đ|vnđ|vnd)\.?$/i, '');
  const n = readWhole(bare);
  if (n === null) return fail('cần số đồng không có phần lẻ, ví dụ 45.000 hoặc 45000');
  return n > max ? fail(`số tiền tối đa ${formatNumber(max)} đ`) : { ok: true, value: n };
}

/** A year of publication: four digits, 1800 to `max` (2100 unless told). "20x2" and "22" are refused. */
export function parseYear(value: Input, max = 2100, min = 1800): NumberParse {
  const text = asText(value);
  if (text === null) return { ok: true, value: null };
  if (!/^\d{4}$/.test(text)) return fail('cần năm có 4 chữ số, ví dụ 2022');
  const n = Number(text);
  if (n < min || n > max) return fail(`năm từ ${min} đến ${max}`);
  return { ok: true, value: n };
}

/** A count (pages, copies, grade): a whole number from `min` to `max`, thousands grouping allowed. */
export function parseCount(value: Input, min = 1, max = 1_000_000): NumberParse {
  const text = asText(value);
  if (text === null) return { ok: true, value: null };
  const n = readWhole(text);
  if (n === null) return fail(min > 0 ? 'cần số nguyên dương, ví dụ 120' : 'cần số nguyên, ví dụ 120');
  if (n < min || n > max) return fail(`cần số từ ${formatNumber(min)} đến ${formatNumber(max)}`);
  return { ok: true, value: n };
}

/** A measure with decimals (size in cm): "20,5" or "20.5" → 20.5; no thousands grouping. */
export function parseDecimal(value: Input, min = 0, max = 1_000): NumberParse {
  const text = asText(value);
  if (text === null) return { ok: true, value: null };
  if (!/^\d+([.,]\d+)?$/.test(text)) return fail('cần một số, ví dụ 20,5');
  const n = Number(text.replace(',', '.'));
  if (n <= min || n > max) return fail(`cần số lớn hơn ${formatNumber(min)} và không quá ${formatNumber(max)}`);
  return { ok: true, value: n };
}

/** Vietnamese grouping: 1234567 → "1.234.567", 20.5 → "20,5". */
export function formatNumber(n: number): string {
  return n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
}

/** 45000 → "45.000 đ". */
export function formatDong(n: number): string {
  return `${formatNumber(n)} đ`;
}

/** The message a form shows under a field whose text could not be read. */
export function fieldMessage(label: string, text: string, r: NumberParse): string | null {
  return r.ok ? null : `${label}: không đọc được "${text.trim()}" — ${r.reason}.`;
}

/** A file size for people: "830 KB", "12,5 MB", "1.023 byte" (Vietnamese grouping and decimal comma). */
export function formatBytes(bytes: number): string {
  const oneDecimal = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
  if (bytes >= 1024 ** 3) return `${oneDecimal(bytes / 1024 ** 3)} GB`;
  if (bytes >= 1024 ** 2) return `${oneDecimal(bytes / 1024 ** 2)} MB`;
  if (bytes >= 1024) return `${formatNumber(Math.round(bytes / 1024))} KB`;
  return `${formatNumber(bytes)} byte`;
}

/** What a library holds, as the backup screens and the CLI say it: "274 đầu sách, 548 bản sách, 448 bạn đọc, 1.203 lượt mượn". */
export function formatLibraryCounts(c: { titles: number; copies: number; readers: number; loans: number }): string {
  return `${formatNumber(c.titles)} đầu sách, ${formatNumber(c.copies)} bản sách, ${formatNumber(c.readers)} bạn đọc, ${formatNumber(c.loans)} lượt mượn`;
}
