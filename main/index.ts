import path from 'node:path';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { openContext } from './app-context';
import { createDesktopBridge } from './desktop';
import { registerIpc } from './ipc/register';
import { EVENT_CHANNEL } from '../shared/ipc';
import { defaultDataDir } from './paths';
import { attachScanner } from './scanner/electron-listener';
import { hardenSession, hardenWebContents, isAllowedExternal, mainWindowOptions } from './security';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;

if (!app.requestSingleInstanceLock()) {
  // Two processes must never open one database.
  app.quit();
} else {
  process.env.KESACH_ASSETS_DIR ??= app.isPackaged
    ? path.join(process.resourcesPath, 'assets')
    : path.join(app.getAppPath(), 'assets');
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => {
      if (isAllowedExternal(url)) void shell.openExternal(url);
    }, devServerUrl);
  });

  void app.whenReady().then(async () => {
    const ctx = await openContext({
      dataDir: defaultDataDir(),
      mode: 'electron',
      offload: true,
      emit: (event, payload) => window?.webContents.send(EVENT_CHANNEL, event, payload),
    });
    ctx.desktop = createDesktopBridge(() => window);
    hardenSession((await import('electron')).session.defaultSession);
    registerIpc(ipcMain, ctx, devServerUrl);

    window = new BrowserWindow(mainWindowOptions(path.join(__dirname, '../preload/preload.js')));
    attachScanner(window.webContents, ctx);
    window.once('ready-to-show', () => window?.show());
    if (devServerUrl) await window.loadURL(devServerUrl);
    else await window.loadFile(path.join(__dirname, '../renderer/index.html'));

    app.on('window-all-closed', async () => {
      await ctx.offload?.close();
      await ctx.db.destroy();
      app.quit();
    });
  });
}
