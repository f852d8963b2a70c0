import { describe, expect, it } from 'vitest';
import { collationKey, compareVi, fold, truncateChars } from './text';
import { compactRanges, expandRange, formatAccession, parseAccession } from './accession';
import { formatDate, parseDate } from './dates';

describe('Vietnamese text', () => {
  it('folds diacritics and đ', () => {
    expect(fold('Đặng Thùy Trâm')).toBe('dang thuy tram');
    expect(fold('Con đường đến trường')).toBe('con duong den truong');
    expect(fold('DẾ MÈN phiêu lưu ký')).toBe('de men phieu luu ky');
    expect(fold('Đất rừng phương Nam'.normalize('NFD'))).toBe('dat rung phuong nam');
  });
  it('sorts in Vietnamese order', () => {
    expect(['Đào', 'Dương', 'Anh', 'Ánh', 'Bảo'].sort(compareVi)).toEqual(['Anh', 'Ánh', 'Bảo', 'Dương', 'Đào']);
  });
  it('truncates by characters, not code units', () => {
    expect(truncateChars('Dế Mèn phiêu lưu ký', 8)).toBe('Dế Mèn…');
    expect(truncateChars('Ngắn', 8)).toBe('Ngắn');
  });
});

describe('accession numbers', () => {
  const stk = { prefix: 'STK', separator: '', padding: 6 };
  it('formats and parses', () => {
    expect(formatAccession(stk, 123)).toBe('STK000123');
    expect(formatAccession({ prefix: 'TK', separator: '.', padding: 5 }, 3)).toBe('TK.00003');
    expect(parseAccession(stk, 'stk000123')).toBe(123);
    expect(parseAccession(stk, 'SGK000123')).toBeNull();
  });
  it('compacts codes into ranges per series', () => {
    expect(compactRanges(['SGK000001', 'SGK000002', 'SGK000003', 'SNV000001', 'SGK000005'])).toBe('SGK000001–SGK000003, SGK000005, SNV000001');
    expect(compactRanges([])).toBe('');
  });
  it('expands ranges', () => {
    expect(expandRange('STK120-STK123')).toEqual(['STK120', 'STK121', 'STK122', 'STK123']);
    expect(expandRange('STK000009–11')).toEqual(['STK000009', 'STK000010', 'STK000011']);
    expect(expandRange('STK5-SGK7')).toBeNull();
    expect(expandRange('STK9-STK7')).toBeNull();
  });
});

describe('dates', () => {
  it('formats in both styles and parses Vietnamese input', () => {
    expect(formatDate('2023-11-26')).toBe('26/11/2023');
    expect(formatDate('2023-11-26', 'roman')).toBe('26/XI/2023');
    expect(parseDate('11/11/2012')).toBe('2012-11-11');
    expect(parseDate('31/02/2012')).toBeNull();
  });
});

describe('collationKey (the stored key SQL sorts titles by)', () => {
  const byKey = (items: string[][]) => [...items].sort((a, b) => (collationKey(...a) < collationKey(...b) ? -1 : collationKey(...a) > collationKey(...b) ? 1 : 0));

  it('orders volumes naturally, written in words or digits', () => {
    const volumes = [['Toán', 'Tập hai'], ['Toán', 'Tập 10'], ['Toán', 'Tập một'], ['Toán', 'Tập 3'], ['Toán', '']];
    expect(byKey(volumes).map((v) => v[1])).toEqual(['', 'Tập một', 'Tập hai', 'Tập 3', 'Tập 10']);
  });

  it('orders letters as the Vietnamese dictionary does, ignoring tones and case', () => {
    const words = ['Đường', 'dế', 'Ăn', 'ấm', 'an', 'bé', 'ơi', 'ô', 'Ong', 'ưa', 'uống', 'êm', 'em'];
    expect(byKey(words.map((w) => [w])).map((w) => w[0])).toEqual(['an', 'Ăn', 'ấm', 'bé', 'dế', 'Đường', 'em', 'êm', 'Ong', 'ô', 'ơi', 'uống', 'ưa']);
    expect(collationKey('Dế Mèn')).toBe(collationKey('de men'.replace('de', 'dế')));
    expect(collationKey('TOÁN')).toBe(collationKey('toan'));
  });

  it('compares the parts one after the other (a title before its longer namesake)', () => {
    expect(byKey([['Toán lớp 6', ''], ['Toán', 'Tập hai'], ['Toán', 'Tập một']]).map((t) => t.join(' '))).toEqual(['Toán Tập một', 'Toán Tập hai', 'Toán lớp 6 ']);
  });
});
