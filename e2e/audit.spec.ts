import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { cli, demoDataDir, query, screenshot, startServer } from './server';

test('Nhật ký lists a change in Vietnamese with its time, filters it, exports Excel; Cài đặt exports all data', async ({ page }) => {
  test.setTimeout(180_000);
  const dataDir = demoDataDir('audit');
  const db = path.join(dataDir, 'kesach.db');
  const [{ year }] = query<{ year: string }>(dataDir, "SELECT json_extract(value, '$.schoolYear') AS year FROM setting WHERE key = 'school'");
  const next = `${Number(year.slice(0, 4)) + 1}-${Number(year.slice(0, 4)) + 2}`;
  cli('rollover', '--to', next, '--db', db);
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/nhat-ky');
    const table = page.getByRole('table', { name: 'Nhật ký thay đổi' });
    const row = table.locator('tbody tr').filter({ hasText: `Chuyển năm học ${year} → ${next}` });
    await expect(row).toHaveCount(1);
    await expect(row.locator('td').first()).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await expect(row).toContainText('Bạn đọc');
    // Made by the CLI, which the log names with the computer's user (issue 20).
    await expect(row).toContainText(/Dòng lệnh \(.+\)/);
    await expect(page.getByRole('navigation', { name: 'Phân trang' })).toContainText('1 thay đổi');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-audit.png'), { fullPage: true });

    await page.getByLabel('Loại thay đổi').selectOption({ label: 'Mượn – trả' });
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await expect(table).toContainText('Không có thay đổi nào khớp bộ lọc.');
    await page.getByLabel('Bạn đọc (mã hoặc số thẻ)').fill('KHONG-CO-AI');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await expect(page.getByText('Không có bạn đọc nào có mã hoặc số thẻ "KHONG-CO-AI".')).toBeVisible();
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    await expect(row).toHaveCount(1);
    await page.getByRole('button', { name: 'Xuất Excel (.xlsx)' }).click();
    await expect(page.getByText('Đã tạo tệp.')).toBeVisible({ timeout: 60_000 });
    expect(fs.readdirSync(path.join(dataDir, 'exports')).some((f) => /^nhat-ky-.*\.xlsx$/.test(f))).toBe(true);

    await page.goto(server.url + '#/cai-dat');
    const section = page.getByRole('region', { name: 'Xuất toàn bộ dữ liệu' });
    await section.getByRole('button', { name: 'Xuất toàn bộ dữ liệu' }).click();
    await expect(section.getByText(/Đã xuất \d+ bảng, [\d.]+ dòng\./)).toBeVisible({ timeout: 60_000 });
    const download = page.waitForEvent('download');
    await section.getByRole('link', { name: 'Tải về' }).click();
    expect((await download).suggestedFilename()).toMatch(/^du-lieu-ke-sach-.*\.zip$/);
    await screenshot(section, path.join(os.tmpdir(), 'kesach-export-all.png'));

    // A file dropped outside a drop zone is cancelled by the page (the shell also denies the navigation).
    const prevented = await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['<h1>x</h1>'], 'x.html', { type: 'text/html' }));
      const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
      document.querySelector('h1')!.dispatchEvent(drop);
      return drop.defaultPrevented;
    });
    expect(prevented).toBe(true);
  } finally {
    await server.stop();
  }
});
