/** Vietnamese text helpers shared by every layer. Pure: no DOM, no node:*. */

/** Normalises to NFC and trims; every stored string goes through this. */
export function nfc(value: string): string {
  return value.normalize('NFC').trim();
}

/** Collapses inner whitespace too (names, titles). */
export function cleanText(value: string): string {
  return nfc(value).replace(/\s+/g, ' ');
}

/**
 * Folds text for search and comparisons: lowercase, no diacritics, đ → d.
 * "Đặng Thùy Trâm" → "dang thuy tram".
 */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export const vietnameseCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Sort comparator in Vietnamese collation. */
export function compareVi(a: string, b: string): number {
  return vietnameseCollator.compare(a, b);
}

/** Truncates by user-perceived characters (not bytes or UTF-16 units), adding an ellipsis. */
export function truncateChars(value: string, max: number): string {
  const chars = Array.from(value.normalize('NFC'));
  if (chars.length <= max) return value;
  return chars.slice(0, Math.max(0, max - 1)).join('').trimEnd() + '…';
}

const ORDINAL_WORDS: Record<string, number> = {
  'một': 1, 'nhất': 1, 'hai': 2, 'nhì': 2, 'ba': 3, 'bốn': 4, 'tư': 4, 'năm': 5, 'sáu': 6, 'bảy': 7, 'bẩy': 7, 'tám': 8, 'chín': 9, 'mười': 10,
};
const ORDINAL_RE = new RegExp(`(^|\\s|[-–(])(tập|quyển|cuốn|phần|chương|kỳ|số)\\s+(${Object.keys(ORDINAL_WORDS).join('|')})(?=$|[\\s,.;:)–-])`, 'giu');

/** "Tập hai" → "Tập 2", so volumes written in words sort with volumes written in digits. */
export function ordinalsAsNumbers(value: string): string {
  return value.normalize('NFC').replace(ORDINAL_RE, (_m, pre: string, word: string, n: string) => `${pre}${word} ${ORDINAL_WORDS[n.toLowerCase()]}`);
}

/**
 * Natural order for titles and volumes: Vietnamese collation, numbers as numbers (Tập 2 < Tập 10) and
 * ordinal words as numbers (Tập một < Tập hai < Tập 3).
 */
export function compareNatural(a: string, b: string): number {
  return vietnameseCollator.compare(ordinalsAsNumbers(a), ordinalsAsNumbers(b));
}
