/** CSV per RFC 4180: fields with a comma, quote, CR or LF (or spaces at an end) are quoted, quotes doubled; lines end in CRLF. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'string') s = value;
  else if (Buffer.isBuffer(value)) s = value.toString('base64');
  else if (value instanceof Uint8Array) s = Buffer.from(value).toString('base64');
  else s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The byte-order mark Excel needs to read a CSV as UTF-8 (else Vietnamese shows as mojibake). */
export const UTF8_BOM = '\uFEFF';
