import type { ByteRange } from './resources';

/**
 * Reads an HTTP Range header against a file's size (RFC 9110 §14.1.2), one range only:
 * `bytes=0-99`, `bytes=100-` (to the end), `bytes=-100` (the last 100 bytes). Returns the inclusive range,
 * null when there is no usable header (serve the whole file: also for several ranges or another unit),
 * or 'unsatisfiable' when it lies outside the file (answer 416 with `Content-Range: bytes *\/size`).
 * A range whose first byte lies past the end is unsatisfiable whatever its last byte (`bytes=2000-10` on
 * 1,000 bytes: 416, like `bytes=2000-`); a reversed range inside the file (`bytes=50-10`) is invalid and
 * ignored, as §14.2 allows (the whole file, 200).
 */
export function parseRange(header: string | undefined | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return 'unsatisfiable';
  if (b !== '' && Number(b) < start) return null;
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  return { start, end };
}
