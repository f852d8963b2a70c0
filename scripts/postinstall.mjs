// Nothing to rebuild for Node: better-sqlite3 is built for Node by npm.
// electron-builder rebuilds native modules for Electron at pack time (npm run dist).
