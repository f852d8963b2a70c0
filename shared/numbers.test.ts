import { describe, expect, it } from 'vitest';
import { formatBytes, formatDong, formatNumber, parseCount, parseDecimal, parseDong, parseYear, formatLibraryCounts } from './numbers';
import { compareNatural } from './text';

const value = (r: ReturnType<typeof parseDong>) => (r.ok ? r.value : 'refused');

describe('parseDong (money in đồng, no decimals)', () => {
  it('reads the three ways a price is typed as the same amount', () => {
    for (const t of ['45.000', '45,000', '45000', ' 45 000 ', '45.000 đ', '45000đ', '45.000 đồng']) expect(value(parseDong(t))).toBe(45000);
    expect(value(parseDong('1.234.567'))).toBe(1234567);
    expect(value(parseDong('0'))).toBe(0);
    expect(value(parseDong(45000))).toBe(45000);
  });
  it('keeps empty as empty', () => {
    expect(value(parseDong(''))).toBeNull();
    expect(value(parseDong('  '))).toBeNull();
    expect(value(parseDong(null))).toBeNull();
  });
  it('refuses what it cannot read instead of guessing', () => {
    for (const t of ['45,0x', '45,5', '45.5', '4,50,00', '45.000,50', '1.234,567', '-45000', 'abc', '45k', '4 5,0', '12.34.567']) {
      expect(parseDong(t).ok, t).toBe(false);
    }
    expect(parseDong(45.5).ok).toBe(false);
    expect(parseDong(-1).ok).toBe(false);
  });
  it('says why in Vietnamese', () => {
    const r = parseDong('45,0x');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('45.000');
  });
});

describe('parseYear, parseCount, parseDecimal', () => {
  it('reads a four-digit year and refuses the rest', () => {
    expect(value(parseYear('2022'))).toBe(2022);
    expect(value(parseYear(''))).toBeNull();
    for (const t of ['20x2', '22', '20222', '2 022', '1700', 'năm 2022']) expect(parseYear(t).ok, t).toBe(false);
    expect(parseYear('2027', 2027).ok).toBe(true);
    expect(parseYear('2028', 2027).ok).toBe(false);
  });
  it('reads counts, with thousands grouping, and refuses words and fractions', () => {
    expect(value(parseCount('120'))).toBe(120);
    expect(value(parseCount('1.200'))).toBe(1200);
    expect(value(parseCount(''))).toBeNull();
    for (const t of ['abc', '12a', '0', '-3', '1,5', '12.5']) expect(parseCount(t).ok, t).toBe(false);
    expect(parseCount('13', 1, 12).ok).toBe(false);
  });
  it('reads sizes with a decimal comma or point', () => {
    expect(value(parseDecimal('20,5'))).toBe(20.5);
    expect(value(parseDecimal('20.5'))).toBe(20.5);
    expect(value(parseDecimal('24'))).toBe(24);
    for (const t of ['2x4', '0', '20,5 cm']) expect(parseDecimal(t).ok, t).toBe(false);
  });
});

describe('formatting', () => {
  it('groups thousands with a dot and uses a decimal comma', () => {
    expect(formatNumber(45000)).toBe('45.000');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(20.5)).toBe('20,5');
    expect(formatDong(45000)).toBe('45.000 đ');
  });
});

describe('compareNatural', () => {
  it('sorts volumes written in words or digits in reading order', () => {
    const titles = ['Toán 6 – Tập hai', 'Toán 6 – Tập một', 'Toán 6 – Tập 10', 'Toán 6 – Tập 3'];
    expect([...titles].sort(compareNatural)).toEqual(['Toán 6 – Tập một', 'Toán 6 – Tập hai', 'Toán 6 – Tập 3', 'Toán 6 – Tập 10']);
    expect(['Tập 2', 'Tập 1'].sort(compareNatural)).toEqual(['Tập 1', 'Tập 2']);
    expect(compareNatural('Tập một', 'Tập 1')).toBe(0);
  });
  it('does not read "năm" outside a volume number', () => {
    expect(['Năm tháng', 'Ba người bạn'].sort(compareNatural)).toEqual(['Ba người bạn', 'Năm tháng']);
  });
});

describe('formatLibraryCounts', () => {
  it('says what a library holds with Vietnamese grouping', () => {
    expect(formatLibraryCounts({ titles: 274, copies: 1548, readers: 448, loans: 12034 })).toBe('274 đầu sách, 1.548 bản sách, 448 bạn đọc, 12.034 lượt mượn');
  });
});

describe('formatBytes', () => {
  it('writes sizes with Vietnamese grouping and decimal comma', () => {
    expect(formatBytes(1023)).toBe('1.023 byte');
    expect(formatBytes(1_000_000)).toBe('977 KB');
    expect(formatBytes(1_937_408)).toBe('1,8 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GB');
  });
});
