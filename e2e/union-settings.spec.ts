import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startPostgres, type PgCluster } from '../tests/pg';
import { cli, demoDataDir, startServer, type RunningServer } from './server';

/**
 * Cài đặt → Liên thông against a REAL union server (`union serve` on a PostgreSQL the spec starts): the librarian
 * types the district's address and the school's key, saves, presses "Đồng bộ ngay"; the union then finds the
 * school's Dế Mèn, the key is never shown again in full, and the sidebar shows the last push.
 */
let pg: PgCluster;
let unionProcess: ChildProcess;
let unionUrl: string;
let key: string;
let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  pg = await startPostgres({ quiet: true });
  const url = await pg.createDatabase('union_e2e');
  cli('union', 'init', '--pg', url);
  key = cli('union', 'add-school', '--pg', url, '--name', 'THCS An Vĩnh').trim().split('\n').at(-1)!.trim();
  unionProcess = spawn(process.execPath, [path.resolve(__dirname, '..', 'scripts', 'cli.mjs'), 'union', 'serve', '--pg', url, '--host', '127.0.0.1', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  unionUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    unionProcess.stdout!.on('data', (d) => {
      out += String(d);
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    unionProcess.stderr!.on('data', (d) => { out += String(d); });
    unionProcess.on('exit', (code) => reject(new Error(`union serve exited ${code}: ${out}`)));
  });
  server = await startServer({ dataDir: demoDataDir('union') });
});

test.afterAll(async () => {
  await server?.stop();
  unionProcess?.removeAllListeners('exit');
  unionProcess?.kill('SIGTERM');
  await pg?.stop();
});

test('Cài đặt → Liên thông: save the address and key, "Đồng bộ ngay", the union finds the school\'s books', async ({ page }) => {
  await page.goto(`${server.url}#/cai-dat`);
  const panel = page.getByRole('region', { name: 'Liên thông' });
  await expect(panel.getByTestId('union-status')).toContainText('Chưa cài đặt');

  // An address outside the school network over plain http is refused in Vietnamese.
  await panel.getByLabel('Địa chỉ máy chủ liên thông').fill('http://203.113.1.5:8090/');
  await panel.getByLabel('Khoá của trường').fill(key);
  await panel.getByRole('button', { name: 'Lưu' }).click();
  await expect(panel.getByRole('alert')).toContainText('không nằm trong mạng nội bộ: hãy dùng https://');

  await panel.getByLabel('Địa chỉ máy chủ liên thông').fill(unionUrl);
  await panel.getByRole('button', { name: 'Lưu' }).click();
  await expect(panel).toContainText('Đã lưu cài đặt liên thông.');
  // The key is never shown again: the field is empty, its hint shows the last four characters only.
  await expect(panel.getByLabel('Khoá của trường')).toHaveValue('');
  await expect(panel.getByLabel('Khoá của trường')).toHaveAttribute('placeholder', `Đã lưu (••••${key.slice(-4)}) — nhập để đổi`);
  expect(await page.content()).not.toContain(key);

  await panel.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect(panel).toContainText(/Đã đồng bộ cho THCS An Vĩnh: gửi [\d.]+ đầu sách lên mục lục liên hợp\./);
  await expect(panel.getByTestId('union-status')).toContainText('Đồng bộ thành công gần nhất:');
  await expect(page.getByTestId('union-status-bar')).toContainText(/Liên thông: đồng bộ lúc \d{2}\/\d{2}\/\d{4}/);

  const res = await fetch(`${unionUrl}api/search?q=de%20men`);
  const found = await res.json() as { results: { title: string; holdings: { school: string; total: number }[] }[] };
  const de = found.results.find((r) => r.title.startsWith('Dế Mèn'))!;
  expect(de.holdings.map((h) => h.school)).toEqual(['THCS An Vĩnh']);
  expect(de.holdings[0].total).toBeGreaterThan(0);
});
