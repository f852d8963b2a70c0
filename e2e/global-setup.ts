import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { ensureCli, ensureServe } from '../scripts/bundles.cjs';
import { systemChromium } from './browser';
import { makeDemoTemplate } from './server';

/**
 * The system's Chromium when there is one, else Playwright's own, downloaded here the first time
 * (`playwright install chromium`), so a fresh machine needs nothing but `npm ci` before `npm test`.
 * Playwright's workers launch the browser only after this setup.
 */
async function ensureBrowser(): Promise<void> {
  if (systemChromium()) return;
  try {
    await (await chromium.launch({ headless: true })).close();
    return;
  } catch (error) {
    if (!/Executable doesn't exist|playwright install/i.test(String(error))) throw error;
  }
  console.log('Installing Playwright\'s Chromium for the e2e tests (once)…');
  const r = spawnSync(process.execPath, [require.resolve('@playwright/test/cli'), 'install', 'chromium'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`playwright install chromium failed (${r.status ?? r.signal})`);
}

/**
 * Runs once before Playwright's workers start: the browser (above), then browser mode (out/serve/, started
 * by startServer) and the CLI (out/cli.js, run by cli()) built when a source is newer, so the workers never
 * build them side by side, and the demo library the workers copy. The browser check was a tsx script of its own before Playwright, about
 * 1,2 CPU-s of compiling for an existsSync on this machine.
 */
export default async function globalSetup(): Promise<void> {
  await ensureBrowser();
  await ensureServe();
  await ensureCli();
  // The demo library every worker copies (demoDataDir): made here once instead of once per worker.
  process.env.KESACH_E2E_DEMO = JSON.stringify(makeDemoTemplate());
}
