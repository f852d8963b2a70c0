import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { demoDataDir, query, scan, screenshot, startServer } from './server';
import { formatDate } from '../shared/dates';

const root = path.resolve(__dirname, '..');

/** Scans while `field` has focus and holds `before` (the caret at its end). */
async function scanInto(page: Page, field: Locator, code: string, before: string): Promise<void> {
  await field.fill(before);
  await field.press('End');
  await scan(page, code);
}

interface OnLoan { code: string; title: string; volume: string; reader: string; card: string; dueAt: string }

test('A scan on a screen other than the desk never changes data: fields take the code, elsewhere the copy is shown and only "Trả sách" returns it', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = demoDataDir('scan');
  const onLoan = query<OnLoan>(dataDir,
    `SELECT c.accession_code AS code, t.title, t.volume, r.full_name AS reader, r.card_number AS card, l.due_at AS dueAt
     FROM loan l JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id JOIN reader r ON r.id = l.reader_id
     WHERE l.returned_at IS NULL AND l.lost_at IS NULL ORDER BY l.id LIMIT 4`);
  expect(onLoan).toHaveLength(4);
  // Everything a scan could write: loans, copy statuses, visits.
  const snapshot = () => JSON.stringify([
    query(dataDir, 'SELECT id, copy_id, reader_id, due_at, returned_at, lost_at, renewals FROM loan ORDER BY id'),
    query(dataDir, 'SELECT id, status FROM copy ORDER BY id'),
    query(dataDir, 'SELECT COUNT(*) AS n FROM visit'),
  ]);
  const openLoanOf = (code: string) => query<{ n: number }>(dataDir,
    'SELECT COUNT(*) AS n FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = ? AND l.returned_at IS NULL AND l.lost_at IS NULL', code)[0].n;
  const before = snapshot();

  const server = await startServer({ dataDir });
  try {
    // 1. Biên mục: the search box gets the scanned code as its query.
    await page.goto(server.url + '#/bien-muc');
    const search = page.getByRole('searchbox', { name: 'Tìm sách' });
    // Something typed before is replaced: the scanned code becomes the query.
    await scanInto(page, search, onLoan[0].code, 'de men');
    await expect(search).toHaveValue(onLoan[0].code);
    await expect(page.locator('table.data tbody')).toContainText(onLoan[0].title);
    await expect(page).toHaveURL(/#\/bien-muc$/);
    expect(snapshot()).toBe(before);

    // 2. In nhãn & thẻ: the "Danh sách quét" list gets the code appended, nothing is returned.
    await page.goto(server.url + '#/in-nhan');
    const form = page.getByRole('form', { name: 'In nhãn sách' });
    await form.locator('select[name="selection"]').selectOption('list');
    const codes = form.locator('textarea[name="codes"]');
    await scanInto(page, codes, onLoan[1].code, 'STK000001');
    await expect(codes).toHaveValue(`STK000001\n${onLoan[1].code}`);
    await expect(page).toHaveURL(/#\/in-nhan$/);
    expect(snapshot()).toBe(before);

    // 3. The title form: an ISBN scanned into the ISBN field lands there and the form is kept.
    await page.goto(server.url + '#/bien-muc');
    await page.getByRole('button', { name: 'Thêm đầu sách' }).click();
    await page.locator('input[name="title"]').fill('Sách thử máy quét');
    await scanInto(page, page.locator('input[name="isbn"]'), '9780306406157', '978');
    await expect(page.locator('input[name="isbn"]')).toHaveValue('9780306406157');
    await expect(page.locator('input[name="title"]')).toHaveValue('Sách thử máy quét');
    await expect(page.getByRole('heading', { name: 'Thêm đầu sách' })).toBeVisible();
    expect(snapshot()).toBe(before);

    // 4. Bạn đọc (it used to pass every scan to the desk) and Sổ sách: a book code shows the copy, writes nothing.
    await page.goto(server.url + '#/ban-doc');
    await expect(page.getByRole('table', { name: 'Danh sách bạn đọc' })).toBeVisible();
    await page.getByRole('heading', { name: 'Bạn đọc' }).click();
    await scan(page, onLoan[3].code);
    const panel = page.getByRole('dialog', { name: 'Bản sách vừa quét' });
    await expect(panel).toContainText(onLoan[3].code);
    await expect(panel).toContainText('Đang mượn');
    await expect(page).toHaveURL(/#\/ban-doc$/);
    await panel.getByRole('button', { name: 'Đóng' }).click();
    await expect(panel).toBeHidden();
    expect(snapshot()).toBe(before);

    await page.goto(server.url + '#/so-sach');
    await expect(page.getByRole('heading', { name: 'Sổ sách & Báo cáo' })).toBeVisible();
    await page.locator('body').click({ position: { x: 600, y: 5 } });
    await scan(page, onLoan[2].code);
    await expect(panel).toBeVisible();
    const shownTitle = onLoan[2].volume ? `${onLoan[2].title}, ${onLoan[2].volume}` : onLoan[2].title;
    await expect(panel).toContainText(shownTitle);
    await expect(panel).toContainText(onLoan[2].code);
    await expect(panel).toContainText('Đang mượn');
    await expect(panel).toContainText(onLoan[2].reader);
    await expect(panel).toContainText(formatDate(onLoan[2].dueAt));
    await expect(page).toHaveURL(/#\/so-sach$/);
    await screenshot(page, path.join(root, 'test-results', 'scan-lookup.png'));
    expect(snapshot()).toBe(before);

    // Only the explicit button returns it.
    await panel.getByRole('button', { name: 'Trả sách' }).click();
    await expect(panel).toContainText('Đã trả');
    expect(openLoanOf(onLoan[2].code)).toBe(0);
    expect(query<{ status: string }>(dataDir, 'SELECT status FROM copy WHERE accession_code = ?', onLoan[2].code)[0].status).toBe('available');
    await expect(panel.getByRole('button', { name: 'Trả sách' })).toHaveCount(0);
    const afterReturn = snapshot();

    // "Mở ở Lưu thông" opens the holder at the desk; the copy stays on loan.
    await scan(page, onLoan[0].code);
    await expect(panel).toContainText(onLoan[0].code);
    await panel.getByRole('button', { name: 'Mở ở Lưu thông' }).click();
    await expect(page).toHaveURL(/#\/luu-thong/);
    await expect(page.getByTestId('reader-name')).toHaveText(onLoan[0].reader);
    expect(openLoanOf(onLoan[0].code)).toBe(1);
    expect(snapshot()).toBe(afterReturn);
  } finally {
    await server.stop();
  }
});
