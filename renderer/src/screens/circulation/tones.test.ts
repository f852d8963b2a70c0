import { describe, expect, it } from 'vitest';
import { returnTone } from './tones';

describe('desk tones', () => {
  it('a late return is a warning, an on-time one is OK', () => {
    expect(returnTone({ overdueDays: 4 })).toBe('warn');
    expect(returnTone({ overdueDays: 0 })).toBe('ok');
  });
});
