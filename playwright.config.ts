import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where installed (no browser downloads here); Playwright's own browser elsewhere.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

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
      args: systemChromium
        ? ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
        : [],
    },
  },
});
