// `npm run cli -- …`: runs the CLI built ahead of time (out/cli.js, one esbuild bundle, see
// scripts/bundles.cjs), rebuilding it first when any source file is newer than the build, so a fresh
// clone and every edit run current code. Starting the bundle takes a fraction of what compiling
// TypeScript with tsx at every call took.
import { createRequire } from 'node:module';
import { ensureCli } from './bundles.cjs';

const require = createRequire(import.meta.url);
require(await ensureCli(Boolean(process.env.KESACH_CLI_REBUILD)));
