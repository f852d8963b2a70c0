import { expect, test } from '@playwright/test';
import path from 'node:path';
import { demoDataDir, query, scan, screenshot, startServer, typeByHand } from './server';

const root = path.resolve(__dirname, '..');

test('Lưu thông: scanner-speed codes open the reader wherever focus is, lend three books, return one; human typing stays text', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = demoDataDir('circ');
  // A student with no open loan, and three copies on the shelf.
  const [reader] = query<{ id: number; card: string; name: string; cls: string }>(dataDir,
    `SELECT id, card_number AS card, full_name AS name, class_name AS cls FROM reader r WHERE kind = 'student' AND active = 1
     AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL AND l.lost_at IS NULL) ORDER BY id LIMIT 1`);
  const books = query<{ code: string }>(dataDir,
    `SELECT c.accession_code AS code FROM copy c JOIN collection_series s ON s.id = c.series_id WHERE s.code IN ('STK', 'STN') AND c.status = 'available'
     AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.returned_at IS NULL AND l.lost_at IS NULL) ORDER BY c.id LIMIT 4`).map((b) => b.code);
  expect(books).toHaveLength(4);
  const openLoansOf = (readerId: number) =>
    query<{ code: string }>(dataDir, `SELECT c.accession_code AS code FROM loan l JOIN copy c ON c.id = l.copy_id WHERE l.reader_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL ORDER BY c.accession_code`, readerId).map((r) => r.code);

  const server = await startServer({ dataDir });
  try {
    // 1. Focus in another screen's text field (Bạn đọc search): a card scan opens that reader at the desk.
    await page.goto(server.url + '#/ban-doc');
    const search = page.getByRole('searchbox', { name: 'Tìm bạn đọc' });
    await search.click();
    await scan(page, reader.card);
    await expect(page).toHaveURL(/#\/luu-thong/);
    await expect(page.getByTestId('reader-name')).toHaveText(reader.name);
    await expect(page.getByText(`Lớp ${reader.cls}`)).toBeVisible();

    // 2. Focus in the desk's own text field with something typed by hand: the scan does not leak into it.
    const manual = page.getByRole('textbox', { name: 'Nhập mã bằng tay' });
    await manual.click();
    await typeByHand(page, 'ghi chu');
    await scan(page, books[0]);
    await expect(page.getByTestId('last-action')).toContainText(`Cho mượn`);
    await expect(page.getByTestId('last-action')).toContainText(books[0]);
    await expect(manual).toHaveValue('ghi chu');
    await manual.fill('');

    // 3. Two more books, focus on the page body.
    await page.locator('body').click({ position: { x: 600, y: 5 } });
    for (const code of books.slice(1, 3)) {
      await scan(page, code);
      await expect(page.getByTestId('last-action')).toContainText(code);
    }
    const loansTable = page.getByRole('table', { name: 'Sách đang mượn' });
    await expect(loansTable.locator('tbody tr')).toHaveCount(3);
    expect(openLoansOf(reader.id)).toEqual([...books.slice(0, 3)].sort());
    await expect(page.getByText('Sách mượn về: còn được mượn 0/3')).toBeVisible();
    await screenshot(page, path.join(root, 'test-results', 'circulation-desk.png'), { fullPage: true });

    // 4. No reader open: scanning a lent book returns it. The same code again within 1.5 s counts once.
    await page.getByRole('button', { name: 'Xong, đóng bạn đọc' }).click();
    await expect(page.getByRole('region', { name: 'Chưa mở bạn đọc' })).toBeVisible();
    const returned = await scan(page, books[1]);
    await expect(page.getByTestId('last-action')).toContainText(`Đã trả`);
    // Stamped 0.5 s after the first burst, whatever the time taken to see its answer on a loaded machine.
    await scan(page, books[1], { at: returned.end + 500 });
    await page.waitForTimeout(400);
    await expect(page.getByTestId('last-action')).toContainText(`Đã trả`);
    expect(openLoansOf(reader.id)).toEqual([books[0], books[2]].sort());
    await expect(page.getByRole('region', { name: 'Vừa trả' })).toContainText(books[1]);

    // 5. The same code typed at human speed into the catalogue search box stays a search and lends nothing.
    await page.goto(server.url + '#/bien-muc');
    const catalogueSearch = page.getByRole('searchbox', { name: 'Tìm sách' });
    await catalogueSearch.click();
    await typeByHand(page, books[1], { enter: true });
    await page.waitForTimeout(500);
    await expect(catalogueSearch).toHaveValue(books[1]);
    await expect(page).toHaveURL(/#\/bien-muc/);
    expect(openLoansOf(reader.id)).toEqual([books[0], books[2]].sort());
    expect(query<{ n: number }>(dataDir, `SELECT COUNT(*) AS n FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = ? AND l.returned_at IS NULL`, books[1])[0].n).toBe(0);
    // Likewise an unlent book code in the readers search box.
    await page.goto(server.url + '#/ban-doc');
    const search2 = page.getByRole('searchbox', { name: 'Tìm bạn đọc' });
    await search2.click();
    await typeByHand(page, books[3], { enter: true });
    await page.waitForTimeout(500);
    await expect(search2).toHaveValue(books[3]);
    await expect(page).toHaveURL(/#\/ban-doc/);
    expect(query<{ n: number }>(dataDir, `SELECT COUNT(*) AS n FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = ? AND l.returned_at IS NULL`, books[3])[0].n).toBe(0);
    // A card typed at human speed does not open a reader either.
    await search2.fill('');
    await search2.click();
    await typeByHand(page, reader.card, { enter: true });
    await page.waitForTimeout(500);
    await expect(page).toHaveURL(/#\/ban-doc/);
    await expect(search2).toHaveValue(reader.card);

    // 6. A screen that takes no scans (Cài đặt, focus in a form field) hands the scan to the desk.
    await page.goto(server.url + '#/cai-dat');
    await page.locator('input[name="librarian"]').click();
    await scan(page, reader.card);
    await expect(page).toHaveURL(/#\/luu-thong/);
    await expect(page.getByTestId('reader-name')).toHaveText(reader.name);
  } finally {
    await server.stop();
  }
});

test('Lưu thông: a late return shows "trả trễ" with the warning tone; a weeded copy cannot be lent, not even by an override; a held book passes to the open reader in one step', async ({ page, request }) => {
  test.setTimeout(120_000);
  const dataDir = demoDataDir('late');
  const today = new Date().toLocaleDateString('sv-SE');
  const [late] = query<{ code: string; dueAt: string }>(dataDir,
    `SELECT c.accession_code AS code, l.due_at AS dueAt FROM loan l JOIN copy c ON c.id = l.copy_id
     WHERE l.returned_at IS NULL AND l.lost_at IS NULL AND l.kind = 'short' AND l.due_at < ? ORDER BY l.due_at DESC LIMIT 1`, today);
  expect(late).toBeTruthy();
  const [weeded] = query<{ code: string }>(dataDir, `SELECT accession_code AS code FROM copy WHERE status = 'withdrawn' ORDER BY id LIMIT 1`);
  expect(weeded).toBeTruthy();
  const [reader] = query<{ id: number; card: string; name: string }>(dataDir,
    `SELECT id, card_number AS card, full_name AS name FROM reader r WHERE kind = 'student' AND active = 1
     AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL AND l.lost_at IS NULL) ORDER BY id LIMIT 1`);
  const [held] = query<{ code: string }>(dataDir,
    `SELECT c.accession_code AS code FROM loan l JOIN copy c ON c.id = l.copy_id JOIN collection_series s ON s.id = c.series_id
     WHERE l.returned_at IS NULL AND l.lost_at IS NULL AND l.kind = 'short' AND l.due_at >= ? AND s.code IN ('STK', 'STN') AND l.reader_id <> ?
     ORDER BY l.id LIMIT 1`, today, reader.id);
  expect(held).toBeTruthy();
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/luu-thong');
    await expect(page.getByRole('radio', { name: /Trả sách/ })).toBeVisible();
    // F3 switches to "Trả sách" mode; the key is shown on the button.
    await page.keyboard.press('F3');
    await expect(page.getByRole('radio', { name: /Trả sách/ })).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByRole('radio', { name: /Trả sách/ })).toContainText('F3');

    // A late return: warning banner "trả trễ N ngày", and the "Vừa trả" list keeps it.
    await scan(page, late.code);
    const banner = page.getByTestId('last-action');
    await expect(banner).toContainText('Đã trả');
    await expect(banner).toContainText(/trả trễ \d+ ngày/);
    await expect(banner).toHaveClass(/last-warn/);
    await expect(page.getByRole('region', { name: 'Vừa trả' })).toContainText('trả trễ');

    // A weeded copy: the desk explains and offers no override.
    await page.keyboard.press('F2');
    await scan(page, reader.card);
    await expect(page.getByTestId('reader-name')).toHaveText(reader.name);
    await scan(page, weeded.code);
    const blocked = page.getByRole('form', { name: 'Cho mượn ngoại lệ' });
    await expect(blocked).toContainText('đã thanh lọc');
    await expect(blocked.getByRole('button', { name: 'Vẫn cho mượn' })).toHaveCount(0);
    await expect(blocked.getByLabel('Lý do cho mượn ngoại lệ')).toHaveCount(0);
    // And the service refuses it even when asked directly with a reason.
    const url = new URL(server.url);
    const res = await request.post(`${url.origin}/api/call/circulation.checkout`, {
      headers: { 'x-kesach-token': url.searchParams.get('token')! },
      data: { readerId: reader.id, code: weeded.code, overrideReason: 'Cô hiệu trưởng cho phép' },
    });
    expect(await res.json()).toMatchObject({ ok: false, code: 'COPY_WITHDRAWN' });
    expect(query<{ status: string; n: number }>(dataDir,
      `SELECT c.status, (SELECT COUNT(*) FROM loan l WHERE l.copy_id = c.id AND l.returned_at IS NULL) AS n FROM copy c WHERE accession_code = ?`, weeded.code))
      .toEqual([{ status: 'withdrawn', n: 0 }]);

    // A book still on loan to another reader: "Trả và cho bạn này mượn" in one step.
    await blocked.getByRole('button', { name: 'Đã hiểu' }).click();
    await scan(page, held.code);
    await expect(blocked).toContainText('đang được');
    await blocked.getByRole('button', { name: 'Trả và cho bạn này mượn' }).click();
    await expect(banner).toContainText(`Đã nhận trả`);
    await expect(page.getByRole('table', { name: 'Sách đang mượn' })).toContainText(held.code);
    expect(query<{ readerId: number }>(dataDir,
      `SELECT l.reader_id AS readerId FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`, held.code))
      .toEqual([{ readerId: reader.id }]);

    // The reader's loan history opens from the reader panel.
    await page.getByRole('button', { name: 'Lịch sử mượn' }).click();
    await expect(page.getByRole('heading', { name: 'Lịch sử mượn' })).toBeVisible();
    await screenshot(page, path.join(root, 'test-results', 'circulation-late-weeded.png'), { fullPage: true });
  } finally {
    await server.stop();
  }
});

test('Lưu thông: "Ghi lượt đọc" (F4) records a lượt đọc tại chỗ without returning the book from its borrower; a card twice is one visit', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = demoDataDir('visit');
  const today = new Date().toLocaleDateString('sv-SE');
  const [lent] = query<{ code: string; readerId: number; name: string }>(dataDir,
    `SELECT c.accession_code AS code, l.reader_id AS readerId, r.full_name AS name FROM loan l JOIN copy c ON c.id = l.copy_id
     JOIN reader r ON r.id = l.reader_id JOIN collection_series s ON s.id = c.series_id
     WHERE l.returned_at IS NULL AND l.lost_at IS NULL AND l.kind = 'short' AND l.due_at >= ? AND s.code IN ('STK', 'STN') ORDER BY l.id LIMIT 1`, today);
  expect(lent).toBeTruthy();
  const [reader] = query<{ id: number; card: string; name: string }>(dataDir,
    `SELECT id, card_number AS card, full_name AS name FROM reader WHERE kind = 'student' AND active = 1 ORDER BY id LIMIT 1`);
  const uses = () => query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM in_library_use u JOIN copy c ON c.id = u.copy_id WHERE c.accession_code = ?', lent.code)[0].n;
  const visits = () => query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM visit WHERE reader_id = ?', reader.id)[0].n;
  const usesBefore = uses(), visitsBefore = visits();
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/luu-thong');
    await expect(page.getByRole('radio', { name: /Ghi lượt đọc/ })).toBeVisible();
    await page.keyboard.press('F4');
    await expect(page.getByRole('radio', { name: /Ghi lượt đọc/ })).toHaveAttribute('aria-checked', 'true');
    const banner = page.getByTestId('last-action');
    await expect(banner).toContainText('Quét sách: ghi lượt đọc tại chỗ');
    // Codes through the desk's own field (the same path as a scan).
    const manual = page.getByRole('textbox', { name: 'Nhập mã bằng tay' });
    const enter = async (code: string) => { await manual.fill(code); await manual.press('Enter'); };

    // A book lent to a reader who is not there: recorded as read here, still lent to its borrower.
    await enter(lent.code);
    await expect(banner).toContainText('Đã ghi lượt đọc tại chỗ');
    await expect(banner).toContainText(lent.code);
    await expect(banner).toContainText(`đang ghi cho ${lent.name} mượn`);
    await expect(banner).not.toContainText('Đã trả');
    expect(query<{ readerId: number }>(dataDir,
      `SELECT l.reader_id AS readerId FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.accession_code = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`, lent.code))
      .toEqual([{ readerId: lent.readerId }]);
    expect(uses()).toBe(usesBefore + 1);

    // A card: one lượt đến thư viện; the same card again a moment later is the same visit, and the desk says so.
    await enter(reader.card);
    await expect(banner).toContainText('Đã ghi lượt đến thư viện');
    await expect(page.getByTestId('reader-name')).toHaveText(reader.name);
    await enter(reader.card);
    await expect(banner).toContainText('không ghi thêm');
    expect(visits()).toBe(visitsBefore + 1);
    await screenshot(page, path.join(root, 'test-results', 'circulation-visit-mode.png'), { fullPage: true });
  } finally {
    await server.stop();
  }
});

test('Bạn đọc: import a class list with preview, then search without diacritics', async ({ page }) => {
  const server = await startServer();
  try {
    await page.goto(server.url + '#/ban-doc');
    await page.getByRole('button', { name: 'Nhập danh sách lớp' }).click();
    await page.getByLabel('Chọn tệp danh sách').setInputFiles(path.join(root, 'e2e', 'fixtures', 'danh-sach-hoc-sinh.csv'));
    await expect(page.getByText('371 dòng hợp lệ')).toBeVisible();
    await expect(page.getByText('12 lớp')).toBeVisible();
    await page.getByRole('button', { name: 'Nhập 371 bạn đọc' }).click();
    await expect(page.getByRole('status')).toContainText('Đã nhập 371 bạn đọc: 371 mới');
    await page.getByRole('button', { name: 'Danh sách', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Tìm bạn đọc' }).fill('truong kim hoa');
    const table = page.getByRole('table', { name: 'Danh sách bạn đọc' });
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table).toContainText('Trương Kim Hoa');
    await expect(table).toContainText('6A1');
    await screenshot(page, path.join(root, 'test-results', 'readers-screen.png'), { fullPage: true });
  } finally {
    await server.stop();
  }
});
