import { describe, expect, it } from 'vitest';
import { availabilityText, groupShelves } from './search';

describe('where the copies on the shelf are (OPAC availability)', () => {
  it('names a store once with its shelves, keeps other locations as written', () => {
    expect(groupShelves(['Kho STN – Kệ 2', 'Kho STN – Kệ 3', 'Kho STN – Kệ 3', 'Phòng đọc', 'Kho STK, kệ 4', 'Kho STN – Kệ 8']))
      .toEqual(['Kho STN – Kệ 2, 3, 8', 'Phòng đọc', 'Kho STK, kệ 4']);
  });

  it('reads "Còn x/y bản — …" with the grouped shelves', () => {
    expect(availabilityText([
      { location: 'Kho STN – Kệ 2', available: 1, total: 2 },
      { location: 'Kho STN – Kệ 5', available: 2, total: 2 },
      { location: 'Kho STN – Kệ 7', available: 0, total: 1 },
    ])).toBe('Còn 3/5 bản — Kho STN – Kệ 2, 5');
    expect(availabilityText([{ location: 'Kho STK, kệ 4', available: 0, total: 2 }])).toBe('Đang được mượn hết (0/2 bản).');
  });
});
