import { version } from '../../../package.json';

/**
 * The app's version, read from package.json when the code is built (bundled into the app), so a packaged
 * app, which runs without npm and so without `npm_package_version`, reports the same version as a dev run.
 */
export const APP_VERSION: string = version;
