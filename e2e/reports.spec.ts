import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { pdfText } from '../tests/pdf-read';
import { cli, demoDataDir, screenshot, startServer } from './server';


test('Sổ sách & Báo cáo on the demo library: print Sổ ĐKCB, read the statistics, record a reading activity', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = demoDataDir('reports');
  const db = path.join(dataDir, 'kesach.db');
  const stats = JSON.parse(cli('stats', '--db', db, '--json')) as { copies: { available: number; onLoan: number } };
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/so-sach');
    await expect(page.getByRole('heading', { name: 'Sổ sách & Báo cáo' })).toBeVisible();

    // Sổ đăng ký cá biệt, all series, as a PDF served by the app.
    const form = page.getByRole('form', { name: 'In sổ sách' });
    await form.locator('select[name="kind"]').selectOption('dkcb');
    await form.getByRole('button', { name: 'In ra PDF' }).click();
    const link = page.getByTestId('file-link');
    await expect(link).toBeVisible({ timeout: 60_000 });
    await expect(form).toContainText(/Đã tạo tệp\. .*\.pdf · \d+ trang/);
    const href = await link.getAttribute('href');
    const res = await page.request.get(new URL(href!, server.url).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('pdf');
    const pdf = path.join(dataDir, 'downloaded.pdf');
    fs.writeFileSync(pdf, await res.body());
    const text = await pdfText(pdf, { first: 2, last: 2 });
    expect(text).toContain('SỔ ĐĂNG KÝ CÁ BIỆT');
    expect(text).toContain('SGK000001');

    // Statistics.
    await page.getByRole('tab', { name: 'Thống kê' }).click();
    const stock = page.getByTestId('stat-stock');
    // One definition of 'trong kho' (shared/stock.ts): on the shelf or lent out.
    await expect(stock).toContainText((stats.copies.available + stats.copies.onLoan).toLocaleString('vi-VN'));
    const loans = Number((await page.getByTestId('stat-loans').locator('.report-figure-value').innerText()).replace(/\D/g, ''));
    expect(loans).toBeGreaterThan(100);
    await expect(page.getByRole('img', { name: 'Lượt mượn theo tháng' })).toBeVisible();
    const activitiesBefore = Number((await page.getByTestId('stat-activities').locator('.report-figure-value').innerText()).replace(/\D/g, ''));
    await screenshot(page, path.join(os.tmpdir(), 'kesach-reports-stats.png'));

    // A reading activity, recorded with an evidence file.
    await page.getByRole('tab', { name: 'Hoạt động thư viện' }).click();
    const act = page.getByRole('form', { name: 'Ghi nhận hoạt động' });
    await act.getByRole('button', { name: 'Ghi nhận hoạt động' }).click();
    await expect(page.getByRole('alert')).toContainText('Hãy nhập tên hoạt động.');
    await act.locator('input[name="name"]').fill('Giới thiệu sách "Tuổi thơ dữ dội"');
    await act.locator('select[name="form"]').selectOption('gioi_thieu_sach');
    await act.locator('input[name="audience"]').fill('Khối 8');
    await act.locator('input[name="participants"]').fill('120');
    await act.locator('input[name="personInCharge"]').fill('Lê Thị Mai');
    await act.locator('input[name="evidence"]').setInputFiles({ name: 'ảnh hoạt động.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('fake-jpeg') });
    await act.getByRole('button', { name: 'Ghi nhận hoạt động' }).click();
    await expect(page.getByRole('status')).toContainText('Đã ghi nhận hoạt động');
    const row = page.getByRole('table', { name: 'Danh sách hoạt động' }).getByRole('row', { name: /Tuổi thơ dữ dội/ });
    await expect(row).toContainText('Khối 8');
    await expect(row).toContainText('1 tệp');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-reports-activity.png'), { fullPage: true });

    // The tab is in the address: a reload (F5) stays on Thống kê.
    await page.getByRole('tab', { name: 'Thống kê' }).click();
    await expect(page).toHaveURL(/#\/so-sach\/thong-ke$/);
    await page.reload();
    await expect(page.getByRole('tab', { name: 'Thống kê' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('stat-activities').locator('.report-figure-value')).toHaveText(String(activitiesBefore + 1));
  } finally {
    await server.stop();
  }
});
