import { ensureCli, ensureServe } from '../scripts/bundles.cjs';

/**
 * Runs once before Playwright's workers start: builds browser mode (out/serve/, started by startServer)
 * and the CLI (out/cli.js, run by cli()) when a source is newer, so the workers never build them side by side.
 */
export default async function globalSetup(): Promise<void> {
  await ensureServe();
  await ensureCli();
}
