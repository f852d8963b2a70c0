import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));
const include = ['main/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'tests/**/*.test.ts'];

/**
 * Test files that need a process of their own: they mock modules, stub the environment, globals or timers,
 * or set `process.env` — or say so with the comment `vitest: isolate` (a test that leaves state in a module
 * of main/, such as the OPAC's per-address PIN tries). Every other file runs in a worker process shared with
 * the files before it (`isolate: false`): main/'s modules are loaded once per worker instead of once per
 * file, which was about 1.5 CPU-seconds of every file that opens a database.
 */
const NEEDS_ISOLATION = /\bvi\.(mock|doMock|unmock|stubEnv|stubGlobal|useFakeTimers|spyOn|resetModules)\b|process\.env(\.\w+|\[[^\]]+\])\s*=[^=]|delete process\.env|process\.chdir|vitest: isolate/;
function testFiles(dir: string): string[] {
  return fs.readdirSync(path.join(here, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(rel);
    return /\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}
/**
 * A file whose spies, fake timers and `process.env` changes are all undone in `finally` blocks (console or
 * stdout captured around one CLI call, say) can say `vitest: shared` and run in the shared worker: a process of
 * its own loaded main/'s modules again, 1–3 CPU-s a file.
 */
const SHARED_ANYWAY = /vitest: shared\b/;
const isolated = ['main', 'shared', 'renderer', 'tests'].flatMap(testFiles).filter((f) => {
  const source = fs.readFileSync(path.join(here, f), 'utf8');
  return NEEDS_ISOLATION.test(source) && !SHARED_ANYWAY.test(source);
});

export default defineConfig({
  resolve: { alias: { '@shared': path.join(here, 'shared') } },
  test: {
    environment: 'node',
    // One embedded PostgreSQL per run for the union catalogue's tests, started only when a test asks (tests/pg.ts);
    // the CLI bundle built once per run (tests/cli.ts): commands run in tests start it, not tsx.
    globalSetup: ['./tests/pg-global-setup.ts', './tests/cli-global-setup.ts', './tests/workers-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one worker on a 2-core machine. Test files spend
    // much of their time in fsync, child processes and PDF rendering, so every core gets a worker.
    maxWorkers: Math.max(2, os.availableParallelism()),
    reporters: ['default', './tests/slowest-files-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'shared', include, exclude: isolated, isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated, isolate: true } },
    ],
  },
});
