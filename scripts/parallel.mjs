// `node scripts/parallel.mjs "cmd 1" "cmd 2" …`: runs the commands side by side, as many at a time as the
// machine has cores (at least two), each one's output printed whole when it ends so logs stay readable.
// Exits non-zero when any command fails. Used by `npm run check`, `npm run typecheck` and .ci/run: tsc, eslint and the
// Electron build each keep one core busy, so one after the other left the second core idle.
import { spawn } from 'node:child_process';
import os from 'node:os';

const commands = process.argv.slice(2);
const slots = Math.max(2, os.availableParallelism());
let next = 0;
let failed = 0;

function run(command) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') } });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('close', (code, signal) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n${code === 0 ? '✓' : '✗'} ${command} (${seconds} s)\n`);
      process.stdout.write(Buffer.concat(out));
      if (code !== 0) {
        failed++;
        process.stdout.write(`✗ ${command}: exit ${code ?? signal}\n`);
      }
      resolve();
    });
  });
}

async function worker() {
  while (next < commands.length) await run(commands[next++]);
}

await Promise.all(Array.from({ length: Math.min(slots, commands.length) }, worker));
process.exit(failed ? 1 : 0);
