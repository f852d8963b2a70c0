import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, shell } from 'electron';
import { openContext } from './app-context';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import { createDesktopBridge } from './desktop';
import { registerIpc } from './ipc/register';
import { OpacHost } from './server/opac-host';
import { opacHolder, startOpacIfEnabled } from './services/opac/settings';
import { EVENT_CHANNEL } from '../shared/ipc';
import { cliArguments } from './cli/types';
import { databaseFileIn, defaultDataDir } from './paths';
import { acquireDatabaseLock, type DatabaseLock } from './services/backup/lock';
import { startBackupSchedule } from './services/backup/schedule';
import { startUnionSchedule } from './services/union/sync';
import { startReservationSweep } from './services/reservations/sweep';
import { attachScanner } from './scanner/electron-listener';
import { APP_ENTRY_URL, hardenSession, hardenWebContents, isAllowedExternal, mainWindowOptions } from './security';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;

process.env.KESACH_ASSETS_DIR ??= app.isPackaged
  ? path.join(process.resourcesPath, 'assets')
  : path.join(app.getAppPath(), 'assets');

const cliArgs = cliArguments(process.argv);

if (cliArgs) {
  // The command line from the installed app (the runAsNode fuse is off, so ELECTRON_RUN_AS_NODE
  // cannot be used): no window, no single-instance lock (a scheduled backup runs beside the open
  // app; SQLite's WAL and the online backup allow that), the same commands as `npm run cli`.
  void import('./cli').then(({ runCli }) => runCli(cliArgs)).then(
    (code) => app.exit(code),
    (error) => {
      process.stderr.write(`Lỗi: ${(error as Error).message}\n`);
      app.exit(1);
    },
  );
} else if (!app.requestSingleInstanceLock()) {
  // Two processes must never open one database.
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
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
    let served: Awaited<ReturnType<typeof openContext>> | null = null;
    registerAppProtocol(protocol, path.join(__dirname, '../renderer'), () => served);
    // The database's lock, held for the app's whole life: a CLI restore, init or demo is refused
    // while it runs (and the app does not start under one of them).
    let lock: DatabaseLock;
    try {
      lock = acquireDatabaseLock(databaseFileIn(defaultDataDir()), 'Kệ Sách', 'mở Kệ Sách');
    } catch (error) {
      dialog.showErrorBox('Kệ Sách', (error as Error).message);
      app.quit();
      return;
    }
    const ctx = await openContext({
      dataDir: defaultDataDir(),
      mode: 'electron',
      offload: true,
      // A damaged database opens in a limited mode: the screens offer the newest verified backup.
      onDamage: 'report',
      emit: (event, payload) => window?.webContents.send(EVENT_CHANNEL, event, payload),
    });
    served = ctx;
    ctx.desktop = createDesktopBridge(() => window);
    // Backups: now if the last verified one is older than a day, every few hours, and on close.
    const backups = startBackupSchedule(ctx);
    hardenSession((await import('electron')).session.defaultSession);
    registerIpc(ipcMain, ctx, devServerUrl);
    // Tra cứu trực tuyến: opened at start when switched on in Cài đặt (on its own thread).
    ctx.opac = new OpacHost({ dataDir: ctx.dataDir, databaseFile: ctx.databaseFile }, ctx.emit);
    // Liên thông: the hourly push to the district union catalogue, when Cài đặt → Liên thông has one.
    const union = startUnionSchedule(ctx);
    // Đặt trước: holds past their last day pass on at start and once a day.
    const sweep = startReservationSweep(ctx);
    ctx.holders = [opacHolder(ctx), backups.holder, union.holder, sweep.holder];
    void startOpacIfEnabled(ctx);

    window = new BrowserWindow(mainWindowOptions(path.join(__dirname, '../preload/preload.js')));
    attachScanner(window.webContents, ctx);
    window.once('ready-to-show', () => window?.show());
    await window.loadURL(devServerUrl ?? APP_ENTRY_URL);

    app.on('window-all-closed', async () => {
      sweep.stop();
      await union.stop();
      await backups.stop();
      await ctx.opac?.close();
      await ctx.offload?.close();
      await ctx.database.close();
      lock.release();
      app.quit();
    });
  });
}
