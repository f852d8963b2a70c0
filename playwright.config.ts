import { defineConfig } from '@playwright/test';
import { SYSTEM_CHROMIUM_ARGS, systemChromium as findSystemChromium } from './e2e/browser';

// Debian's Chromium where installed (no browser downloads here); Playwright's own browser elsewhere
// (installed by scripts/ensure-browser.ts, which `npm run test:e2e` runs first).
const systemChromium = findSystemChromium();

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    headless: true,
    locale: 'vi-VN',
    launchOptions: {
      executablePath: systemChromium,
      args: systemChromium ? SYSTEM_CHROMIUM_ARGS : [],
    },
  },
});
