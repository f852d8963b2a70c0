// Builds the CLI ahead of time: `main/cli-bin.ts` bundled by esbuild into out/cli.js. Used by
// `npm run cli` (scripts/cli.mjs) and by the unit tests' global setup (tests/cli-global-setup.ts), which
// build it once per run so every test that runs a command starts the bundle, not tsx.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The bundle: in out/ so that `assets/` is found beside it as from the sources (main/paths.ts). */
export const CLI_BUNDLE = path.join(root, 'out', 'cli.js');
const require = createRequire(import.meta.url);

/** Native and heavy packages stay in node_modules (as in the Electron build). */
export const EXTERNAL = ['better-sqlite3', 'typeorm', 'reflect-metadata', 'pg'];

/**
 * Packages only some commands use, each 0.2–0.8 s to load: required on first use, not at start
 * (`help`, `stats`, `backup` never pay for them). The code imports them only as default imports
 * (`import ExcelJS from 'exceljs'`), which is what the stand-in module below provides.
 */
export const LAZY = ['exceljs', 'pdfkit', 'jsbarcode'];

const lazyPlugin = {
  name: 'lazy-require',
  setup(build) {
    const filter = new RegExp(`^(${LAZY.join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'lazy'
      ? { path: args.path, external: true }
      : { path: args.path, namespace: 'lazy' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      loader: 'js',
      contents: `let loaded;
Object.defineProperty(exports, '__esModule', { value: true });
Object.defineProperty(exports, 'default', { enumerable: true, get: () => (loaded ??= require(${JSON.stringify(args.path)})) });`,
    }));
  },
};

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(path.join(root, 'main'));
  walk(path.join(root, 'shared'));
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.base.json', 'scripts/cli.mjs', 'scripts/cli-build.mjs']) {
    const p = path.join(root, f);
    if (fs.existsSync(p)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

export async function buildCli() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'main', 'cli-bin.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    plugins: [lazyPlugin],
    tsconfig: path.join(root, 'tsconfig.json'),
    write: false,
    logLevel: 'warning',
    outfile: CLI_BUNDLE,
  });
  // Written beside and renamed: two scripts starting at once never run a half-written bundle.
  fs.mkdirSync(path.dirname(CLI_BUNDLE), { recursive: true });
  const tmp = `${CLI_BUNDLE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, CLI_BUNDLE);
}

/** Rebuilds the bundle when missing, older than a source file, or when `force` (KESACH_CLI_REBUILD). Returns its path. */
export async function ensureCli(force = false) {
  const stale = !fs.existsSync(CLI_BUNDLE) || fs.statSync(CLI_BUNDLE).mtimeMs < newestSource();
  if (stale || force) await buildCli();
  return CLI_BUNDLE;
}
