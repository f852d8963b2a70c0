import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { alias: { '@shared': path.join(here, 'shared') } },
  test: {
    include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'tests/**/*.test.ts'],
    environment: 'node',
    // One embedded PostgreSQL per run for the union catalogue's tests, started only when a test asks (tests/pg.ts);
    // the CLI bundle built once per run (tests/cli.ts): commands run in tests start it, not tsx.
    globalSetup: ['./tests/pg-global-setup.ts', './tests/cli-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one worker on a 2-core machine. Test files spend
    // much of their time in fsync, child processes and PDF rendering, so every core gets a worker.
    maxWorkers: Math.max(2, os.availableParallelism()),
    reporters: ['default', './tests/slowest-files-reporter.ts'],
  },
});
