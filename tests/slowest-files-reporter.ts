import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Printed at the end of a Vitest run of several files: the ten slowest test files (import + tests and
 * hooks), so a test that makes the suite slow is seen when it lands. Timings are printed, never asserted.
 */
export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (modules.length < 2) return;
    const rows = modules.map((m) => {
      const d = m.diagnostic();
      return { file: path.relative(process.cwd(), m.moduleId), total: d.collectDuration + d.setupDuration + d.duration, collect: d.collectDuration };
    }).sort((a, b) => b.total - a.total).slice(0, 10);
    const width = Math.max(...rows.map((r) => r.file.length));
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
    console.log(`\nSlowest ${rows.length} test files (import + tests):`);
    for (const r of rows) console.log(`  ${r.file.padEnd(width)}  ${seconds(r.total)}  (import ${seconds(r.collect).trim()})`);
  }
}
