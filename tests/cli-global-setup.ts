import { ensureCli } from '../scripts/bundles.cjs';

/**
 * Runs once before a Vitest run: builds the CLI bundle (out/cli.js, as `npm run cli` does) when a source
 * is newer, so the tests that run a command start the bundle (`CLI` in tests/cli.ts) — a fraction of a
 * second — instead of compiling main/ with tsx at every call (about 2 CPU-seconds each).
 */
export default async function setup(): Promise<void> {
  await ensureCli();
}
