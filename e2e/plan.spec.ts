import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { cli, query, startServer } from './server';

const fixture = path.join(__dirname, 'fixtures', 'ke-hoach-mua-sam.csv');

test('Kế hoạch mua sắm: a plan from the quotation and a typed suggestion, approved, partly received through a phiếu nhập', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await startServer();
  const now = new Date();
  const y0 = now.getMonth() + 1 >= 8 ? now.getFullYear() : now.getFullYear() - 1;
  const year = `${y0}-${y0 + 1}`;
  page.on('dialog', (d) => void d.accept());
  try {
    await page.goto(server.url + '#/ke-hoach');
    await expect(page.getByRole('heading', { name: 'Kế hoạch mua sắm' })).toBeVisible();
    await page.getByRole('button', { name: `Lập kế hoạch năm học ${year}` }).click();
    await expect(page.getByTestId('plan-status')).toHaveText('Phiên bản 1 — Nháp');

    // The quotation: preview, then all 15 rows.
    await page.getByRole('button', { name: 'Nhập báo giá' }).click();
    const quotation = page.getByRole('region', { name: 'Nhập báo giá' });
    await page.getByLabel('Chọn tệp báo giá').setInputFiles(fixture);
    await expect(quotation.getByRole('status')).toContainText('Tệp hợp lệ: 15 dòng, 95 bản, 4.914.000 đ');
    await expect(quotation.getByRole('table', { name: 'Xem trước báo giá' }).getByRole('row')).toHaveCount(16);
    await quotation.getByRole('button', { name: 'Thêm vào kế hoạch' }).click();
    await expect(quotation.getByRole('status')).toContainText('Đã thêm 15 dòng, 95 bản, 4.914.000 đ từ báo giá.');
    await expect(page.getByTestId('plan-amount')).toHaveText('4.914.000');

    // A suggestion typed by the librarian, then put into the plan.
    await page.getByRole('button', { name: 'Từ đề xuất' }).click();
    const inbox = page.getByRole('region', { name: 'Đề xuất mua sách' });
    await inbox.locator('input[name="suggestionTitle"]').fill('Nhà giả kim');
    await inbox.locator('input[name="suggestionAuthor"]').fill('Paulo Coelho');
    await inbox.locator('input[name="suggestionWho"]').fill('Em Lan, lớp 9A1');
    await inbox.locator('input[name="suggestionWhy"]').fill('Câu lạc bộ đọc sách');
    await inbox.getByRole('button', { name: 'Ghi đề xuất' }).click();
    await expect(inbox.getByRole('status')).toContainText('Đã ghi đề xuất "Nhà giả kim".');
    await inbox.getByLabel('Chọn Nhà giả kim').check();
    await inbox.getByRole('button', { name: 'Đưa 1 đề xuất vào kế hoạch' }).click();
    await expect(inbox.getByRole('row', { name: /Nhà giả kim/ })).toContainText('Đã đưa vào kế hoạch');
    const lines = page.getByRole('table', { name: 'Dòng kế hoạch' });
    await expect(lines.getByRole('row', { name: /Nhà giả kim/ })).toContainText('Đề xuất của giáo viên/học sinh');
    await expect(page.getByTestId('plan-copies')).toHaveText('96');

    // Submit, approve with the principal's date and number: the plan is frozen. The import panel left open goes away
    // with the draft, never saying "đang trình duyệt" under an approved plan.
    await page.getByRole('button', { name: 'Nhập báo giá' }).click();
    await expect(page.getByRole('region', { name: 'Nhập báo giá' })).toBeVisible();
    await page.getByRole('button', { name: 'Trình duyệt' }).click();
    await expect(page.getByTestId('plan-status')).toHaveText('Phiên bản 1 — Trình duyệt');
    await page.locator('input[name="approvalNumber"]').fill('25/QĐ-THCS');
    await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await expect(page.getByTestId('plan-status')).toHaveText('Phiên bản 1 — Đã duyệt');
    await expect(page.getByRole('button', { name: 'Nhập báo giá' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Nhập báo giá' })).toHaveCount(0);
    await expect(page.getByText('Kế hoạch đang trình duyệt')).toHaveCount(0);
    // The inbox stays on screen once the plan is approved, each suggestion dated.
    const kept = page.getByRole('table', { name: 'Hộp đề xuất' });
    await expect(kept.getByRole('columnheader', { name: 'Ngày' })).toBeVisible();
    await expect(kept.getByRole('row', { name: /Nhà giả kim/ })).toContainText(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    // The books arrive: a phiếu nhập (catalogue import) with 3 Dế Mèn (of 5) and 3 Hoàng tử bé (of 2: one too many).
    const arrived = path.join(server.dataDir, 'sach-ve.csv');
    fs.writeFileSync(arrived, [
      'Loại sách,Nhan đề,Tác giả,Nhà xuất bản,Năm xuất bản,Giá tiền,Số lượng,Nguồn',
      'STN,Dế Mèn phiêu lưu ký,Tô Hoài,Kim Đồng,2024,60000,3,Mua',
      'STN,Hoàng tử bé,Antoine de Saint-Exupéry,Kim Đồng,2023,55000,3,Mua',
    ].join('\n'));
    cli('import-catalogue', arrived, '--db', path.join(server.dataDir, 'kesach.db'));
    await page.reload();
    const receipts = page.getByRole('region', { name: 'Thực hiện kế hoạch' });
    await receipts.getByLabel('Phiếu nhập').selectOption({ index: 1 });
    await receipts.getByRole('button', { name: 'Gắn vào kế hoạch' }).click();
    await expect(page.getByTestId('plan-status')).toHaveText('Phiên bản 1 — Thực hiện');
    await expect(lines.getByRole('row', { name: /Dế Mèn phiêu lưu ký/ })).toContainText('đã nhận 3/5, còn 2');
    await expect(lines.getByRole('row', { name: /Hoàng tử bé/ })).toContainText('đã nhận 3/2, thừa 1 (giao thừa)');
    await expect(lines.getByRole('row', { name: /Đất rừng phương Nam/ })).not.toContainText('đã nhận');
    await expect(page.getByTestId('plan-received')).toContainText('6 bản — 345.000 đ');
    expect(query<{ n: number }>(server.dataDir, 'SELECT COUNT(*) AS n FROM plan_receipt')[0].n).toBe(2);

    // The print for the principal.
    await page.getByRole('button', { name: 'In kế hoạch (PDF)' }).click();
    await expect(page.getByText('Đã tạo tệp.')).toBeVisible({ timeout: 60_000 });
    // Opened in a new tab through a short-lived link: neither the tab's address nor its request carries the token.
    const fileRequest = page.context().waitForEvent('request', (r) => r.url().includes('/files/'));
    const popup = page.waitForEvent('popup');
    await page.getByTestId('file-link').click();
    const tab = await popup;
    expect((await fileRequest).url()).toMatch(/\/files\/[\w-]+\/Ke.*\.pdf$/);
    expect(tab.url()).not.toContain('token');
    await tab.close();
  } finally {
    await server.stop();
  }
});
