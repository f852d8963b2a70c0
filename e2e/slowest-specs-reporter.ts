import path from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Printed at the end of `npm run test:e2e` (so at the end of `npm test`): the ten slowest spec files, the time
 * their tests took (all attempts). The unit suite prints its own list (tests/slowest-files-reporter.ts). Printed,
 * never asserted.
 */
export default class SlowestSpecsReporter implements Reporter {
  private readonly byFile = new Map<string, number>();

  onTestEnd(test: TestCase, result: TestResult): void {
    const file = path.relative(process.cwd(), test.location.file);
    this.byFile.set(file, (this.byFile.get(file) ?? 0) + result.duration);
  }

  onEnd(_result: FullResult): void {
    if (this.byFile.size < 2) return;
    const rows = [...this.byFile].sort((a, b) => b[1] - a[1]).slice(0, 10);
    const width = Math.max(...rows.map(([file]) => file.length));
    console.log(`\nSlowest ${rows.length} e2e spec files (tests, summed):`);
    for (const [file, ms] of rows) console.log(`  ${file.padEnd(width)}  ${(ms / 1000).toFixed(1).padStart(6)} s`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
