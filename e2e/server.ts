import { expect, type Locator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureServe } from '../scripts/bundles.cjs';

export interface RunningServer {
  /** Base URL with the token, as printed for the user. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '..');

/**
 * Starts browser mode (`main/server/serve.ts`) on a free port with a temp data folder. It runs the bundle
 * out/serve/serve.js (scripts/bundles.cjs), rebuilt here first when a source is newer: under tsx each start
 * compiled main/ again, and its offload worker a second time (about 2 CPU-seconds each).
 */
export async function startServer(options: { dataDir?: string; db?: string } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-e2e-'));
  const args = [await ensureServe(), '--port', '0', '--data', dataDir];
  if (options.db) args.push('--db', options.db);
  const env = { ...process.env, KESACH_DATA_DIR: dataDir, KESACH_ASSETS_DIR: path.join(root, 'assets') };
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (c) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr!.on('data', (c) => (out += c.toString()));
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${out}`)); });
  });
  return {
    url,
    dataDir,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** A running server's desk, reached as the renderer does: its origin, its token, and `call` for a contract method. */
export interface Desk {
  origin: string;
  token: string;
  /** POSTs `/api/call/<method>` with the token; the value, or throws the desk's own message. */
  call<T = unknown>(method: string, input: unknown): Promise<T>;
}

/** The desk of a server started by startServer (its url carries the token). */
export function deskOf(server: RunningServer): Desk {
  const url = new URL(server.url);
  const origin = url.origin;
  const token = url.searchParams.get('token')!;
  return {
    origin, token,
    async call<T>(method: string, input: unknown): Promise<T> {
      const r = await fetch(`${origin}/api/call/${method}`, {
        method: 'POST', headers: { 'x-kesach-token': token, 'content-type': 'application/json' }, body: JSON.stringify(input),
      });
      const body = await r.json() as { ok: boolean; value: T; message?: string };
      if (!body.ok) throw new Error(body.message);
      return body.value;
    },
  };
}

/** A port free on 127.0.0.1 just now (for a second listener the test switches on, such as the OPAC). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * A picture of the screen for a person to look at (in test-results/ or the temp folder). It proves nothing,
 * so the gate (CI set, as `.ci/run` does) skips it: a full-page PNG of a long list took 0,7–1,3 s of a
 * worker's time, 36 of them in the suite. KESACH_SHOTS=1 takes them under CI too; a run without CI always does.
 */
export async function screenshot(target: Page | Locator, file: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.CI && process.env.KESACH_SHOTS !== '1') return;
  if ('goto' in target) await target.screenshot({ path: file, fullPage: options.fullPage });
  else await target.screenshot({ path: file });
}

/** Runs the CLI (`npm run cli -- …`) the way scripts do, returning its stdout. */
export function cli(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(root, 'scripts', 'cli.mjs'), ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
}

interface DemoTemplate { day: string; dir: string }

/** The demo library for this day, made by `cli demo --seed 1` in a folder of its own. */
export function makeDemoTemplate(): DemoTemplate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-e2e-demo-'));
  cli('demo', '--db', path.join(dir, 'kesach.db'), '--seed', '1');
  return { day: new Date().toDateString(), dir };
}

/** Made once for the whole run by e2e/global-setup.ts, which passes it to the workers as KESACH_E2E_DEMO. */
let demoTemplate: DemoTemplate | undefined = process.env.KESACH_E2E_DEMO ? JSON.parse(process.env.KESACH_E2E_DEMO) as DemoTemplate : undefined;

/**
 * A fresh data folder holding the demo school library (`cli demo --seed 1`), for a server to start on.
 * The library is made once per run (again in a worker if the day changed: the demo's dates follow the
 * clock) and copied for each call: the CLI run took seconds each time.
 */
export function demoDataDir(label: string): string {
  if (demoTemplate?.day !== new Date().toDateString() || !fs.existsSync(demoTemplate.dir)) demoTemplate = makeDemoTemplate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kesach-e2e-${label}-`));
  fs.cpSync(demoTemplate.dir, dir, { recursive: true });
  return dir;
}

/** Reads the database the server writes (WAL: a second connection sees committed data). */
export function query<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'kesach.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Milliseconds between two keys of a scanner burst (a USB scanner types a 9-character code in about 50 ms). */
export const SCAN_KEY_GAP_MS = 5;
/** Milliseconds between two keys typed by a person in the tests (the scan detector takes ≥ 90 ms as typing). */
export const HAND_KEY_GAP_MS = 120;

/**
 * Sends keys through CDP `Input.dispatchKeyEvent` with explicit timestamps `gapMs` apart, starting at `at`
 * (ms since the epoch). Chromium makes them the events' `timeStamp`, which is what the scan detector
 * measures, so the keys read at the intended speed however slowly a loaded machine delivers them. Returns
 * once one more gap has passed after the last key, so later keys (the browser stamps Playwright's own on
 * arrival) come after, as after a real scanner or a person.
 */
async function sendKeys(page: Page, keys: string[], gapMs: number, at: number): Promise<{ start: number; end: number }> {
  const cdp = await page.context().newCDPSession(page);
  const start = at;
  try {
    for (const k of keys) {
      const upper = k.toUpperCase();
      const [key, text, keyCode, code] = k === 'Enter' ? ['Enter', '\r', 13, 'Enter']
        : k === ' ' ? [' ', ' ', 32, 'Space']
        : [k, k, /^[0-9A-Z]$/.test(upper) ? upper.charCodeAt(0) : 0, /^[0-9]$/.test(k) ? `Digit${k}` : /^[A-Z]$/.test(upper) ? `Key${upper}` : ''];
      const common = { key, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode };
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...common, text, unmodifiedText: text, timestamp: at / 1000 });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common, timestamp: (at + 1) / 1000 });
      at += gapMs;
    }
  } finally {
    await cdp.detach();
  }
  const end = at - gapMs;
  // The keys' own pace continues after the last one: a person's pause, a scanner's end of burst.
  const ahead = at - Date.now();
  if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
  return { start, end };
}

/**
 * A keyboard-wedge scanner: the whole code in a fast even burst, then Enter, stamped SCAN_KEY_GAP_MS apart
 * (see sendKeys): a test that fails here means the app, not the machine's load. `at` stamps the first key
 * (default now): a test about the time between two scans gives it from the previous burst's `end` rather
 * than from the clock.
 */
/**
 * Opens Lưu thông and waits until the desk is on screen: a scan sent as soon as `goto` returns can reach the page
 * before the app has mounted and started listening, and is lost (reservations.spec failed so on a loaded CI run).
 */
export async function openDesk(page: Page, url: string): Promise<void> {
  await page.goto(url + '#/luu-thong');
  await expect(page.getByLabel('Nhập mã bằng tay')).toBeVisible();
}

export async function scan(page: Page, code: string, options: { at?: number } = {}): Promise<{ start: number; end: number }> {
  return sendKeys(page, [...code, 'Enter'], SCAN_KEY_GAP_MS, options.at ?? Date.now());
}

/** Keys typed by a person, HAND_KEY_GAP_MS apart by their own timestamps (never taken for a scan, whatever the load), then Enter if asked. */
export async function typeByHand(page: Page, text: string, options: { enter?: boolean } = {}): Promise<void> {
  // Starts a person's pause after now, so the first key never joins a burst that ended just before.
  await sendKeys(page, [...text, ...(options.enter ? ['Enter'] : [])], HAND_KEY_GAP_MS, Date.now() + HAND_KEY_GAP_MS);
}
