/**
 * HTTP Range for one file (RFC 9110 §14): what part of a file of `size` bytes a `Range` header asks for.
 * One range only (players and PDF viewers ask for one); several ranges are answered with the whole file,
 * which the standard allows.
 */
export type RangeAnswer =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) {
    // Several ranges, or another unit: serve the whole file. A malformed single range is ignored too.
    return { kind: 'full' };
  }
  const [, a, b] = m;
  if (a === '' && b === '') return { kind: 'full' };
  if (a === '') {
    // Suffix: the last N bytes.
    const n = Number(b);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(size - n, 0), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (end < start) return { kind: 'full' }; // an invalid range is ignored (§14.2)
  return { kind: 'partial', start, end };
}

/** The response headers for an answer: status, Content-Range, Content-Length. */
export function rangeHeaders(answer: RangeAnswer, size: number): { status: number; headers: Record<string, string> } {
  if (answer.kind === 'unsatisfiable') return { status: 416, headers: { 'content-range': `bytes */${size}` } };
  if (answer.kind === 'full') return { status: 200, headers: { 'content-length': String(size), 'accept-ranges': 'bytes' } };
  return {
    status: 206,
    headers: {
      'content-range': `bytes ${answer.start}-${answer.end}/${size}`, 'content-length': String(answer.end - answer.start + 1), 'accept-ranges': 'bytes',
    },
  };
}
