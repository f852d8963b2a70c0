/**
 * Keyboard-wedge scan detection. A USB scanner "types" its payload in a fast, even burst ended by
 * Enter (or Tab). A person, even a fast one with key rollover, types slower and unevenly. We
 * classify the whole burst (length, mean gap and max gap), never a single interval.
 */

export interface ScanThresholds {
  /** Minimum payload length (our codes are ≥ 6; ISBN 10/13). */
  minLength: number;
  /** Maximum mean gap between keys in the burst, ms. */
  maxMeanGapMs: number;
  /** Maximum single gap, ms; a longer pause starts a new burst. */
  maxGapMs: number;
  /**
   * Share of gaps allowed above maxMeanGapMs. A scanner is even; a fast typist with key rollover
   * alternates near-zero gaps (two keys down at once) with normal ones, which can pull the mean down
   * but leaves many slow gaps.
   */
  maxSlowGapShare: number;
  /** Terminators that end a burst. */
  terminators: string[];
  /** The same code within this window counts once, ms. */
  dedupeMs: number;
}

export const DEFAULT_SCAN_THRESHOLDS: ScanThresholds = {
  minLength: 6,
  maxMeanGapMs: 40,
  maxGapMs: 90,
  maxSlowGapShare: 0.4,
  terminators: ['Enter', 'Tab'],
  dedupeMs: 1500,
};

export type ScanKeyResult =
  | { kind: 'scan'; code: string }
  | { kind: 'duplicate'; code: string }
  /** The key may belong to a burst still in progress. */
  | { kind: 'pending' }
  /** Not a scan: let the key through as normal typing. */
  | { kind: 'none' };

export class ScanDetector {
  private chars: string[] = [];
  private times: number[] = [];
  private lastScan: { code: string; at: number } | null = null;

  private readonly thresholds: ScanThresholds;

  constructor(thresholds: Partial<ScanThresholds> = {}) {
    this.thresholds = { ...DEFAULT_SCAN_THRESHOLDS, ...thresholds };
  }

  /** Feed one key (KeyboardEvent.key) with its timestamp in ms. */
  push(key: string, at: number): ScanKeyResult {
    const prev = this.times[this.times.length - 1];
    if (prev !== undefined && at - prev > this.thresholds.maxGapMs) this.reset();

    if (this.thresholds.terminators.includes(key)) {
      const result = this.classify(at);
      this.reset();
      return result;
    }
    if (key.length !== 1) {
      // Shift and other modifiers arrive inside scanner bursts too; they carry no character.
      return this.chars.length ? { kind: 'pending' } : { kind: 'none' };
    }
    this.chars.push(key);
    this.times.push(at);
    return { kind: 'pending' };
  }

  /** The characters buffered for the burst in progress (to undo what leaked into a field). */
  get bufferedLength(): number {
    return this.chars.length;
  }

  reset(): void {
    this.chars = [];
    this.times = [];
  }

  private classify(at: number): ScanKeyResult {
    const { minLength, maxMeanGapMs, maxGapMs, maxSlowGapShare, dedupeMs } = this.thresholds;
    if (this.chars.length < minLength) return { kind: 'none' };
    const stamps = [...this.times, at];
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const max = Math.max(...gaps);
    const slow = gaps.filter((g) => g > maxMeanGapMs).length;
    if (mean > maxMeanGapMs || max > maxGapMs || slow > gaps.length * maxSlowGapShare) return { kind: 'none' };
    const code = this.chars.join('').trim();
    if (this.lastScan && this.lastScan.code === code && at - this.lastScan.at < dedupeMs) {
      this.lastScan = { code, at };
      return { kind: 'duplicate', code };
    }
    this.lastScan = { code, at };
    return { kind: 'scan', code };
  }
}
