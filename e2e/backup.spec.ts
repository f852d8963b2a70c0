import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { cli, demoDataDir, query, screenshot, startServer } from './server';

const shots = path.join(os.tmpdir(), 'kesach-shots');

test('the main screen shows the last verified backup', async ({ page }) => {
  const dataDir = demoDataDir('backup-status');
  cli('backup', '--auto', '--db', path.join(dataDir, 'kesach.db'));
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url);
    const status = page.getByTestId('backup-status');
    await expect(status).toHaveText(/^Sao lưu gần nhất: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await fs.promises.mkdir(shots, { recursive: true });
    await screenshot(page, path.join(shots, 'backup-status.png'));
  } finally {
    await server.stop();
  }
});

test('a first start never claims three days without backup, and shows the start-up backup as soon as it is verified', async ({ page }) => {
  const dataDir = demoDataDir('backup-first');
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url);
    const status = page.getByTestId('backup-status');
    await expect(status).not.toContainText('3 ngày');
    // The start-up backup pushes 'backup.changed' when done: no reload, no five-minute wait.
    await expect(status).toHaveText(/^Sao lưu gần nhất: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/, { timeout: 60_000 });
  } finally {
    await server.stop();
  }
});

test('a restore from the list in Cài đặt brings back a deleted title', async ({ page }) => {
  const dataDir = demoDataDir('backup-restore');
  const db = path.join(dataDir, 'kesach.db');
  cli('backup', '--auto', '--db', db);
  // A careless edit of the manifest: an entry naming the live database is shown as ignored, never listed.
  const manifestFile = path.join(dataDir, 'backups', 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  manifest.entries.push({ ...manifest.entries[0], file: '../kesach.db', at: new Date().toISOString() });
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  const [title] = query<{ id: number; title: string }>(dataDir, 'SELECT id, title FROM title ORDER BY id LIMIT 1');
  const server = await startServer({ dataDir });
  try {
    // The title is lost after the backup (deleted behind the app's back, as a damaged edit would).
    const raw = new Database(db);
    raw.pragma('foreign_keys = OFF');
    raw.prepare('DELETE FROM title WHERE id = ?').run(title.id);
    raw.close();

    await page.goto(server.url + '#/bien-muc');
    await page.getByRole('searchbox', { name: 'Tìm sách' }).fill(title.title);
    const results = page.getByRole('table', { name: 'Kết quả tìm kiếm' });
    await expect(results.getByRole('row', { name: new RegExp(title.title) })).toHaveCount(0);

    await page.getByRole('link', { name: 'Cài đặt' }).click();
    const section = page.getByRole('region', { name: 'Sao lưu & khôi phục' });
    const list = section.getByRole('table', { name: 'Các bản sao lưu' });
    await expect(list.getByRole('row')).toHaveCount(2);
    await expect(section.getByRole('status', { name: 'Cảnh báo về sổ sao lưu' })).toContainText('Bỏ qua mục "../kesach.db" trong sổ sao lưu (manifest.json)');
    // Seconds, so that two backups of one minute never read the same.
    await expect(list.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    await list.getByRole('button', { name: 'Khôi phục…' }).first().click();
    const confirm = section.getByRole('alertdialog', { name: 'Xác nhận khôi phục' });
    await expect(confirm).toContainText('Dữ liệu đang dùng (');
    await expect(confirm).toContainText('sẽ được thay bằng dữ liệu của bản sao lưu này');
    await screenshot(page, path.join(shots, 'backup-restore-confirm.png'), { fullPage: true });
    await confirm.getByRole('button', { name: 'Thay dữ liệu bằng bản sao lưu này' }).click();
    await expect(section).toContainText('Đã khôi phục:');
    // The data replaced is kept as a backup too.
    await expect(list).toContainText('Trước khi khôi phục');

    await page.getByRole('link', { name: 'Biên mục' }).click();
    await page.getByRole('searchbox', { name: 'Tìm sách' }).fill(title.title);
    await expect(results.getByRole('row', { name: new RegExp(title.title) }).first()).toBeVisible();
    expect(query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM title WHERE id = ?', title.id)[0].n).toBe(1);
  } finally {
    await server.stop();
  }
});

test('a damaged database: a Vietnamese screen offers the newest verified backup, and restoring it opens the library', async ({ page }) => {
  const dataDir = demoDataDir('backup-damaged');
  const db = path.join(dataDir, 'kesach.db');
  cli('backup', '--auto', '--db', db);
  // Pages in the middle of the file overwritten (a bad sector, a crashed copy).
  const size = fs.statSync(db).size;
  const fd = fs.openSync(db, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096 * 8, 0x5a), 0, 4096 * 8, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
  const damaged = fs.readFileSync(db);
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url);
    const box = page.getByRole('alert', { name: 'Dữ liệu bị hỏng' });
    await expect(box.getByRole('heading', { name: 'Tệp dữ liệu bị hỏng' })).toBeVisible();
    await expect(box).toContainText('Kệ Sách không ghi gì vào tệp này');
    await expect(box).toContainText('Bản sao lưu tốt gần nhất:');
    await screenshot(page, path.join(shots, 'backup-damaged.png'), { fullPage: true });
    // Nothing was written to the damaged file; a copy of it is kept in backups/.
    expect(fs.readFileSync(db).equals(damaged)).toBe(true);
    expect(fs.readdirSync(path.join(dataDir, 'backups')).some((f) => /^kesach-hong-.*\.db$/.test(f))).toBe(true);

    await box.getByRole('button', { name: 'Khôi phục…' }).first().click();
    await page.getByRole('alertdialog', { name: 'Xác nhận khôi phục' }).getByRole('button', { name: 'Thay dữ liệu bằng bản sao lưu này' }).click();
    await expect(page.getByText('Đã khôi phục dữ liệu từ bản sao lưu')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Chức năng' })).toBeVisible();
    await expect(page.getByTestId('backup-status')).toContainText('Sao lưu gần nhất:');
    expect(query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM title')[0].n).toBeGreaterThan(0);
  } finally {
    await server.stop();
  }
});

test('a damaged database with no checked backup: "Chọn tệp sao lưu…" takes a copy from a USB stick, refuses junk, and restores', async ({ page }) => {
  const dataDir = demoDataDir('backup-damaged-usb');
  const db = path.join(dataDir, 'kesach.db');
  const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-e2e-usb-'));
  const onStick = path.join(usb, 'thu-vien-thang-11.db');
  cli('backup', '--out', onStick, '--db', db);
  const junk = path.join(usb, 'anh-lop.jpg');
  fs.writeFileSync(junk, Buffer.alloc(30_000, 0x42));
  const [{ n: titles }] = query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM title');
  const size = fs.statSync(db).size;
  const fd = fs.openSync(db, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096 * 8, 0x5a), 0, 4096 * 8, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
  const damaged = fs.readFileSync(db);
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url);
    const box = page.getByRole('alert', { name: 'Dữ liệu bị hỏng' });
    await expect(box).toContainText('Chưa có bản sao lưu nào được kiểm tra');
    await expect(box.getByRole('button', { name: 'Chọn tệp sao lưu…' })).toBeVisible();

    await box.getByLabel('Tệp sao lưu').setInputFiles(junk);
    await expect(box).toContainText('Không khôi phục từ tệp này: đây không phải tệp cơ sở dữ liệu SQLite');
    expect(fs.readFileSync(db).equals(damaged)).toBe(true);

    await box.getByLabel('Tệp sao lưu').setInputFiles(onStick);
    const confirm = box.getByRole('alertdialog', { name: 'Xác nhận khôi phục' });
    await expect(confirm).toContainText('Khôi phục từ tệp thu-vien-thang-11.db');
    await expect(confirm).toContainText(`Tệp dữ liệu bị hỏng sẽ được thay bằng dữ liệu của bản sao lưu này (${titles.toLocaleString('vi-VN')} đầu sách`);
    await screenshot(page, path.join(shots, 'backup-damaged-usb.png'), { fullPage: true });
    await confirm.getByRole('button', { name: 'Thay dữ liệu bằng tệp này' }).click();
    await expect(page.getByText('Đã khôi phục dữ liệu từ bản sao lưu')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Chức năng' })).toBeVisible();
    expect(query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM title')[0].n).toBe(titles);
  } finally {
    await server.stop();
    fs.rmSync(usb, { recursive: true, force: true });
  }
});
