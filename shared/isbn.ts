/** ISBN-10 / ISBN-13 helpers. Pure: used by the title form (live validation) and the services. */

function digitsOf(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export function isValidIsbn10(text: string): boolean {
  const s = digitsOf(text);
  if (!/^\d{9}[\dX]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (s[i] === 'X' ? 10 : Number(s[i])) * (10 - i);
  return sum % 11 === 0;
}

export function isValidIsbn13(text: string): boolean {
  const s = digitsOf(text);
  if (!/^\d{13}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(s[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}

/** ISBN-10 → ISBN-13 (978 prefix, new check digit). Assumes a valid ISBN-10. */
export function isbn10To13(text: string): string {
  const core = '978' + digitsOf(text).slice(0, 9);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(core[i]) * (i % 2 === 0 ? 1 : 3);
  return core + String((10 - (sum % 10)) % 10);
}

/**
 * Normalises what the user typed or scanned: '' → null (no ISBN), a valid ISBN-10/13 → its ISBN-13
 * without hyphens, anything else → 'invalid'.
 */
export function normalizeIsbn(text: string | null | undefined): string | null | 'invalid' {
  const s = digitsOf(text ?? '');
  if (s === '') return null;
  if (isValidIsbn13(s)) return s;
  if (isValidIsbn10(s)) return isbn10To13(s);
  return 'invalid';
}

/** True when text is empty or a valid ISBN. */
export function isIsbnOrEmpty(text: string | null | undefined): boolean {
  return normalizeIsbn(text) !== 'invalid';
}
