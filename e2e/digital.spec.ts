import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { demoDataDir, query, startServer } from './server';
import { sampleHtml, samplePdf, samplePng } from '../tests/digital-samples';

test('Thư viện số: add a PDF to "Dế Mèn phiêu lưu ký" by the file picker, see it listed, preview it; a dropped PNG, a refused HTML "pdf", a view, removal', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = demoDataDir('digital');
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/thu-vien-so');
    await page.getByRole('navigation').getByText('Thư viện số').first().waitFor();
    await expect(page.getByRole('heading', { name: 'Thư viện số', level: 1 })).toBeVisible();
    const add = page.getByRole('form', { name: 'Thêm tài liệu số' });

    // The title, found without diacritics.
    await add.locator('input[name="titleSearch"]').fill('de men');
    await add.getByRole('list', { name: 'Đầu sách tìm được' }).getByRole('button', { name: /Dế Mèn phiêu lưu ký/ }).first().click();
    await expect(add.getByTestId('digital-title')).toContainText('Dế Mèn phiêu lưu ký');

    // A PDF through the file picker, open to everyone.
    await add.locator('input[name="digitalFile"]').setInputFiles({ name: 'de-men-chuong-1.pdf', mimeType: 'application/pdf', buffer: samplePdf('De Men - chuong 1') });
    await expect(add).toContainText('de-men-chuong-1.pdf');
    await add.locator('input[name="name"]').fill('Dế Mèn — chương 1');
    await add.locator('select[name="access"]').selectOption({ label: 'Mọi người' });
    await add.locator('input[name="subject"]').fill('Ngữ văn');
    await add.locator('select[name="grade"]').selectOption({ label: 'Khối 6' });
    await add.getByRole('button', { name: 'Thêm tài liệu' }).click();
    // Hashing and storing run on the worker thread (started on first use).
    await expect(page.getByRole('status').filter({ hasText: 'Đã thêm' })).toContainText('Đã thêm "Dế Mèn — chương 1" (PDF,', { timeout: 30_000 });

    // Listed, with its form, type and access level in Vietnamese.
    const table = page.getByRole('table', { name: 'Tài liệu số' });
    const row = table.getByRole('row', { name: /Dế Mèn — chương 1/ });
    await expect(row).toContainText('Dế Mèn phiêu lưu ký');
    await expect(row).toContainText('Sách điện tử');
    await expect(row).toContainText('PDF');
    await expect(row).toContainText('Mọi người');
    const [stored] = query<{ id: number; sha256: string; mime: string }>(dataDir, "SELECT id, sha256, mime FROM digital_resource WHERE name = 'Dế Mèn — chương 1'");
    expect(stored.mime).toBe('application/pdf');
    expect(fs.readFileSync(path.join(dataDir, 'digital', stored.sha256.slice(0, 2), `${stored.sha256}.bin`)).equals(samplePdf('De Men - chuong 1'))).toBe(true);

    // The preview opens: the PDF in a frame, served with the token, its stored type and nosniff.
    await row.getByRole('button', { name: 'Xem trước' }).click();
    const preview = page.getByRole('region', { name: 'Xem trước tài liệu số' });
    const frame = preview.locator('iframe');
    await expect(frame).toHaveAttribute('src', new RegExp(`/api/digital/${stored.id}\\?token=`));
    await expect(frame).toHaveAttribute('title', 'Xem trước: Dế Mèn — chương 1');
    const src = new URL((await frame.getAttribute('src'))!, server.url).toString();
    const response = await page.request.get(src);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(response.headers()['content-disposition']).toBe("inline; filename*=UTF-8''de-men-chuong-1.pdf");
    expect((await response.body()).equals(samplePdf('De Men - chuong 1'))).toBe(true);
    const part = await page.request.get(src, { headers: { range: 'bytes=0-7' } });
    expect(part.status()).toBe(206);
    expect((await part.body()).toString('latin1')).toBe('%PDF-1.4');

    // "Mở để đọc" counts one view.
    const popup = page.waitForEvent('popup');
    await preview.getByRole('button', { name: /Mở để đọc/ }).click();
    await (await popup).close();
    await expect(row.locator('td').nth(6)).toHaveText('1');

    // A PNG dropped on the drop zone.
    const drop = add.getByTestId('digital-drop');
    const png = samplePng(32, 32).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'tranh-de-men.png', { type: 'image/png' }));
      return dt;
    }, png);
    await drop.dispatchEvent('drop', { dataTransfer });
    await expect(add).toContainText('tranh-de-men.png');
    await add.getByRole('button', { name: 'Thêm tài liệu' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã thêm' })).toContainText('Đã thêm "tranh-de-men" (PNG,', { timeout: 30_000 });
    await expect(table.getByRole('row', { name: /tranh-de-men/ })).toContainText('Tranh ảnh');

    // HTML renamed .pdf: refused in Vietnamese, nothing stored.
    await add.locator('input[name="digitalFile"]').setInputFiles({ name: 'bai-giang.pdf', mimeType: 'application/pdf', buffer: sampleHtml() });
    await add.getByRole('button', { name: 'Thêm tài liệu' }).click();
    await expect(page.getByRole('alert')).toContainText('Không nhận tệp này: Tệp HTML/XML (trang web) không được nhận');
    expect(query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM digital_resource')[0].n).toBe(2);

    // Removal asks first, then is audited.
    await table.getByRole('row', { name: /tranh-de-men/ }).getByRole('button', { name: 'Xem trước' }).click();
    await expect(preview.locator('img')).toBeVisible();
    await preview.getByRole('button', { name: 'Gỡ' }).click();
    await page.getByRole('alertdialog', { name: 'Xác nhận gỡ tài liệu' }).getByRole('button', { name: 'Gỡ tài liệu' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã gỡ' })).toContainText('Đã gỡ "tranh-de-men" và xóa tệp của nó.');
    await expect(table.getByRole('row', { name: /tranh-de-men/ })).toHaveCount(0);
    expect(query<{ n: number }>(dataDir, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'digital.remove'")[0].n).toBe(1);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
