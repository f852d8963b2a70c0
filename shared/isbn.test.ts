import { describe, expect, it } from 'vitest';
import { isValidIsbn10, isValidIsbn13, normalizeIsbn } from './isbn';
import { defaultAuthorMark, shelfMark, shelfMarkLines } from './shelfmark';

describe('ISBN', () => {
  it('checks ISBN-10 and ISBN-13 checksums', () => {
    expect(isValidIsbn10('0-306-40615-2')).toBe(true);
    expect(isValidIsbn10('0-306-40615-3')).toBe(false);
    expect(isValidIsbn10('080442957X')).toBe(true);
    expect(isValidIsbn13('978-0-306-40615-7')).toBe(true);
    expect(isValidIsbn13('978-0-306-40615-8')).toBe(false);
  });
  it('normalises to ISBN-13 without hyphens', () => {
    expect(normalizeIsbn('0-306-40615-2')).toBe('9780306406157');
    expect(normalizeIsbn(' 978 0 19 479879 2 ')).toBe('9780194798792');
    expect(normalizeIsbn('')).toBeNull();
    expect(normalizeIsbn('12345')).toBe('invalid');
  });
});

describe('shelf mark', () => {
  it('takes 3 letters of the first author, or of the title when there is no personal author', () => {
    expect(defaultAuthorMark('Tô Hoài', 'Dế Mèn phiêu lưu ký')).toBe('TOH');
    expect(defaultAuthorMark('Đặng Thùy Trâm', 'Nhật ký')).toBe('DAN');
    expect(defaultAuthorMark('Nhiều tác giả', 'Atlat Địa lí Việt Nam')).toBe('ATL');
    expect(defaultAuthorMark('', 'Ô tô')).toBe('OTO');
  });
  it('joins classification, mark and ĐKCB', () => {
    expect(shelfMark('895.9223', 'TOH')).toBe('895.9223 / TOH');
    expect(shelfMarkLines('895.9223', 'TOH', 'STN000001')).toEqual(['895.9223', 'TOH', 'STN000001']);
    expect(shelfMark('', 'TOH')).toBe('TOH');
  });
});
