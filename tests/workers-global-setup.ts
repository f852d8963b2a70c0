import path from 'node:path';
import { ensureServe } from '../scripts/bundles.cjs';

/**
 * Runs once before a Vitest run: builds browser mode's bundle (out/serve/, as e2e starts it) when a source is
 * newer, and points the worker threads that tests start — the offload worker (main/services/offload.ts) and
 * the OPAC's thread (main/server/opac-host.ts) — at its worker.js and opac-worker.js, built from the same
 * sources: under tsx each thread compiled main/ again (about 1,3 CPU-s a thread against 0,45 bundled).
 * The bundle finds assets/ through KESACH_ASSETS_DIR, set to the folder main/paths.ts resolves anyway.
 */
export default async function setup(): Promise<void> {
  process.env.KESACH_TEST_WORKERS = path.dirname(await ensureServe());
  process.env.KESACH_ASSETS_DIR ??= path.resolve(__dirname, '..', 'assets');
}
