import { describe, expect, it } from 'vitest';
import { parseRange, rangeHeaders } from './range';

describe('HTTP Range for one file', () => {
  const size = 1000;
  it('serves the whole file without a Range', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'full' });
    expect(rangeHeaders({ kind: 'full' }, size)).toEqual({ status: 200, headers: { 'content-length': '1000', 'accept-ranges': 'bytes' } });
  });
  it('first bytes', () => {
    const r = parseRange('bytes=0-99', size);
    expect(r).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(rangeHeaders(r, size)).toEqual({ status: 206, headers: { 'content-range': 'bytes 0-99/1000', 'content-length': '100', 'accept-ranges': 'bytes' } });
  });
  it('middle, and an open end reaching the last byte', () => {
    expect(parseRange('bytes=500-599', size)).toEqual({ kind: 'partial', start: 500, end: 599 });
    expect(parseRange('bytes=900-', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', size)).toEqual({ kind: 'partial', start: 990, end: 999 });
  });
  it('suffix: the last 100 bytes (and a suffix longer than the file is all of it)', () => {
    expect(parseRange('bytes=-100', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(rangeHeaders(parseRange('bytes=-100', size), size).headers['content-range']).toBe('bytes 900-999/1000');
    expect(parseRange('bytes=-5000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });
  it('unsatisfiable → 416 with the size', () => {
    expect(parseRange('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=5000-6000', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', size)).toEqual({ kind: 'unsatisfiable' });
    expect(rangeHeaders({ kind: 'unsatisfiable' }, size)).toEqual({ status: 416, headers: { 'content-range': 'bytes */1000' } });
  });
  it('ignores what it does not serve: other units, several ranges, reversed ranges', () => {
    expect(parseRange('items=0-5', size)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-1,5-6', size)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=50-10', size)).toEqual({ kind: 'full' });
  });
});
