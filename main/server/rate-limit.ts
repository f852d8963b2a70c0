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

/**
 * Holds the answers to an address that is over its rate for `holdMs` before sending them (a tarpit), so a
 * client firing requests back-to-back gets about one answer a second per connection instead of thousands
 * of cheap refusals that together eat the desk's CPU. Held answers are bounded per address and overall:
 * past either cap the connection is closed at once, so held sockets cannot exhaust memory.
 */
export class Tarpit {
  private readonly perKey = new Map<string, number>();
  /** Each held answer's release (clears its timer, its close listener and its counts). */
  private readonly releases = new Set<() => void>();
  private total = 0;

  constructor(readonly holdMs: number, private readonly maxPerKey: number, private readonly maxTotal: number) {}

  /**
   * Runs `answer` after `holdMs`, unless the socket closes first. False (nothing held; the caller closes the
   * connection) when `key` or the whole server already has its cap of held answers.
   */
  hold(key: string, socket: { once(event: 'close', listener: () => void): unknown; off(event: 'close', listener: () => void): unknown }, answer: () => void): boolean {
    const held = this.perKey.get(key) ?? 0;
    if (held >= this.maxPerKey || this.total >= this.maxTotal) return false;
    this.perKey.set(key, held + 1);
    this.total++;
    const release = () => {
      if (!this.releases.delete(release)) return;
      clearTimeout(timer);
      socket.off('close', release);
      this.total--;
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    };
    const timer = setTimeout(() => {
      release();
      answer();
    }, this.holdMs);
    timer.unref();
    this.releases.add(release);
    socket.once('close', release);
    return true;
  }

  /** How many answers are held now (for `key`, or overall). */
  held(key?: string): number {
    return key === undefined ? this.total : this.perKey.get(key) ?? 0;
  }

  /** Drops every held answer (the listener is closing). */
  clear(): void {
    for (const release of [...this.releases]) release();
  }
}
