import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'KeSach';

/**
 * The per-user data folder: %APPDATA%\KeSach on Windows, ~/Library/Application Support/KeSach on
 * macOS, $XDG_DATA_HOME/KeSach (~/.local/share/KeSach) on Linux. KESACH_DATA_DIR overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KESACH_DATA_DIR) return path.resolve(env.KESACH_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), APP_FOLDER);
}

export function databaseFileIn(dataDir: string): string {
  return path.join(dataDir, 'kesach.db');
}

export function exportsDirIn(dataDir: string): string {
  return path.join(dataDir, 'exports');
}

/** assets/ (fonts, label sheets). Electron's main sets KESACH_ASSETS_DIR; tsx runs resolve it from here. */
export function assetsDir(): string {
  const fromEnv = process.env.KESACH_ASSETS_DIR;
  if (fromEnv) return fromEnv;
  return path.resolve(__dirname, '..', 'assets');
}
