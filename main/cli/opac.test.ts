import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../tests/cli';
import { generateDemo } from '../services/demo';
import { tempContext, type TestContext } from '../test-utils';

const root = path.resolve(__dirname, '..', '..');
let ctx: TestContext;
beforeAll(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 1, now: ctx.now() });
  await ctx.database.close();
}, 120_000);
afterAll(async () => ctx.cleanup());

describe('npm run cli -- opac --db DB [--host 127.0.0.1] [--port N]', () => {
  it('prints a line with http://HOST:PORT/ (--port 0 takes a free port), serves the search, and stops on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [CLI,
      'opac', '--db', ctx.databaseFile, '--host', '127.0.0.1', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c.toString();
        const m = /(http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.stderr.on('data', (c) => (out += c.toString()));
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(url).not.toBe('http://127.0.0.1:0/');
    const body = await (await fetch(`${url}api/search?q=de%20men`)).json() as { total: number; results: { title: string }[] };
    expect(body.results[0].title).toBe('Dế Mèn phiêu lưu ký');
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 60_000);
});
