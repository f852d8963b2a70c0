import { describe, expect, it } from 'vitest';
import { parseRange } from './range';

/** The Range header against a file of 1,000 bytes (RFC 9110 §14.1.2): null = serve the whole file (200). */
describe('HTTP Range for one file', () => {
  const size = 1000;
  it('serves the whole file without a Range', () => {
    expect(parseRange(undefined, size)).toBeNull();
    expect(parseRange(null, size)).toBeNull();
    expect(parseRange('', size)).toBeNull();
    expect(parseRange('bytes=-', size)).toBeNull();
  });
  it('first bytes, middle, and an open end reaching the last byte', () => {
    expect(parseRange('bytes=0-99', size)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=400-499', size)).toEqual({ start: 400, end: 499 });
    expect(parseRange('bytes=900-', size)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', size)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=999-999', size)).toEqual({ start: 999, end: 999 });
    expect(parseRange(' Bytes = 10 - 19 ', size)).toEqual({ start: 10, end: 19 });
  });
  it('suffix: the last 100 bytes (and a suffix longer than the file is all of it)', () => {
    expect(parseRange('bytes=-100', size)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', size)).toEqual({ start: 0, end: 999 });
  });
  it('unsatisfiable (416 with the size): a first byte past the end, an empty suffix, any range of an empty file', () => {
    expect(parseRange('bytes=1000-', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=1000-1100', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=5000-6000', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=-10', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-10', 0)).toBe('unsatisfiable');
  });
  it('a reversed range starting past the end is unsatisfiable, like any range starting there (§14.1.2: no byte of it overlaps the file)', () => {
    expect(parseRange('bytes=2000-10', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=1000-0', size)).toBe('unsatisfiable');
  });
  it('ignores what it does not serve (whole file): other units, several ranges, a reversed range inside the file (§14.2 lets a server ignore an invalid range)', () => {
    expect(parseRange('items=0-5', size)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', size)).toBeNull();
    expect(parseRange('bytes=50-10', size)).toBeNull();
    expect(parseRange('bytes=abc', size)).toBeNull();
  });
});
