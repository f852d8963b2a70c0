import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, dialog, shell } from 'electron';
import type { DesktopBridge } from './services/context';

/**
 * The desktop actions on generated files. The print window shows the PDF in Chromium's viewer (no
 * preload, sandboxed); its print button opens the system print dialog with the printer's own
 * settings, which is what a librarian expects for label sheets ("actual size").
 */
export function createDesktopBridge(getParent: () => BrowserWindow | null): DesktopBridge {
  return {
    async openPath(file) {
      const error = await shell.openPath(file);
      if (error) throw new Error(`Không mở được tệp: ${error}`);
    },
    async printPdf(file) {
      const parent = getParent() ?? undefined;
      const viewer = new BrowserWindow({
        parent,
        width: 900,
        height: 1000,
        title: `In — ${path.basename(file)}`,
        autoHideMenuBar: true,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true, webviewTag: false },
      });
      await viewer.loadFile(file);
    },
    async saveCopy(file) {
      const parent = getParent();
      const options = {
        title: 'Lưu tệp',
        defaultPath: path.basename(file),
        filters: [{ name: path.extname(file).slice(1).toUpperCase(), extensions: [path.extname(file).slice(1)] }],
      };
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      await fs.promises.copyFile(file, result.filePath);
      return result.filePath;
    },
  };
}
