import { describe, expect, it } from 'vitest';
import { ScanDetector, type ScanKeyResult } from './scanner';

/** Feeds keys with the given gaps (gap[i] is the pause before key i; gap[0] is from `start`). */
function feed(detector: ScanDetector, keys: string[], gaps: number[], start = 1000): { results: ScanKeyResult[]; end: number } {
  let t = start;
  const results = keys.map((k, i) => {
    t += gaps[i] ?? gaps[gaps.length - 1];
    return detector.push(k, t);
  });
  return { results, end: t };
}
const chars = (code: string, terminator = 'Enter') => [...code.split(''), terminator];
const last = (r: { results: ScanKeyResult[] }) => r.results[r.results.length - 1];

describe('ScanDetector', () => {
  it('recognises a scanner burst (even ~8 ms gaps) ended by Enter', () => {
    const d = new ScanDetector();
    const r = feed(d, chars('HS000123'), [0, 8, 7, 9, 8, 8, 7, 9, 10]);
    expect(r.results.slice(0, -1).every((x) => x.kind === 'pending')).toBe(true);
    expect(last(r)).toEqual({ kind: 'scan', code: 'HS000123' });
  });

  it('accepts Tab as terminator and Shift keys inside the burst', () => {
    const d = new ScanDetector();
    const keys = ['Shift', 'S', 'Shift', 'T', 'Shift', 'K', '0', '0', '0', '1', '2', '3', 'Tab'];
    expect(last(feed(d, keys, [0, 3, 4, 3, 4, 3, 6, 6, 6, 6, 6, 6, 6]))).toEqual({ kind: 'scan', code: 'STK000123' });
  });

  it('does not count normal human typing as a scan', () => {
    const d = new ScanDetector();
    const r = feed(d, chars('HS000123'), [0, 140, 180, 120, 160, 150, 130, 170, 200]);
    expect(last(r)).toEqual({ kind: 'none' });
  });

  it('does not count fast human typing with key rollover as a scan', () => {
    // A fast typist overlapping keys: near-zero gaps alternate with ordinary ones. The mean is low
    // (about 38 ms here) and every gap is under maxGapMs, yet it is uneven, unlike a scanner.
    const d = new ScanDetector();
    const gaps = [0, 60, 4, 65, 6, 58, 3, 62, 50];
    const mean = gaps.slice(1).reduce((a, b) => a + b, 0) / (gaps.length - 1);
    expect(mean).toBeLessThan(40);
    expect(last(feed(d, chars('HS000123'), gaps))).toEqual({ kind: 'none' });
  });

  it('does not count a short quick word followed by Enter (below min length)', () => {
    const d = new ScanDetector();
    expect(last(feed(d, chars('sach'), [0, 10, 10, 10, 10]))).toEqual({ kind: 'none' });
  });

  it('a long pause in the middle splits the burst: the tail alone is too short', () => {
    const d = new ScanDetector();
    expect(last(feed(d, chars('HS000123'), [0, 8, 8, 8, 8, 300, 8, 8, 8]))).toEqual({ kind: 'none' });
  });

  it('human typing then a scan in the same field: only the scan counts', () => {
    const d = new ScanDetector();
    const human = feed(d, 'sach toan'.split(''), [0, 150, 170, 140, 160, 190, 150, 130, 160]);
    expect(human.results.every((x) => x.kind === 'pending' || x.kind === 'none')).toBe(true);
    const scan = feed(d, chars('STK000045'), [400, 6, 6, 6, 6, 6, 6, 6, 6, 6], human.end);
    expect(last(scan)).toEqual({ kind: 'scan', code: 'STK000045' });
  });

  it('the same code twice within 1.5 s counts once; after 1.5 s again', () => {
    const d = new ScanDetector();
    const g = [0, 6, 6, 6, 6, 6, 6, 6, 6, 6];
    const a = feed(d, chars('STK000045'), g, 1000);
    expect(last(a).kind).toBe('scan');
    const b = feed(d, chars('STK000045'), [500, ...g.slice(1)], a.end);
    expect(last(b)).toEqual({ kind: 'duplicate', code: 'STK000045' });
    const c = feed(d, chars('STK000046'), [300, ...g.slice(1)], b.end);
    expect(last(c)).toEqual({ kind: 'scan', code: 'STK000046' });
    const e = feed(d, chars('STK000046'), [1600, ...g.slice(1)], c.end);
    expect(last(e)).toEqual({ kind: 'scan', code: 'STK000046' });
  });

  it('thresholds are configurable', () => {
    const slowScanner = new ScanDetector({ maxMeanGapMs: 60, maxGapMs: 120 });
    expect(last(feed(slowScanner, chars('HS000123'), [0, 50, 50, 50, 50, 50, 50, 50, 50])).kind).toBe('scan');
    expect(last(feed(new ScanDetector(), chars('HS000123'), [0, 50, 50, 50, 50, 50, 50, 50, 50])).kind).toBe('none');
    // A loaded machine: mostly 15–25 ms with a couple of 45 ms hiccups is still a scanner.
    expect(last(feed(new ScanDetector(), chars('HS000022'), [0, 46, 18, 21, 16, 19, 16, 45, 46])).kind).toBe('scan');
    const short = new ScanDetector({ minLength: 3 });
    expect(last(feed(short, chars('ABC'), [0, 5, 5, 5])).kind).toBe('scan');
  });

  it('keys without a character before a burst are not held', () => {
    const d = new ScanDetector();
    expect(d.push('ArrowDown', 10)).toEqual({ kind: 'none' });
    expect(d.push('Enter', 20)).toEqual({ kind: 'none' });
    expect(d.bufferedLength).toBe(0);
  });
});
