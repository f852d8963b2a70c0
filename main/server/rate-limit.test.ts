import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('per-address token bucket (300 at once, 150 a second)', () => {
  it('lets a class behind one address make 120 requests a second for a minute', () => {
    let t = 0;
    const limiter = new RateLimiter(300, 150, () => t);
    let refused = 0;
    for (let i = 0; i < 120 * 60; i++) {
      t = (i * 1000) / 120;
      if (!limiter.take('10.0.0.7')) refused++;
    }
    expect(refused).toBe(0);
  });

  it('stops a flood from one address and not the others, then lets it back once it slows down', () => {
    let t = 0;
    const limiter = new RateLimiter(300, 150, () => t);
    let allowed = 0;
    for (let i = 0; i < 5000; i++) if (limiter.take('10.0.0.66')) allowed++; // 5,000 at the same instant
    expect(allowed).toBe(300);
    expect(limiter.take('10.0.0.66')).toBe(false);
    expect(limiter.take('10.0.0.8')).toBe(true);
    t = 1000;
    allowed = 0;
    for (let i = 0; i < 1000; i++) if (limiter.take('10.0.0.66')) allowed++;
    expect(allowed).toBe(150);
  });
});
