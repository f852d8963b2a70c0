import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { DEFAULT_SCAN_THRESHOLDS } from '../shared/scanner';
import { cli, demoDataDir, query, scan, screenshot, startServer } from './server';

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
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'catalogue-form.png'), { fullPage: true });
    await form.getByRole('button', { name: 'Lưu đầu sách' }).click();
    const detail = page.getByRole('region', { name: 'Chi tiết đầu sách' });
    await expect(detail.getByRole('heading', { name: 'Dế Mèn phiêu lưu ký' })).toBeVisible();

    // Accession: a batch of 5 copies through the wizard.
    await page.getByRole('link', { name: 'Nhập/Xuất sách' }).click();
    await page.getByRole('button', { name: 'Lập phiếu nhập mới' }).click();
    const batch = page.getByRole('region', { name: 'Phiếu nhập sách' });
    // The keyboard alone: the first result is marked, Enter adds it.
    await batch.getByRole('searchbox', { name: 'Tìm đầu sách để thêm' }).fill('de men');
    await expect(batch.getByRole('button', { name: /Dế Mèn phiêu lưu ký/ })).toHaveAttribute('aria-current', 'true');
    await batch.getByRole('searchbox', { name: 'Tìm đầu sách để thêm' }).press('Enter');
    await batch.getByRole('textbox', { name: 'Số lượng Dế Mèn phiêu lưu ký' }).fill('5');
    await batch.getByRole('textbox', { name: 'Đơn giá Dế Mèn phiêu lưu ký' }).fill('45000');
    await batch.getByRole('button', { name: 'Xác nhận và cấp số ĐKCB' }).click();
    await batch.getByRole('alertdialog', { name: 'Xác nhận cấp số ĐKCB' }).getByRole('button', { name: 'Cấp số ĐKCB' }).click();
    const result = page.getByRole('region', { name: 'Kết quả nhập' });
    await expect(result).toContainText('Phiếu nhập số 1');
    await expect(result.getByRole('table', { name: 'Số ĐKCB đã cấp' })).toContainText('STK000001, STK000002, STK000003, STK000004, STK000005');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'catalogue-accession.png'), { fullPage: true });

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
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'catalogue-withdrawal.png'), { fullPage: true });
    await minute.getByRole('button', { name: 'Xác nhận xuất sách' }).click();
    await expect(page.getByRole('region', { name: 'Biên bản đã xác nhận' })).toContainText('STK000003 (Hư nát)');

    // Search without diacritics finds it; the withdrawn copy is still listed with its note.
    await page.getByRole('link', { name: 'Biên mục' }).click();
    await page.getByRole('searchbox', { name: 'Tìm sách' }).fill('de men');
    const results = page.getByRole('table', { name: 'Kết quả tìm kiếm' });
    const row = results.getByRole('row', { name: /Dế Mèn phiêu lưu ký/ });
    // Copies held (shared/stock.ts): the weeded copy is not one of them, it is shown apart.
    await expect(row).toContainText('4 / 4');
    await expect(row).toContainText('1 đã thanh lọc');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'catalogue-search.png'), { fullPage: true });
    await row.getByRole('link', { name: 'Dế Mèn phiêu lưu ký' }).click();
    const copies = page.getByRole('table', { name: 'Bản sách' });
    await expect(copies.getByRole('row')).toHaveCount(6);
    const withdrawn = copies.getByRole('row', { name: /STK000003/ });
    await expect(withdrawn).toContainText('Đã thanh lọc');
    await expect(withdrawn).toContainText('đã thanh lọc, BB số 01/BB-TV ngày 27/11/2026');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'catalogue-detail.png'), { fullPage: true });
  } finally {
    await server.stop();
  }
});

test('numbers typed in the title form: "45,000" is 45 000 đ, "20x2" is refused at the field and nothing is saved', async ({ page }) => {
  const server = await startServer();
  try {
    await page.goto(server.url + '#/bien-muc');
    await page.getByRole('button', { name: 'Thêm đầu sách' }).click();
    const form = page.getByRole('form', { name: 'Đầu sách' });
    await form.locator('input[name="title"]').fill('Tuổi thơ dữ dội');
    await form.locator('input[name="authors"]').fill('Phùng Quán');
    await form.locator('input[name="publicationYear"]').fill('20x2');
    await form.locator('input[name="pages"]').fill('abc');
    await form.locator('input[name="coverPrice"]').fill('45,000');
    await form.locator('input[name="coverPrice"]').blur();
    // The price is read as forty-five thousand and shown the Vietnamese way.
    await expect(form.locator('input[name="coverPrice"]')).toHaveValue('45.000');
    await form.getByRole('button', { name: 'Lưu đầu sách' }).click();
    await expect(form.locator('label.field', { has: page.locator('input[name="publicationYear"]') })).toContainText('không đọc được "20x2"');
    await expect(form.locator('label.field', { has: page.locator('input[name="pages"]') })).toContainText('không đọc được "abc"');
    await expect(form.locator('input[name="publicationYear"]')).toHaveValue('20x2');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'catalogue-numbers-refused.png'), { fullPage: true });
    expect(query(server.dataDir, 'SELECT id FROM title WHERE title = ?', 'Tuổi thơ dữ dội')).toEqual([]);

    // Fixing the year clears its message; the title is stored with the price in đồng.
    await form.locator('input[name="publicationYear"]').fill('2022');
    await expect(form).not.toContainText('không đọc được "20x2"');
    await form.locator('input[name="pages"]').fill('');
    await form.getByRole('button', { name: 'Lưu đầu sách' }).click();
    const detail = page.getByRole('region', { name: 'Chi tiết đầu sách' });
    await expect(detail).toContainText('45.000 đ');
    expect(query(server.dataDir, 'SELECT cover_price AS price, publication_year AS year, pages FROM title WHERE title = ?', 'Tuổi thơ dữ dội'))
      .toEqual([{ price: 45000, year: 2022, pages: null }]);
  } finally {
    await server.stop();
  }
});

