/**
 * A token bucket per address: `burst` requests at once, refilled at `perSecond`. A whole class behind
 * one Wi-Fi address (NAT) gets `perSecond` requests a second for as long as it likes; a flood empties
 * the bucket and is answered 429 until it slows down.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly burst: number, private readonly perSecond: number, private readonly clock: () => number = () => performance.now()) {}

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.clock();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 50_000) this.sweep(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Forgets the buckets that have refilled (so the map does not grow with every address ever seen). */
  sweep(now = this.clock()): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}
