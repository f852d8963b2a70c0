// vitest: shared — its fake timers are undone in a finally block.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { RateLimiter, Tarpit } from './rate-limit';

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

describe('tarpit for addresses over their rate', () => {
  it('holds answers for its delay, at most its caps per address and overall, and forgets a closed socket', () => {
    vi.useFakeTimers();
    try {
      const tarpit = new Tarpit(1000, 2, 3);
      const answered: string[] = [];
      const sockets = Array.from({ length: 5 }, () => new EventEmitter());
      expect(tarpit.hold('a', sockets[0], () => answered.push('a0'))).toBe(true);
      expect(tarpit.hold('a', sockets[1], () => answered.push('a1'))).toBe(true);
      expect(tarpit.hold('a', sockets[2], () => answered.push('a2'))).toBe(false); // the address's cap
      expect(tarpit.hold('b', sockets[3], () => answered.push('b0'))).toBe(true);
      expect(tarpit.hold('c', sockets[4], () => answered.push('c0'))).toBe(false); // the overall cap
      sockets[1].emit('close'); // the phone gave up: nothing is sent, its place is free
      expect(tarpit.held('a')).toBe(1);
      vi.advanceTimersByTime(999);
      expect(answered).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(answered).toEqual(['a0', 'b0']);
      expect(tarpit.held()).toBe(0);
      expect(sockets[0].listenerCount('close')).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
