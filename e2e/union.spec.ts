import { expect, test, type Response } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startPostgres, type PgCluster } from '../tests/pg';
import { cli, demoDataDir, query } from './server';

/**
 * The district union catalogue on a phone (390×844), end to end through the command line: a real PostgreSQL
 * (tests/pg.ts), `union init`, two schools added, each demo library pushed with `union push`, `union serve`;
 * the page finds "de men" with both schools' copies as their own databases count them, lists the schools,
 * offers the Excel, fits the screen, and no answer carries a reader's name or card.
 */
test.use({ viewport: { width: 390, height: 844 } });

const root = path.resolve(__dirname, '..');
let pg: PgCluster;
let serve: ChildProcess;
let union: string;
const schools: { name: string; dataDir: string }[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  pg = await startPostgres();
  const url = await pg.createDatabase('union_e2e');
  cli('union', 'init', '--pg', url);
  for (const name of ['THCS An Vĩnh', 'Tiểu học Lý Sơn']) {
    const key = cli('union', 'add-school', '--pg', url, '--name', name).trim().split('\n').at(-1)!;
    schools.push({ name, dataDir: demoDataDir(`union-${schools.length}`) });
    (schools.at(-1) as { key?: string }).key = key;
  }
  serve = spawn(process.execPath, [path.join(root, 'scripts', 'cli.mjs'), 'union', 'serve', '--pg', url, '--host', '127.0.0.1', '--port', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  union = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`union serve did not start: ${out}`)), 60_000);
    serve.stdout!.on('data', (c) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    serve.stderr!.on('data', (c) => (out += c.toString()));
    serve.on('exit', (code) => { clearTimeout(timer); reject(new Error(`union serve exited ${code}: ${out}`)); });
  });
  for (const s of schools as { name: string; dataDir: string; key: string }[]) {
    cli('union', 'push', '--server', union, '--key', s.key, '--db', path.join(s.dataDir, 'kesach.db'));
  }
});

test.afterAll(async () => {
  if (serve && serve.exitCode === null) {
    serve.removeAllListeners('exit');
    await new Promise<void>((resolve) => { serve.once('exit', () => resolve()); serve.kill('SIGTERM'); });
  }
  await pg?.stop();
  for (const s of schools) fs.rmSync(s.dataDir, { recursive: true, force: true });
});

test('a phone finds "de men" at both schools with their own counts, sees the schools and the Excel; no reader data', async ({ page }) => {
  const bodies: string[] = [];
  page.on('response', async (r: Response) => {
    if (!r.url().startsWith(union)) return;
    try { bodies.push((await r.body()).toString('utf8')); } catch { /* a navigation's body may be gone */ }
  });
  await page.goto(union);
  await expect(page.getByRole('heading', { name: 'Tìm sách ở mọi thư viện trường trong huyện' })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Tìm sách ở mọi trường' }).fill('de men');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  const hit = page.locator('li.hit').filter({ hasText: 'Dế Mèn phiêu lưu ký' }).first();
  await expect(hit).toBeVisible();
  for (const s of schools) {
    const [{ available, total }] = query<{ available: number; total: number }>(s.dataDir, `SELECT SUM(c.status = 'available') AS available,
      SUM(c.status IN ('available', 'onLoan')) AS total FROM copy c JOIN title t ON t.id = c.title_id WHERE t.title = 'Dế Mèn phiêu lưu ký'`);
    await expect(hit.locator('.holdings li').filter({ hasText: s.name })).toContainText(`Còn ${available}/${total} bản trên giá`);
  }
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByRole('link', { name: 'Các trường' }).click();
  const table = page.getByRole('table');
  for (const s of schools) await expect(table.getByRole('row').filter({ hasText: s.name })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Thống kê (Excel)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^thong-ke-lien-thong-\d{4}-\d{2}-\d{2}\.xlsx$/);

  // The demo libraries' readers never appear in anything the union answered.
  const readers = query<{ full_name: string; card_number: string; code: string }>(schools[0].dataDir, 'SELECT full_name, card_number, code FROM reader LIMIT 200');
  const seen = bodies.join('\n');
  expect(readers.filter((r) => seen.includes(r.full_name) || seen.includes(r.card_number))).toEqual([]);
});
