import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshot, startServer } from './server';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

test('Biên mục: "Nhập MARC 21" previews a Koha export, imports it whole, "Xuất MARC 21" writes it back; a broken record stores nothing', async ({ page }) => {
  const server = await startServer();
  try {
    await page.goto(server.url + '#/bien-muc');
    await page.getByRole('button', { name: 'Nhập MARC 21' }).click();
    const panel = page.getByRole('region', { name: 'Nhập MARC 21' });

    // A record whose leader is broken: named, nothing stored, no button to import.
    const broken = Buffer.from(fs.readFileSync(fixture('koha-marc.mrc')));
    broken.write('x', 3, 'ascii');
    const brokenFile = path.join(server.dataDir, 'hong.mrc');
    fs.writeFileSync(brokenFile, broken);
    await panel.getByLabel('Chọn tệp MARC 21').setInputFiles(brokenFile);
    await expect(panel.getByRole('list', { name: 'Bản ghi lỗi' })).toContainText('Bản ghi 1: đầu biểu (leader) hỏng', { timeout: 30_000 });
    await expect(panel.getByRole('button', { name: 'Nhập vào danh mục' })).toHaveCount(0);

    // The Koha export: previewed first, nothing stored yet.
    await panel.getByLabel('Chọn tệp MARC 21').setInputFiles(fixture('koha-marc.xml'));
    await expect(panel).toContainText('Tệp hợp lệ, 4 bản ghi: 4 đầu sách mới, 0 đầu sách đã có; 8 bản mới (giữ 5 số ĐKCB, cấp mới 3 số)', { timeout: 30_000 });
    const table = panel.getByRole('table', { name: 'Xem trước bản ghi MARC' });
    await expect(table.getByRole('row')).toHaveCount(5);
    await expect(table).toContainText('Cho tôi xin một vé đi tuổi thơ');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-shots', 'marc-import-preview.png'), { fullPage: true });
    await panel.getByRole('button', { name: 'Nhập vào danh mục' }).click();
    await expect(panel).toContainText('Phiếu nhập số 1: STN000101–STN000102, STK000001–STK000003, SGK000057–SGK000059', { timeout: 30_000 });
    await panel.getByRole('button', { name: 'Đóng nhập MARC 21' }).click();

    await page.getByRole('combobox', { name: 'Dạng tệp MARC 21' }).selectOption('marcxml');
    await page.getByRole('button', { name: 'Xuất MARC 21' }).click();
    await expect(page.getByText('Đã xuất 4 bản ghi MARC 21 (8 bản sách).')).toBeVisible({ timeout: 30_000 });
    const exported = fs.readdirSync(path.join(server.dataDir, 'exports')).find((f) => f.endsWith('.xml'));
    expect(fs.readFileSync(path.join(server.dataDir, 'exports', exported!), 'utf8')).toContain('<subfield code="p">3000000123</subfield>');
  } finally {
    await server.stop();
  }
});
