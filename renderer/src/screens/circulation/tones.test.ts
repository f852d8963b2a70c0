import { describe, expect, it } from 'vitest';
import { returnTone, TONES } from './tones';

describe('desk tones', () => {
  it('a late return is a warning, an on-time one is OK', () => {
    expect(returnTone({ overdueDays: 4 })).toBe('warn');
    expect(returnTone({ overdueDays: 0 })).toBe('ok');
  });

  it('a returned copy someone reserved plays the hold tone, late or not', () => {
    const hold = { message: 'Giữ cho Nguyễn Văn An — 7A2 (đến hết 12/12/2026)' };
    expect(returnTone({ overdueDays: 0 }, hold)).toBe('hold');
    expect(returnTone({ overdueDays: 4 }, hold)).toBe('hold');
    expect(returnTone({ overdueDays: 0 }, null)).toBe('ok');
  });

  it('every kind sounds different from every other (notes, rhythm and waveform)', () => {
    const sounds = Object.values(TONES).map((beeps) => JSON.stringify(beeps.map((b) => [b.freq, b.at, b.ms, b.type])));
    expect(new Set(sounds).size).toBe(sounds.length);
    // The hold tone is not a longer success: none of its notes is the OK or warning note.
    const others = new Set([...TONES.ok, ...TONES.warn, ...TONES.info].map((b) => b.freq));
    expect(TONES.hold.filter((b) => others.has(b.freq))).toEqual([]);
  });
});