test('phiếu nhập: a second scan adds a copy, volumes in reading order, numbers handed out only after a last look, biên bản printable', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-e2e-nhap-'));
  const file = path.join(dataDir, 'toan.csv');
  fs.writeFileSync(file, 'Nhan đề,Tập,Tác giả,ISBN,Giá bìa,Người viết\nToán 6,Tập hai,Hà Huy Khoái,,"20,000",x\nToán 6,Tập một,Hà Huy Khoái,9786040000019,"18.000",y\n');
  // The CLI says which column it does not import instead of dropping it in silence.
  expect(cli('import-catalogue', file, '--db', path.join(dataDir, 'kesach.db'))).toContain("Cột 'Người viết' không được nhập");
  expect(query(dataDir, 'SELECT cover_price AS price FROM title ORDER BY id')).toEqual([{ price: 20000 }, { price: 18000 }]);
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/nhap-xuat');
    await page.getByRole('button', { name: 'Lập phiếu nhập mới' }).click();
    const batch = page.getByRole('region', { name: 'Phiếu nhập sách' });
    await batch.getByRole('searchbox', { name: 'Tìm đầu sách để thêm' }).fill('toan 6');
    const picks = batch.locator('.picker-results button');
    await expect(picks).toHaveCount(2);
    await expect(picks.nth(0)).toContainText('Toán 6 – Tập một');
    await expect(picks.nth(1)).toContainText('Toán 6 – Tập hai');
    await batch.getByRole('searchbox', { name: 'Tìm đầu sách để thêm' }).fill('');

    await page.locator('body').click();
    await scan(page, '9786040000019');
    await expect(batch.getByRole('textbox', { name: 'Số lượng Toán 6 – Tập một' })).toHaveValue('1');
    // The next book in the pile: a scanner bounce (same code within dedupeMs) counts once, a second book does not.
    await page.waitForTimeout(DEFAULT_SCAN_THRESHOLDS.dedupeMs + 200);
    await scan(page, '9786040000019');
    await expect(batch.getByRole('textbox', { name: 'Số lượng Toán 6 – Tập một' })).toHaveValue('2');
    await expect(batch).toContainText('số lượng 2');
    await expect(batch.getByRole('textbox', { name: 'Đơn giá Toán 6 – Tập một' })).toHaveValue('18.000');

    await batch.getByRole('button', { name: 'Xác nhận và cấp số ĐKCB' }).click();
    const ask = batch.getByRole('alertdialog', { name: 'Xác nhận cấp số ĐKCB' });
    await expect(ask).toContainText('STK: 2 số, bắt đầu từ STK000003');
    await expect(ask).toContainText('không thể thu hồi');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'accession-confirm.png'), { fullPage: true });
    expect(query(dataDir, 'SELECT COUNT(*) AS n FROM copy')).toEqual([{ n: 2 }]);
    await ask.getByRole('button', { name: 'Cấp số ĐKCB' }).click();
    const result = page.getByRole('region', { name: 'Kết quả nhập' });
    await expect(result.getByRole('table', { name: 'Số ĐKCB đã cấp' }).getByRole('row', { name: /Toán 6 – Tập một/ })).toContainText('STK000003, STK000004');
    expect(query(dataDir, 'SELECT COUNT(*) AS n FROM copy')).toEqual([{ n: 4 }]);
    await result.getByRole('button', { name: 'In biên bản nhập sách' }).click();
    await expect(result.getByTestId('file-link')).toBeVisible({ timeout: 30_000 });
    await expect(result.getByRole('button', { name: 'In nhãn cho các bản sách này' })).toBeVisible();
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'accession-result.png'), { fullPage: true });
  } finally {
    await server.stop();
  }
});

test('Biên mục pages through the whole catalogue, 100 titles a page, each title once, with the total', async ({ page }) => {
  const dataDir = demoDataDir('catalogue-pages');
  const server = await startServer({ dataDir });
  try {
    const ids = query<{ id: number }>(dataDir, 'SELECT id FROM title').map((r) => r.id).sort((a, b) => a - b);
    expect(ids.length).toBeGreaterThan(200);
    const pages = Math.ceil(ids.length / 100);
    await page.goto(server.url + '#/bien-muc');
    const pager = page.getByRole('navigation', { name: 'Phân trang' }).first();
    await expect(pager).toContainText(`${ids.length.toLocaleString('de-DE')} đầu sách`);
    const table = page.getByRole('table', { name: 'Kết quả tìm kiếm' });
    const seen: number[] = [];
    for (let p = 1; p <= pages; p++) {
      await expect(pager).toContainText(`Trang ${p}/${pages}`);
      await expect(pager).toContainText(`đang xem ${(p - 1) * 100 + 1}–${Math.min(ids.length, p * 100)}`);
      const hrefs = await table.locator('tbody tr a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBe(p < pages ? 100 : ids.length - (pages - 1) * 100);
      seen.push(...hrefs.map((h) => Number(h.replace('#/bien-muc/', ''))));
      const next = pager.getByRole('button', { name: 'Trang sau ›' });
      if (p < pages) {
        await next.click();
        // The pager moves at once; the rows follow when the next page has arrived.
        await expect(table.locator('tbody tr a').first()).not.toHaveAttribute('href', hrefs[0]);
      } else await expect(next).toBeDisabled();
    }
    expect(seen.length).toBe(ids.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(ids);
  } finally {
    await server.stop();
  }
});
