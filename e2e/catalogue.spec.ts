import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer } from './server';

test('create a title, accession 5 copies, withdraw one, find it by "de men"', async ({ page }) => {
  const server = await startServer();
  try {
    await page.goto(server.url + '#/bien-muc');
    await page.getByRole('button', { name: 'Thêm đầu sách' }).click();
    const form = page.getByRole('form', { name: 'Đầu sách' });
    await form.locator('input[name="title"]').fill('Dế Mèn phiêu lưu ký');
    await form.locator('input[name="authors"]').fill('Tô Hoài');
    await form.locator('input[name="publisher"]').fill('Kim Đồng');
    await form.locator('input[name="publicationYear"]').fill('2020');
    await form.locator('input[name="classification"]').fill('895.9223');
    await form.locator('input[name="isbn"]').fill('978-604-2-00000-1');
    await expect(form).toContainText('ISBN không đúng');
    await form.locator('input[name="isbn"]').fill('');
    await expect(form).toContainText('895.9223 / TOH');
    await page.screenshot({ path: path.join(os.tmpdir(), 'kesach-shots', 'catalogue-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Lưu đầu sách' }).click();
    const detail = page.getByRole('region', { name: 'Chi tiết đầu sách' });
    await expect(detail.getByRole('heading', { name: 'Dế Mèn phiêu lưu ký' })).toBeVisible();

    // Accession: a batch of 5 copies through the wizard.
    await page.getByRole('link', { name: 'Nhập/Xuất sách' }).click();
    await page.getByRole('button', { name: 'Lập phiếu nhập mới' }).click();
    const batch = page.getByRole('region', { name: 'Phiếu nhập sách' });
    await batch.getByRole('searchbox', { name: 'Tìm đầu sách để thêm' }).fill('de men');
    await batch.getByRole('button', { name: /Dế Mèn phiêu lưu ký/ }).click();
    await batch.getByRole('textbox', { name: 'Số lượng Dế Mèn phiêu lưu ký' }).fill('5');
    await batch.getByRole('textbox', { name: 'Đơn giá Dế Mèn phiêu lưu ký' }).fill('45000');
    await batch.getByRole('button', { name: 'Xác nhận và cấp số ĐKCB' }).click();
    const result = page.getByRole('region', { name: 'Kết quả nhập' });
    await expect(result).toContainText('Phiếu nhập số 1');
    await expect(result.getByRole('table', { name: 'Số ĐKCB đã cấp' })).toContainText('STK000001, STK000002, STK000003, STK000004, STK000005');
    await page.screenshot({ path: path.join(os.tmpdir(), 'kesach-shots', 'catalogue-accession.png'), fullPage: true });

    // Withdrawal of STK000003.
    await page.getByRole('tab', { name: 'Xuất sách' }).click();
    await page.getByRole('button', { name: 'Lập biên bản xuất sách' }).click();
    const minute = page.getByRole('region', { name: 'Biên bản xuất sách' });
    await minute.locator('input[name="number"]').fill('01/BB-TV');
    await minute.locator('input[name="approvalDate"]').fill('27/11/2026');
    await minute.locator('input[name="codes"]').fill('STK000003');
    await minute.getByRole('button', { name: 'Thêm', exact: true }).click();
    await expect(minute.getByRole('table', { name: 'Bản sách xuất' })).toContainText('STK000003');
    await minute.getByRole('combobox', { name: 'Lý do STK000003' }).selectOption('damaged');
    await page.screenshot({ path: path.join(os.tmpdir(), 'kesach-shots', 'catalogue-withdrawal.png'), fullPage: true });
    await minute.getByRole('button', { name: 'Xác nhận xuất sách' }).click();
    await expect(page.getByRole('region', { name: 'Biên bản đã xác nhận' })).toContainText('STK000003 (Hư nát)');

    // Search without diacritics finds it; the withdrawn copy is still listed with its note.
    await page.getByRole('link', { name: 'Biên mục' }).click();
    await page.getByRole('searchbox', { name: 'Tìm sách' }).fill('de men');
    const results = page.getByRole('table', { name: 'Kết quả tìm kiếm' });
    const row = results.getByRole('row', { name: /Dế Mèn phiêu lưu ký/ });
    await expect(row).toContainText('4 / 5');
    await expect(row).toContainText('1 đã thanh lọc');
    await page.screenshot({ path: path.join(os.tmpdir(), 'kesach-shots', 'catalogue-search.png'), fullPage: true });
    await row.getByRole('link', { name: 'Dế Mèn phiêu lưu ký' }).click();
    const copies = page.getByRole('table', { name: 'Bản sách' });
    await expect(copies.getByRole('row')).toHaveCount(6);
    const withdrawn = copies.getByRole('row', { name: /STK000003/ });
    await expect(withdrawn).toContainText('Đã thanh lọc');
    await expect(withdrawn).toContainText('đã thanh lọc, BB số 01/BB-TV ngày 27/11/2026');
    await page.screenshot({ path: path.join(os.tmpdir(), 'kesach-shots', 'catalogue-detail.png'), fullPage: true });
  } finally {
    await server.stop();
  }
});
