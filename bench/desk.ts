import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright';

/**
 * Runs in the page (as source text, so the bundler's helpers never leak into it): resolves with the
 * ms from the Enter keydown to the frame after the last-action line shows `expected`.
 */
const WAIT_FOR_TEXT = `function (expected) {
  return new Promise(function (resolve, reject) {
    function shown() { var el = document.querySelector('[data-testid="last-action"]'); return !!el && el.textContent.indexOf(expected) >= 0; }
    function done() { requestAnimationFrame(function () { resolve(performance.now() - window.__t0); }); }
    if (shown()) return done();
    var obs = new MutationObserver(function () { if (shown()) { obs.disconnect(); done(); } });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    setTimeout(function () { reject(new Error('không thấy ' + expected)); }, 5000);
  });
}`;

export interface Desk {
  page: Page;
  /** Types `code` at scanner speed + Enter; the ms until `done` shows on the last-action line. */
  scanned(code: string, done: string): Promise<number>;
  close(): Promise<void>;
}

/** The circulation desk in Chromium against a browser-mode server, ready to time scans. */
export async function openDesk(serverUrl: string): Promise<Desk> {
  const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  const browser: Browser = await chromium.launch({ executablePath: systemChromium, args: systemChromium ? ['--no-sandbox', '--disable-gpu'] : [] });
  const page = await browser.newPage();
  // Registered before the app's own listener: stamps the Enter that ends each burst.
  await page.addInitScript(`window.addEventListener('keydown', function (e) { if (e.key === 'Enter') window.__t0 = performance.now(); }, true);`);
  await page.goto(serverUrl + '#/luu-thong');
  await page.getByTestId('last-action').waitFor();
  return {
    page,
    async scanned(code, done) {
      await page.keyboard.type(code, { delay: 5 });
      await page.keyboard.press('Enter');
      return page.evaluate(`(${WAIT_FOR_TEXT})(${JSON.stringify(done)})`) as Promise<number>;
    },
    close: () => browser.close(),
  };
}
