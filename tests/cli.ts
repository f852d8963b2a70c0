import fs from 'node:fs';
import { CLI_BUNDLE } from '../scripts/bundles.cjs';

/**
 * The CLI as `npm run cli -- …` runs it: the bundle out/cli.js, built from the current sources by the
 * tests' global setup (tests/cli-global-setup.ts). Run it as `spawnSync(process.execPath, [CLI, ...args])`.
 */
export const CLI = CLI_BUNDLE;

if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run the tests through Vitest (its global setup builds it)`);
