import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Median and p95 of samples in ms. */
export function summarize(samples: number[]): { median: number; p95: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), n: s.length };
}

export function ms(n: number): string {
  return `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/**
 * Samples RSS every 20 ms while `work` runs; returns its result, duration, CPU time of the process (user +
 * system, every thread; steadier than the wall clock on a shared machine) and peak RSS.
 */
export async function measure<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number; peakRss: number; maxLoopLagMs: number }> {
  let peak = process.memoryUsage().rss;
  let maxLag = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    maxLag = Math.max(maxLag, t - last - 20);
    last = t;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    const result = await work();
    const used = process.cpuUsage(cpu);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, peakRss: peak, maxLoopLagMs: maxLag };
  } finally {
    clearInterval(timer);
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kesach-bench-${prefix}-`));
}

export function report(section: string, lines: [string, string, string?][]): void {
  console.log(`\n== ${section}`);
  for (const [what, value, target] of lines) console.log(`  ${what.padEnd(58)} ${value.padStart(12)}${target ? `   (mục tiêu ${target})` : ''}`);
}
