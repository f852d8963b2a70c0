import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureServe } from '../../scripts/bundles.cjs';

const root = path.resolve(__dirname, '..', '..');

describe('browser mode on a port that is taken', () => {
  it('says in Vietnamese which port is busy and how to pick another, instead of a raw EADDRINUSE', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-port-'));
    try {
      // Browser mode bundled from main/server/serve.ts (as e2e starts it): tsx compiled main/ first, ~2 CPU-s.
      const run = spawnSync(process.execPath, [await ensureServe(), '--port', String(port), '--data', dataDir],
        { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, KESACH_ASSETS_DIR: path.join(root, 'assets') } });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Cổng ${port} đang bận`);
      expect(run.stderr).toContain('--port');
      expect(run.stderr).toContain('KESACH_PORT');
      expect(run.stderr).not.toContain('EADDRINUSE');
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
