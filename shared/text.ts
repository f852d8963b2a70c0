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

/** Vietnamese letters in dictionary order (with the Latin letters Vietnamese does not use). */
const VI_LETTERS = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A key whose plain byte order (SQL ORDER BY) is the natural Vietnamese order of `parts` compared one
 * after the other: letters as in the dictionary (a < ă < â < b, d < đ), tones ignored like compareVi,
 * numbers as numbers (Tập 2 < Tập 10), ordinal words as numbers (Tập một < Tập hai), case ignored.
 */
export function collationKey(...parts: string[]): string {
  return parts.map((part) => {
    const plain = ordinalsAsNumbers(part).toLowerCase().normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
    let out = '';
    for (const token of plain.match(/\d+|\s+|./gsu) ?? []) {
      if (/^\d/.test(token)) out += `#${token.replace(/^0+(?=\d)/, '').padStart(12, '0')}`;
      else if (/^\s/.test(token)) out += ' ';
      else {
        const i = VI_LETTERS.indexOf(token);
        if (i >= 0) out += String.fromCharCode(0x41 + i);
        else if (/[\p{L}\p{N}]/u.test(token)) out += token;
      }
    }
    return out.replace(/ +/g, ' ').trim();
  }).join('\u0001');
}
