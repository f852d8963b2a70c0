import { expect, test } from '@playwright/test';
import path from 'node:path';
import { demoDataDir, query, scan, screenshot, startServer, typeByHand } from './server';

const root = path.resolve(__dirname, '..');

test('Kiểm kê: start a stocktake of STN, scan two books at scanner speed, close it and see Còn / Mất / Thừa', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = demoDataDir('stocktake');
  const books = query<{ code: string; title: string }>(dataDir,
    `SELECT c.accession_code AS code, t.title FROM copy c JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id
     WHERE s.code = 'STN' AND c.status = 'available' ORDER BY c.id LIMIT 2`);
  const stk = query<{ code: string }>(dataDir,
    `SELECT c.accession_code AS code FROM copy c JOIN collection_series s ON s.id = c.series_id WHERE s.code = 'STK' AND c.status = 'available' ORDER BY c.id LIMIT 1`)[0];
  const [{ expected, lent }] = query<{ expected: number; lent: number }>(dataDir,
    `SELECT COUNT(*) AS expected, SUM(c.status = 'onLoan') AS lent FROM copy c JOIN collection_series s ON s.id = c.series_id
     WHERE s.code = 'STN' AND c.status <> 'withdrawn'`);
  expect(books).toHaveLength(2);

  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/kiem-ke');
    await expect(page.getByRole('heading', { name: 'Kiểm kê', level: 1 })).toBeVisible();
    await expect(page.getByText('Chưa có đợt kiểm kê nào.')).toBeVisible();

    await page.getByRole('button', { name: 'Bắt đầu đợt kiểm kê mới' }).click();
    const form = page.getByRole('form', { name: 'Bắt đầu kiểm kê' });
    await form.getByLabel('Tên đợt kiểm kê').fill('Kiểm kê sách thiếu nhi');
    await form.getByLabel('Thành phần ban kiểm kê').fill('Nguyễn Thị Hoa – thủ thư');
    await form.getByRole('checkbox', { name: /\(STN\)/ }).check();
    await form.getByRole('button', { name: 'Bắt đầu kiểm kê' }).click();

    const active = page.getByRole('region', { name: 'Đang kiểm kê' });
    await expect(active.getByRole('heading', { name: 'Đang kiểm kê: Kiểm kê sách thiếu nhi' })).toBeVisible();
    const stnRow = active.getByRole('table', { name: 'Tiến độ theo loại sách' }).locator('tr[data-series="STN"]');
    await expect(stnRow.locator('td').nth(1)).toHaveText(String(expected));

    // Scanner-speed bursts with focus on the page body: each copy is Còn, the last-scan line names it.
    await page.locator('body').click({ position: { x: 600, y: 5 } });
    const last = page.getByTestId('last-scan');
    for (const b of books) {
      await scan(page, b.code);
      await expect(last).toContainText(`Còn — ${b.code}`);
      await expect(last).toContainText(b.title);
    }
    // The same book again counts once; a book of another series is Thừa.
    await scan(page, books[0].code);
    await expect(last).toContainText('Đã quét rồi');
    await scan(page, stk.code);
    await expect(last).toContainText(`Thừa — ${stk.code}`);
    await expect(last).toHaveClass(/stocktake-extra/);
    await expect(stnRow.locator('td').nth(2)).toHaveText('2');
    await expect(page.getByRole('table', { name: 'Vừa quét' }).locator('tbody tr')).toHaveCount(3);

    // A code typed by hand into the box works too (human speed, Enter submits).
    await page.getByRole('textbox', { name: 'Nhập mã bằng tay' }).click();
    await typeByHand(page, 'KHONGCO1', { enter: true });
    await expect(last).toContainText('Thừa — mã KHONGCO1 không có trong kho sách');
    await expect(active.getByTestId('count-extra')).toContainText('2');
    await expect(active.getByTestId('count-missing')).toContainText(`Chưa thấy (sẽ ghi Mất)${expected - 2 - lent}`);

    await screenshot(page, path.join(root, 'test-results', 'stocktake-active.png'), { fullPage: true });

    // Close with confirmation.
    await active.getByRole('button', { name: 'Kết thúc kiểm kê…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Xác nhận kết thúc kiểm kê' });
    await expect(confirm).toContainText(`${expected - 2 - lent} bản chưa thấy sẽ được ghi là Mất`);
    await confirm.getByRole('button', { name: 'Xác nhận kết thúc' }).click();

    const result = page.getByRole('region', { name: 'Kết quả kiểm kê' });
    await expect(result.getByTestId('count-present')).toContainText(String(2 + lent));
    await expect(result.getByTestId('count-missing')).toContainText(String(expected - 2 - lent));
    await expect(result.getByTestId('count-extra')).toContainText('2');
    const rows = query<{ result: string; n: number }>(dataDir,
      `SELECT si.result, COUNT(*) AS n FROM stocktake_item si JOIN stocktake st ON st.id = si.stocktake_id WHERE st.name = 'Kiểm kê sách thiếu nhi' AND st.status = 'closed'
       GROUP BY si.result ORDER BY si.result`);
    expect(rows).toEqual([{ result: 'extra', n: 2 }, { result: 'missing', n: expected - 2 - lent }, { result: 'present', n: 2 + lent }]);

    // The biên bản prints and downloads as a PDF.
    await result.getByRole('button', { name: 'In biên bản kiểm kê' }).click();
    const link = result.getByTestId('file-link');
    await expect(link).toBeVisible({ timeout: 60_000 }); // the PDF is made first: seconds on a loaded machine
    const pdf = await page.request.get(new URL(await link.getAttribute('href') as string, server.url).toString());
    expect(pdf.ok()).toBe(true);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, path.join(root, 'test-results', 'stocktake-closed.png'), { fullPage: true });

    // Back in the list the stocktake shows as finished with its counts.
    await result.getByRole('button', { name: 'Về danh sách đợt kiểm kê' }).click();
    const listRow = page.getByRole('table', { name: 'Các đợt kiểm kê' }).locator('tbody tr', { hasText: 'Kiểm kê sách thiếu nhi' });
    await expect(listRow).toContainText('Đã kết thúc');
    await expect(listRow).toContainText('STN');
  } finally {
    await server.stop();
  }
});
