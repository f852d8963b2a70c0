import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
  /** Base URL with the token, as printed for the user. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '..');

/** Starts browser mode (`main/server/serve.ts`) on a free port with a temp data folder. */
export async function startServer(options: { dataDir?: string; db?: string } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-e2e-'));
  const args = [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'main', 'server', 'serve.ts'), '--port', '0', '--data', dataDir];
  if (options.db) args.push('--db', options.db);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env: { ...process.env, KESACH_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Runs the CLI (`npm run cli -- …`) the way scripts do, returning its stdout. */
export function cli(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(root, 'scripts', 'cli.mjs'), ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
}

/** A fresh data folder holding the demo school library (`cli demo --seed 1`), for a server to start on. */
export function demoDataDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kesach-e2e-${label}-`));
  cli('demo', '--db', path.join(dir, 'kesach.db'), '--seed', '1');
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

/** A keyboard-wedge scanner: the whole code in a fast even burst, then Enter. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}
