import os from 'node:os';
import { defineConfig } from '@playwright/test';
import { SYSTEM_CHROMIUM_ARGS, systemChromium as findSystemChromium } from './e2e/browser';

// Debian's Chromium where installed (no browser downloads here); Playwright's own browser elsewhere
// (installed by e2e/global-setup.ts before the workers start).
const systemChromium = findSystemChromium();

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  globalSetup: './e2e/global-setup.ts',
  // Two spec files at a time: each test starts its own server on a free port with its own data folder, and
  // a test spends much of its time waiting on the server or the browser, so one worker left a core idle.
  workers: Math.max(2, Math.floor(os.availableParallelism() / 2)),
  reporter: [['list'], ['./e2e/slowest-specs-reporter.ts']],
  use: {
    headless: true,
    locale: 'vi-VN',
    launchOptions: {
      executablePath: systemChromium,
      args: systemChromium ? SYSTEM_CHROMIUM_ARGS : [],
    },
  },
});
