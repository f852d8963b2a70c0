/** Số ĐKCB: prefix + separator + zero-padded number, e.g. STK000123, TK.00003, STK-000123. */

export interface AccessionFormat {
  prefix: string;
  separator: string;
  padding: number;
}

export function formatAccession(format: AccessionFormat, n: number): string {
  return `${format.prefix}${format.separator}${String(n).padStart(format.padding, '0')}`;
}

/** Parses a code of this series back to its number, or null when it does not belong to it. */
export function parseAccession(format: AccessionFormat, code: string): number | null {
  const head = `${format.prefix}${format.separator}`.toUpperCase();
  const c = code.trim().toUpperCase();
  if (!c.startsWith(head)) return null;
  const digits = c.slice(head.length);
  if (!/^\d+$/.test(digits)) return null;
  return Number(digits);
}

/** Splits any code into its letter prefix (with separator) and number: "STK-000123" → ["STK-", 123]. */
export function splitCode(code: string): { head: string; number: number; width: number } | null {
  const match = /^([A-Za-z]+[.\-_/ ]?)(\d+)$/.exec(code.trim());
  if (!match) return null;
  return { head: match[1].toUpperCase(), number: Number(match[2]), width: match[2].length };
}

/**
 * Expands "STK120-STK125", "STK120–125", "STK120" into the list of codes (keeping the digits' width).
 * Returns null when the text is not a valid code or range. Caps ranges at 100 000 codes.
 */
export function expandRange(text: string): string[] | null {
  const parts = text.trim().split(/\s*[-–—]\s*(?=[A-Za-z]*\d+$)/);
  const first = splitCode(parts[0] ?? '');
  if (!first) return null;
  if (parts.length === 1) return [`${first.head}${String(first.number).padStart(first.width, '0')}`];
  if (parts.length !== 2) return null;
  const lastText = /^\d+$/.test(parts[1]) ? `${first.head}${parts[1]}` : parts[1];
  const last = splitCode(lastText);
  if (!last || last.head !== first.head || last.number < first.number) return null;
  if (last.number - first.number >= 100_000) return null;
  const out: string[] = [];
  for (let n = first.number; n <= last.number; n++) out.push(`${first.head}${String(n).padStart(first.width, '0')}`);
  return out;
}

/**
 * Compact ranges per series for display: ["SGK000001", "SGK000002", "SNV000001"] →
 * "SGK000001–SGK000002, SNV000001". Order of first appearance of each prefix is kept.
 */
export function compactRanges(codes: string[]): string {
  const groups = new Map<string, { number: number; code: string }[]>();
  const loose: string[] = [];
  for (const code of codes) {
    const split = splitCode(code);
    if (!split) {
      loose.push(code);
      continue;
    }
    const list = groups.get(split.head) ?? [];
    list.push({ number: split.number, code });
    groups.set(split.head, list);
  }
  const parts: string[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.number - b.number);
    let start = list[0];
    let prev = list[0];
    for (const item of [...list.slice(1), null]) {
      if (item && item.number === prev.number + 1) {
        prev = item;
        continue;
      }
      parts.push(start === prev ? start.code : `${start.code}–${prev.code}`);
      if (item) start = prev = item;
    }
  }
  return [...parts, ...loose].join(', ');
}

/** IME-safe barcode payload: consonant letters and digits only (Telex/VNI rewrite vowels, dd, w). */
export function isImeSafe(code: string): boolean {
  return /^[BCDFGHJKLMNPQRSTVXZ0-9]+$/i.test(code) && !/dd/i.test(code) && !/w/i.test(code);
}
