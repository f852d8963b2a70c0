/**
 * Run by `npm run test:e2e` before Playwright: the e2e tests use the system's Chromium when there is one,
 * else Playwright's own, downloaded here the first time (`playwright install chromium`), so a fresh
 * machine needs nothing but `npm ci` before `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { systemChromium } from '../e2e/browser';

async function main(): Promise<number> {
  if (systemChromium()) return 0;
  try {
    await (await chromium.launch({ headless: true })).close();
    return 0;
  } catch (error) {
    if (!/Executable doesn't exist|playwright install/i.test(String(error))) throw error;
  }
  console.log('Installing Playwright\'s Chromium for the e2e tests (once)…');
  const r = spawnSync(process.execPath, [require.resolve('@playwright/test/cli'), 'install', 'chromium'], { stdio: 'inherit' });
  return r.status ?? 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
