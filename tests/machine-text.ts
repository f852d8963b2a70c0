/**
 * Text a person should never read (issue 9, item 12): an ISO date, a field key in parentheses, an internal code
 * or a reservation's status key (issue 22), the browser's English file-input and validation strings. Returns each
 * offending piece with a little context, so a failing check says where it is.
 */
const PATTERNS: [string, RegExp][] = [
  ['ISO date', /\b\d{4}-\d{2}-\d{2}\b/g],
  ['field key', /\(trường [A-Za-z_.]+\)/g],
  // An error or block code (HELD_FOR_OTHER, COPY_HELD) or a reservation's stored status: the people's words say these.
  ['internal code', /\b[A-Z]{2,}(?:_[A-Z]{2,})+\b/g],
  ['status key', /\b(?:waiting|ready|held|fulfilled|cancelled|expired)\b/g],
  ['English file input', /Choose Files?|No files? chosen/g],
  ['English validation', /Please (?:fill|enter|select|match)[^.\n]*/g],
];

export function machineText(text: string): string[] {
  const found: string[] = [];
  for (const [kind, re] of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      found.push(`${kind}: "${m[0]}" in …${text.slice(Math.max(0, at - 40), at + m[0].length + 40).replace(/\s+/g, ' ')}…`);
    }
  }
  return found;
}
