// Node programs built ahead of time with esbuild, rebuilt when a source file is newer:
// - the CLI, `main/cli-bin.ts` → out/cli.js: `npm run cli` (scripts/cli.mjs), and the unit tests' global
//   setup (tests/cli-global-setup.ts) so every test that runs a command starts the bundle, not tsx;
// - browser mode for the tests, `main/server/serve.ts` with its worker threads → out/serve/: started by
//   e2e's startServer (e2e/server.ts) — tsx compiled main/ at every start, twice with the offload worker.
// CommonJS, so that scripts/cli.mjs, Vitest's setup and Playwright's TypeScript can all load it.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
/** The bundle: in out/ so that `assets/` is found beside it as from the sources (main/paths.ts). */
const CLI_BUNDLE = path.join(root, 'out', 'cli.js');

/** Native and heavy packages stay in node_modules (as in the Electron build). */
const EXTERNAL = ['better-sqlite3', 'typeorm', 'reflect-metadata', 'pg'];

/**
 * Packages only some commands use, each 0.2–0.8 s to load: required on first use, not at start
 * (`help`, `stats`, `backup` never pay for them). The code imports them only as default imports
 * (`import ExcelJS from 'exceljs'`), which is what the stand-in module below provides.
 */
const LAZY = ['exceljs', 'pdfkit', 'jsbarcode'];

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

/** The newest modification time of the sources a bundle is built from (tests excluded). */
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
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.base.json', 'scripts/bundles.cjs']) {
    const p = path.join(root, f);
    if (fs.existsSync(p)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

async function buildCli() {
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
async function ensureCli(force = false) {
  const stale = !fs.existsSync(CLI_BUNDLE) || fs.statSync(CLI_BUNDLE).mtimeMs < newestSource();
  if (stale || force) await buildCli();
  return CLI_BUNDLE;
}

/** Browser mode bundled: out/serve/serve.js, with worker.js and opac-worker.js beside it (main/services/offload.ts, main/server/opac-host.ts). */
const SERVE_BUNDLE = path.join(root, 'out', 'serve', 'serve.js');

async function buildServe() {
  const esbuild = require('esbuild');
  const outdir = path.dirname(SERVE_BUNDLE);
  const result = await esbuild.build({
    entryPoints: {
      serve: path.join(root, 'main', 'server', 'serve.ts'),
      worker: path.join(root, 'main', 'worker.ts'),
      'opac-worker': path.join(root, 'main', 'server', 'opac-worker.ts'),
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Every package from node_modules, as under tsx: only the project's own code is bundled. The LAZY ones
    // load on first use, as in the CLI: the server and its offload worker each spent about 0.8 CPU-seconds
    // loading exceljs and pdfkit at every start, before any test asked for an Excel file or a PDF.
    packages: 'external',
    plugins: [lazyPlugin],
    tsconfig: path.join(root, 'tsconfig.json'),
    write: false,
    logLevel: 'warning',
    outdir,
  });
  fs.mkdirSync(outdir, { recursive: true });
  // Each file written beside and renamed, serve.js last: its time says the whole build is done.
  const files = result.outputFiles.sort((a, b) => Number(a.path === SERVE_BUNDLE) - Number(b.path === SERVE_BUNDLE));
  for (const f of files) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, f.contents);
    fs.renameSync(tmp, f.path);
  }
}

/**
 * Rebuilds the browser-mode bundle when missing or older than a source file. Returns the path of serve.js,
 * to run with KESACH_ASSETS_DIR set (assets/ is not beside out/serve/).
 */
async function ensureServe() {
  const stale = !fs.existsSync(SERVE_BUNDLE) || fs.statSync(SERVE_BUNDLE).mtimeMs < newestSource();
  if (stale) await buildServe();
  return SERVE_BUNDLE;
}

module.exports = { CLI_BUNDLE, EXTERNAL, LAZY, buildCli, ensureCli, SERVE_BUNDLE, buildServe, ensureServe };
