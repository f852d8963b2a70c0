import { describe, expect, it } from 'vitest';
import { routeScan, valueAfterScan } from './scan-route';

const field = (scanTarget: string | undefined, extra: { readOnly?: boolean; disabled?: boolean } = {}) =>
  ({ scanTarget, readOnly: false, disabled: false, ...extra });

describe('routeScan', () => {
  it('a focused field that takes codes gets the scan, even on a screen that takes scans itself', () => {
    expect(routeScan(field(''), false)).toEqual({ to: 'field', mode: 'replace' });
    expect(routeScan(field('append'), true)).toEqual({ to: 'field', mode: 'append' });
  });

  it('a field that did not opt in, or cannot be edited, does not take it', () => {
    expect(routeScan(field(undefined), true)).toEqual({ to: 'screen' });
    expect(routeScan(field('append', { readOnly: true }), false)).toEqual({ to: 'lookup' });
    expect(routeScan(field('', { disabled: true }), false)).toEqual({ to: 'lookup' });
  });

  it('a screen without its own scan handler gets the read-only look-up, never the desk', () => {
    expect(routeScan(null, false)).toEqual({ to: 'lookup' });
    expect(routeScan(field(undefined), false)).toEqual({ to: 'lookup' });
    expect(routeScan(null, true)).toEqual({ to: 'screen' });
  });
});

describe('valueAfterScan', () => {
  it('replaces a search or ISBN field, appends a line to a list', () => {
    expect(valueAfterScan('de men', 'STK000001', 'replace')).toBe('STK000001');
    expect(valueAfterScan('', 'STK000001', 'append')).toBe('STK000001');
    expect(valueAfterScan('STK000001', 'STK000002', 'append')).toBe('STK000001\nSTK000002');
    expect(valueAfterScan('STK000001\n\n', 'STK000002', 'append')).toBe('STK000001\nSTK000002');
  });
});
