import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Electron never runs on these machines: the main process is exercised against a mock of its API.
const state = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; contents: MockContents }[],
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  contentsCreated: [] as ((event: unknown, contents: unknown) => void)[],
  ready: null as null | (() => void),
  permissionHandler: null as null | ((...a: unknown[]) => void),
  singleLock: true,
  savePath: '',
}));

type Listener = (...args: unknown[]) => void;
class MockContents {
  listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: unknown[][] = [];
  on(name: string, l: Listener) { this.listeners.set(name, [...(this.listeners.get(name) ?? []), l]); return this; }
  emit(name: string, ...args: unknown[]) { (this.listeners.get(name) ?? []).forEach((l) => l(...args)); }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) { this.windowOpenHandler = h; }
  send(...args: unknown[]) { this.sent.push(args); }
}

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = new MockContents();
    constructor(public options: Record<string, unknown>) {
      state.windows.push({ options, contents: this.webContents });
      state.contentsCreated.forEach((l) => l({}, this.webContents));
    }
    once() {}
    show() {}
    isMinimized() { return false; }
    restore() {}
    focus() {}
    loadFile() { return Promise.resolve(); }
    loadURL() { return Promise.resolve(); }
  }
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (h: (...a: unknown[]) => void) => { state.permissionHandler = h; },
      setPermissionCheckHandler: () => {},
      webRequest: { onHeadersReceived: () => {} },
    },
  };
  const app = {
    requestSingleInstanceLock: () => state.singleLock,
    quit: vi.fn(),
    on: (name: string, l: (...a: unknown[]) => void) => { if (name === 'web-contents-created') state.contentsCreated.push(l); },
    whenReady: () => new Promise<void>((resolve) => { state.ready = resolve; }),
    isPackaged: false,
    getAppPath: () => process.cwd(),
  };
  const ipcMain = { handle: (ch: string, h: (...args: unknown[]) => unknown) => state.handlers.set(ch, h) };
  const shell = { openExternal: vi.fn(), openPath: vi.fn(async () => '') };
  const dialog = { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: state.savePath })) };
  const mod = { app, BrowserWindow, ipcMain, shell, session, dialog };
  return { ...mod, default: mod };
});

let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-electron-'));
  process.env.KESACH_DATA_DIR = dataDir;
  await import('./index');
  state.ready!();
  await vi.waitFor(() => expect(state.windows.length).toBe(1), { timeout: 20_000 });
});
afterAll(() => {
  delete process.env.KESACH_DATA_DIR;
});

describe('Electron main process (mocked electron)', () => {
  it('creates the window with the security switches on', () => {
    const prefs = state.windows[0].options.webPreferences as Record<string, unknown>;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(String(prefs.preload)).toMatch(/preload/);
  });

  it('denies navigation away from the app, new windows and permission requests', () => {
    const contents = state.windows[0].contents;
    const prevent = vi.fn();
    contents.emit('will-navigate', { preventDefault: prevent }, 'https://example.com/');
    expect(prevent).toHaveBeenCalledTimes(1);
    const allowed = vi.fn();
    contents.emit('will-navigate', { preventDefault: allowed }, 'file:///app/index.html');
    expect(allowed).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const webview = vi.fn();
    contents.emit('will-attach-webview', { preventDefault: webview });
    expect(webview).toHaveBeenCalled();
    const decision = vi.fn();
    state.permissionHandler!({}, 'media', decision);
    expect(decision).toHaveBeenCalledWith(false);
  });

  it('serves the contract over IPC only to its own frame', async () => {
    const invoke = state.handlers.get('kesach:invoke')!;
    const foreign = await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'settings.getSchool', {});
    expect(foreign).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const own = (await invoke({ senderFrame: { url: 'file:///app/out/renderer/index.html' } }, 'settings.getSchool', {})) as { ok: boolean };
    expect(own.ok).toBe(true);
    const bad = await invoke({ senderFrame: { url: 'file:///app/index.html' } }, 'settings.saveSchool', { schoolName: '' });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('pushes a recognised scanner burst as an event and swallows its Enter', () => {
    const contents = state.windows[0].contents;
    let t = 1_000_000;
    const realNow = Date.now;
    Date.now = () => t;
    try {
      for (const key of 'HS000123') {
        contents.emit('before-input-event', { preventDefault: vi.fn() }, { type: 'keyDown', key });
        t += 8;
      }
      const enter = vi.fn();
      contents.emit('before-input-event', { preventDefault: enter }, { type: 'keyDown', key: 'Enter' });
      expect(enter).toHaveBeenCalled();
      expect(contents.sent).toContainEqual(['kesach:event', 'scanner.scan', { code: 'HS000123', at: t }]);
    } finally {
      Date.now = realNow;
    }
  });

  it('opens and saves generated files through the desktop shell, only from the exports folder', async () => {
    const electron = await import('electron');
    const invoke = state.handlers.get('kesach:invoke')!;
    const own = { senderFrame: { url: 'file:///app/out/renderer/index.html' } };
    fs.writeFileSync(path.join(dataDir, 'exports', 'So-DKCB.pdf'), '%PDF-1.7\n');
    expect(await invoke(own, 'files.open', { fileName: 'So-DKCB.pdf' })).toEqual({ ok: true, value: { ok: true } });
    expect(electron.shell.openPath).toHaveBeenCalledWith(path.join(dataDir, 'exports', 'So-DKCB.pdf'));
    expect(await invoke(own, 'files.open', { fileName: '../kesach.db' })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    state.savePath = path.join(dataDir, 'copy.pdf');
    expect(await invoke(own, 'files.saveAs', { fileName: 'So-DKCB.pdf' })).toEqual({ ok: true, value: { path: state.savePath } });
    expect(fs.readFileSync(state.savePath, 'utf8')).toBe('%PDF-1.7\n');
  });
});
