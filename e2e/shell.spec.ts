import { expect, test } from '@playwright/test';
import { startServer } from './server';

test('the app loads in Chromium with its Vietnamese navigation', async ({ page }) => {
  const server = await startServer();
  try {
    await page.goto(server.url);
    await expect(page.getByRole('navigation', { name: 'Chức năng' })).toBeVisible();
    for (const label of ['Lưu thông', 'Biên mục', 'Bạn đọc', 'Nhập/Xuất sách', 'In nhãn & thẻ', 'Sổ sách & Báo cáo', 'Kiểm kê', 'Cài đặt']) {
      await expect(page.getByRole('link', { name: label })).toBeVisible();
    }
    expect(page.url()).not.toContain('token=');
  } finally {
    await server.stop();
  }
});

test('settings are saved, validated, and survive a server restart', async ({ page }) => {
  const first = await startServer();
  const dataDir = first.dataDir;
  try {
    await page.goto(first.url + '#/cai-dat');
    const form = page.getByRole('form', { name: 'Thông tin nhà trường' });
    await form.locator('input[name="principal"]').fill('Nguyễn Văn An');
    await form.locator('input[name="librarian"]').fill('Lê Thị Mai');
    // The school year is shown, not edited here: it moves only through "Chuyển năm học" in Bạn đọc.
    const year = form.locator('input[name="schoolYear"]');
    await expect(year).toHaveValue('2026-2027');
    await expect(year).not.toBeEditable();
    await expect(form.getByText('Năm học chỉ đổi bằng "Chuyển năm học" trong Bạn đọc')).toBeVisible();
    await form.locator('input[name="schoolName"]').fill('');
    await form.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(page.getByRole('alert')).toContainText('Hãy nhập tên trường');
    await form.locator('input[name="schoolName"]').fill('TRƯỜNG THCS AN VĨNH');
    await form.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(page.getByRole('status')).toContainText('Đã lưu thông tin nhà trường');
  } finally {
    await first.stop();
  }
  const second = await startServer({ dataDir });
  try {
    await page.goto(second.url + '#/cai-dat');
    const form = page.getByRole('form', { name: 'Thông tin nhà trường' });
    await expect(form.locator('input[name="principal"]')).toHaveValue('Nguyễn Văn An');
    await expect(form.locator('input[name="librarian"]')).toHaveValue('Lê Thị Mai');
    await expect(form.locator('input[name="schoolYear"]')).toHaveValue('2026-2027');
  } finally {
    await second.stop();
  }
});

test('an address without the token, or with a wrong one, says so in Vietnamese instead of loading forever', async ({ page }) => {
  const server = await startServer();
  try {
    const base = server.url.split('?')[0];
    await page.goto(base);
    const notice = page.getByRole('alert');
    await expect(notice).toContainText('Địa chỉ này thiếu mã truy cập. Hãy mở lại đúng địa chỉ mà Kệ Sách in ra khi khởi động');
    await expect(notice).toContainText(`${base}?token=…`);
    await expect(page.getByRole('navigation', { name: 'Chức năng' })).toHaveCount(0);
    await expect(page.getByText('Đang tải…')).toHaveCount(0);

    await page.goto(`${base}?token=khong-dung#/cai-dat`);
    await expect(page.getByRole('alert')).toContainText('Mã truy cập trong địa chỉ này đã cũ hoặc không đúng');
    await expect(page.getByText('Đang tải…')).toHaveCount(0);

    // The right address still opens the app in the same tab.
    await page.goto(server.url);
    await expect(page.getByRole('navigation', { name: 'Chức năng' })).toBeVisible();
  } finally {
    await server.stop();
  }
});
