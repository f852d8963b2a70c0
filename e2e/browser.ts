import fs from 'node:fs';

/** Where a distribution installs Chromium (Debian's package here: this machine cannot download Playwright's build). */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The system's Chromium when there is one; undefined means Playwright's own (e2e/global-setup.ts installs it). */
export function systemChromium(): string | undefined {
  return SYSTEM_CHROMIUM.find((p) => fs.existsSync(p));
}

/** Flags a distribution's Chromium needs to run headless as root in a container. */
export const SYSTEM_CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
