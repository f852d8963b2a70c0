import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// `"Kệ Sách.exe" --cli …` (the runAsNode fuse is off): the main process runs the CLI and exits with
// its code, opening no window and taking no single-instance lock. Electron is mocked.
const state = vi.hoisted(() => ({ exit: [] as number[], windows: 0, lock: 0, ready: 0 }));

vi.mock('electron', () => {
  class BrowserWindow { constructor() { state.windows++; } }
  const app = {
    isPackaged: false,
    getAppPath: () => process.cwd(),
    exit: (code: number) => { state.exit.push(code); },
    quit: () => {},
    requestSingleInstanceLock: () => { state.lock++; return true; },
    whenReady: () => { state.ready++; return new Promise(() => {}); },
    on: () => {},
  };
  const protocol = { registerSchemesAsPrivileged: () => {}, handle: () => {} };
  const mod = { app, BrowserWindow, protocol, ipcMain: { handle: () => {} }, shell: {}, session: {}, dialog: {} };
  return { ...mod, default: mod };
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-electron-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the installed app with --cli', () => {
  it('runs the command without a window or the instance lock and exits with its code', async () => {
    const db = path.join(dir, 'kesach.db');
    const argv = process.argv;
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; });
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
    process.argv = ['C:\\Kệ Sách\\Kệ Sách.exe', '--cli', 'stats', '--json', '--db', db];
    try {
      await import('./index');
      await vi.waitFor(() => expect(state.exit).toHaveLength(1), { timeout: 30_000 });
    } finally {
      process.argv = argv;
      write.mockRestore();
      log.mockRestore();
    }
    expect(state.exit).toEqual([0]);
    expect(JSON.parse(out.join(''))).toMatchObject({ titles: 0, copies: expect.any(Object) });
    expect(fs.existsSync(db)).toBe(true);
    expect(state).toMatchObject({ windows: 0, lock: 0, ready: 0 });
  }, 60_000);
});
