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
  privileged: null as unknown,
  protocolHandlers: new Map<string, (r: { url: string }) => Promise<Response>>(),
  loaded: [] as string[],
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
    loadURL(url: string) { state.loaded.push(url); return Promise.resolve(); }
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
  const protocol = {
    registerSchemesAsPrivileged: vi.fn((schemes: unknown) => { state.privileged = schemes; }),
    handle: vi.fn((scheme: string, h: (r: { url: string }) => Promise<Response>) => { state.protocolHandlers.set(scheme, h); }),
  };
  const mod = { app, BrowserWindow, ipcMain, shell, session, dialog, protocol };
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
  it('holds the database lock for its whole life (a CLI restore, init or demo is refused meanwhile)', () => {
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'kesach.db.lock'), 'utf8'))).toMatchObject({ pid: process.pid, program: 'Kệ Sách' });
  });

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
    contents.emit('will-navigate', { preventDefault: allowed }, 'app://kesach/index.html#/muon-tra');
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
    const own = (await invoke({ senderFrame: { url: 'app://kesach/index.html' } }, 'settings.getSchool', {})) as { ok: boolean };
    expect(own.ok).toBe(true);
    const bad = await invoke({ senderFrame: { url: 'app://kesach/index.html' } }, 'settings.saveSchool', { schoolName: '' });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('loads the renderer from app://kesach/, a privileged scheme, never from file://', async () => {
    expect(state.loaded).toEqual(['app://kesach/index.html']);
    expect(state.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const serve = state.protocolHandlers.get('app')!;
    expect(serve).toBeTypeOf('function');
    // Nothing outside the built renderer folder is served, however the path is spelled.
    for (const url of ['app://kesach/../main/index.js', 'app://kesach/%2e%2e/main/index.js', 'app://kesach/..%2fmain%2findex.js', 'app://evil/index.html']) {
      expect((await serve({ url })).status, url).toBe(404);
    }
  });

  it('trusts exactly app://kesach/: a local file, another app:// host or a web page get neither the contract nor navigation', async () => {
    const invoke = state.handlers.get('kesach:invoke')!;
    const contents = state.windows[0].contents;
    for (const url of ['file:///tmp/x.html', 'app://evil/index.html', 'app://kesach.evil/index.html', 'app://kesach@evil/', 'http://localhost:5173/', 'https://kesach/']) {
      expect(await invoke({ senderFrame: { url } }, 'settings.getSchool', {}), url).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      const prevent = vi.fn();
      contents.emit('will-navigate', { preventDefault: prevent }, url);
      expect(prevent, url).toHaveBeenCalledTimes(1);
      const frame = vi.fn();
      contents.emit('will-frame-navigate', { url, preventDefault: frame });
      expect(frame, url).toHaveBeenCalledTimes(1);
    }
    expect(await invoke({ senderFrame: { url: 'app://kesach/index.html#/sach' } }, 'settings.getSchool', {})).toMatchObject({ ok: true });
    expect(await invoke({ senderFrame: undefined }, 'settings.getSchool', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(contents.windowOpenHandler!({ url: 'file:///tmp/x.html' })).toEqual({ action: 'deny' });
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
    const own = { senderFrame: { url: 'app://kesach/index.html' } };
    fs.writeFileSync(path.join(dataDir, 'exports', 'So-DKCB.pdf'), '%PDF-1.7\n');
    expect(await invoke(own, 'files.open', { fileName: 'So-DKCB.pdf' })).toEqual({ ok: true, value: { ok: true } });
    expect(electron.shell.openPath).toHaveBeenCalledWith(path.join(dataDir, 'exports', 'So-DKCB.pdf'));
    expect(await invoke(own, 'files.open', { fileName: '../kesach.db' })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    state.savePath = path.join(dataDir, 'copy.pdf');
    expect(await invoke(own, 'files.saveAs', { fileName: 'So-DKCB.pdf' })).toEqual({ ok: true, value: { path: state.savePath } });
    expect(fs.readFileSync(state.savePath, 'utf8')).toBe('%PDF-1.7\n');
  });
});
