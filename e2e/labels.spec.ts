import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { decodeBarcodes } from '../tests/pdf-read';
import { demoDataDir, query, screenshot, startServer } from './server';
import { formatDate } from '../shared/dates';

const root = path.resolve(__dirname, '..');


test('In nhãn & thẻ: pick a start cell on the sheet preview, print a range of barcode labels, cards, calibration and a user template', async ({ page, request }) => {
  test.setTimeout(120_000);
  const server = await startServer({ dataDir: demoDataDir('labels') });
  try {
    await page.goto(server.url + '#/in-nhan');
    await expect(page.getByRole('heading', { name: 'In nhãn & thẻ' })).toBeVisible();
    const form = page.getByRole('form', { name: 'In nhãn sách' });
    await form.locator('select[name="template"]').selectOption('L7651');

    // Half-used sheet: click label 5 of the preview; 1–4 become "used".
    await page.getByRole('button', { name: 'Nhãn số 5', exact: true }).click();
    await expect(form.locator('input[name="start"]')).toHaveValue('5');
    await expect(page.getByRole('button', { name: 'Nhãn số 4 (đã dùng)' })).toBeVisible();

    await form.locator('select[name="selection"]').selectOption('range');
    await form.locator('input[name="from"]').fill('STK000001');
    await form.locator('input[name="to"]').fill('STK000012');
    await expect(form.getByText('12 bản sách → 12 nhãn, 1 tờ L7651')).toBeVisible();
    // The preview cell carries the lines the PDF prints on that label (school, code, title for a barcode label).
    await expect(page.getByRole('button', { name: 'Nhãn số 5', exact: true })).toHaveAttribute('data-lines', /^.+\nSTK000001\n.+$/);
    await expect(page.getByRole('button', { name: 'Nhãn số 5', exact: true }).locator('.sheet-label-bars rect').first()).toBeAttached();
    await screenshot(page, path.join(root, 'test-results', 'labels-screen.png'), { fullPage: true });

    const popup = page.waitForEvent('popup');
    await form.getByRole('button', { name: 'Tạo tệp PDF' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Đã tạo 12 nhãn (1 trang)' })).toBeVisible({ timeout: 30_000 }); // the PDF worker may start slowly on a loaded machine
    await (await popup).close();
    const href = await form.getByRole('link', { name: 'Mở tệp' }).getAttribute('href');
    const res = await request.get(new URL(href!, server.url).toString());
    expect(res.ok()).toBe(true);
    const pdf = path.join(server.dataDir, 'downloaded.pdf');
    fs.writeFileSync(pdf, await res.body());
    const decoded = await decodeBarcodes(pdf);
    expect(decoded.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `STK${String(i + 1).padStart(6, '0')}`));

    // A code that does not exist is refused with a message.
    await form.locator('select[name="selection"]').selectOption('list');
    await form.locator('textarea[name="codes"]').fill('STK000001\nSTK999999');
    await expect(form.getByRole('alert')).toContainText('Không tìm thấy 1 bản sách: STK999999');

    // Cards of one class.
    await page.getByRole('tab', { name: 'Thẻ thư viện' }).click();
    const cards = page.getByRole('form', { name: 'In thẻ thư viện' });
    await cards.locator('select[name="readers"]').selectOption('class');
    await cards.locator('select[name="className"]').selectOption('6A1');
    const popup2 = page.waitForEvent('popup');
    await cards.getByRole('button', { name: 'Tạo tệp PDF thẻ' }).click();
    await expect(cards.getByRole('status').filter({ hasText: /Đã tạo \d+ thẻ/ })).toBeVisible();
    await (await popup2).close();

    // Calibration offsets are saved per printer.
    await page.getByRole('tab', { name: 'Căn chỉnh máy in' }).click();
    const cal = page.getByRole('form', { name: 'Căn chỉnh máy in' });
    await cal.locator('input[name="printerName"]').fill('Canon LBP 2900');
    await cal.locator('input[name="dx"]').fill('0.6');
    await cal.locator('input[name="dy"]').fill('-1.2');
    await cal.getByRole('button', { name: 'Lưu độ lệch' }).click();
    await expect(cal.getByRole('status')).toContainText('Đã lưu độ lệch của máy in Canon LBP 2900');
    await page.getByRole('tab', { name: 'Nhãn sách' }).click();
    await expect(page.locator('select[name="printer"]')).toContainText('Canon LBP 2900 (x 0,6 mm, y -1,2 mm)');

    // A user template whose grid does not fit the page is refused; a valid one is listed.
    await page.getByRole('tab', { name: 'Mẫu giấy nhãn' }).click();
    const tpl = page.getByRole('form', { name: 'Thêm mẫu giấy nhãn' });
    await tpl.locator('input[name="id"]').fill('TRUONG-24');
    await tpl.locator('input[name="name"]').fill('Giấy nhãn của trường');
    await tpl.locator('input[name="columns"]').fill('4');
    await tpl.getByRole('button', { name: 'Lưu mẫu giấy nhãn' }).click();
    await expect(tpl.getByRole('alert')).toContainText('vượt chiều rộng trang');
    await tpl.locator('input[name="columns"]').fill('3');
    await tpl.getByRole('button', { name: 'Lưu mẫu giấy nhãn' }).click();
    await expect(tpl.getByRole('status')).toContainText('Đã lưu mẫu giấy nhãn TRUONG-24');
    await expect(page.getByRole('region', { name: 'Mẫu giấy nhãn' }).getByRole('cell', { name: 'TRUONG-24' })).toBeVisible();
  } finally {
    await server.stop();
  }
});

test('In nhãn: a phiếu nhập is picked by number and date, and the spine preview shows the three printed lines', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = demoDataDir('labels-batch');
  const batch = query<{ id: number; n: number; date: string }>(dataDir, "SELECT id, register_number AS n, date FROM accession_batch WHERE status = 'confirmed' ORDER BY register_number DESC LIMIT 1")[0];
  const first = query<{ code: string }>(dataDir, 'SELECT accession_code AS code FROM copy WHERE batch_id = ? ORDER BY series_id, accession_number LIMIT 1', batch.id)[0];
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/in-nhan');
    const form = page.getByRole('form', { name: 'In nhãn sách' });
    await form.locator('select[name="kind"]').selectOption('spine');
    await form.locator('select[name="selection"]').selectOption('batch');
    const day = formatDate(batch.date);
    const option = form.locator('select[name="batch"] option', { hasText: `Phiếu số ${batch.n} ngày ${day}` });
    await expect(option).toHaveCount(1);
    await form.locator('select[name="batch"]').selectOption({ label: (await option.textContent())! });
    const cell = page.getByRole('button', { name: 'Nhãn số 1', exact: true });
    await expect(cell).toHaveAttribute('data-lines', new RegExp(`^[^\\n]+\\n[^\\n]+\\n${first.code}$`));
    // The printer's offset reads the Vietnamese way, as on the calibration page ("0,0 mm", not "0.0 mm").
    await expect(form.locator('select[name="printer"]')).toContainText('Máy in mặc định (x 0,0 mm, y 0,0 mm)');
    await screenshot(page, path.join(root, 'test-results', 'labels-batch-preview.png'), { fullPage: true });
  } finally {
    await server.stop();
  }
});

