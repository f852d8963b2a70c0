import { runCli } from './cli';

// The entry of the built CLI (out/cli.js, see scripts/cli.mjs): `npm run cli -- …`.
void runCli(process.argv.slice(2)).then((code) => process.exit(code));
