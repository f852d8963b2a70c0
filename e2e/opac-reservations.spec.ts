import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { formatDate, todayIso } from '../shared/dates';
import { demoDataDir, deskOf, freePort, query, screenshot, startServer, type Desk, type RunningServer } from './server';

/**
 * Đặt trước from a teacher's phone (issue 22), 390×844: she signs in to the OPAC with card + PIN, sees her own loans
 * ("Của tôi", due dates dd/mm/yyyy), reserves a title whose copies are all out, and the librarian's desk (browser mode,
 * Lưu thông → Sách đang giữ) shows her in the title's queue at once — without a reload: the OPAC's thread tells the
 * desk (reservations.changed over SSE), and the panel reads its list again.
 */
test.use({ viewport: { width: 390, height: 844 } });

let server: RunningServer;
let dataDir: string;
let opac: string;
let desk: Desk;

test.beforeAll(async () => {
  dataDir = demoDataDir('opac-reservations');
  server = await startServer({ dataDir });
  desk = deskOf(server);
  const port = await freePort();
  expect((await desk.call<{ running: boolean }>('opac.saveSettings', { enabled: true, host: '127.0.0.1', port })).running).toBe(true);
  opac = `http://127.0.0.1:${port}/`;
});

test.afterAll(async () => {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a teacher sees her loans on her phone and reserves a title that is out; the librarian\'s desk shows it at once', async ({ page }) => {
  // A teacher with books out, and a title of which every copy is lent (to someone else).
  const [teacher] = query<{ id: number; card: string; name: string }>(dataDir, `SELECT r.id, r.card_number AS card, r.full_name AS name FROM reader r
    WHERE r.kind = 'teacher' AND r.active = 1 AND EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL AND l.lost_at IS NULL)
    ORDER BY r.id LIMIT 1`);
  const loans = query<{ code: string; dueAt: string }>(dataDir, `SELECT c.accession_code AS code, l.due_at AS dueAt FROM loan l
    JOIN copy c ON c.id = l.copy_id WHERE l.reader_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL ORDER BY l.due_at, l.id`, teacher.id);
  // A title whose copies the desk lends to pupils, all of them.
  const [title] = query<{ id: number; title: string }>(dataDir, `SELECT t.id, CASE WHEN t.volume <> '' THEN t.title || ', ' || t.volume ELSE t.title END AS title
    FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.code = 'STN'
    AND (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available') BETWEEN 1 AND 3
    AND NOT EXISTS (SELECT 1 FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.title_id = t.id AND l.reader_id = ? AND l.returned_at IS NULL)
    ORDER BY t.id LIMIT 1`, teacher.id);
  const codes = query<{ code: string }>(dataDir, "SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'available'", title.id);
  const pupils = query<{ id: number }>(dataDir, `SELECT id FROM reader r WHERE kind = 'student' AND active = 1
    AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL) ORDER BY id LIMIT ?`, codes.length);
  for (const [i, { code }] of codes.entries()) await desk.call('circulation.checkout', { readerId: pupils[i].id, code });
  await desk.call('readers.setPin', { id: teacher.id, pin: '246813' });

  // The librarian's desk: Lưu thông → Sách đang giữ, nobody waiting yet.
  const deskPage = await page.context().newPage();
  await deskPage.setViewportSize({ width: 1280, height: 900 });
  await deskPage.goto(`${server.url}#/luu-thong`);
  await deskPage.getByRole('button', { name: 'Sách đang giữ' }).click();
  await expect(deskPage.getByText('Không có ai đang chờ sách.')).toBeVisible();

  // Her phone: sign in, "Của tôi".
  await page.goto(opac);
  await page.getByRole('link', { name: 'Giáo viên đăng nhập' }).click();
  await page.getByLabel('Số thẻ thư viện').fill(teacher.card);
  await page.getByLabel('Mã PIN').fill('246813');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Của tôi' }).click();
  await expect(page.getByRole('heading', { name: 'Của tôi' })).toBeVisible();
  const myLoans = page.getByTestId('my-loans').locator('li');
  await expect(myLoans).toHaveCount(loans.length);
  const today = todayIso();
  for (const [i, l] of loans.entries()) {
    await expect(myLoans.nth(i)).toContainText(`Số ĐKCB ${l.code}`);
    // Overdue ones say so: "Quá hạn 3 ngày (hạn trả 12/12/2026)".
    await expect(myLoans.nth(i)).toContainText(l.dueAt < today ? `Quá hạn` : `Hạn trả ${formatDate(l.dueAt)}`);
    await expect(myLoans.nth(i)).toContainText(formatDate(l.dueAt));
  }
  await expect(page.getByText('Chưa đặt trước sách nào.', { exact: false })).toBeVisible();
  await screenshot(page, test.info().outputPath('opac-my-loans.png'), { fullPage: true });

  // The title's page: every copy out, so "Đặt trước".
  await page.goto(`${opac}#/sach/${title.id}`);
  await expect(page.getByTestId('availability')).toContainText('Đang được mượn hết');
  await page.getByRole('button', { name: 'Đặt trước' }).click();
  await expect(page.getByRole('status')).toHaveText(`Đã đặt trước «${title.title}»: thứ 1 trong hàng chờ. Thư viện sẽ giữ sách khi có bản trả về.`);
  await screenshot(page, test.info().outputPath('opac-reserved.png'), { fullPage: true });

  // The desk shows her in the queue without being reloaded.
  const queue = deskPage.getByRole('table', { name: `Hàng chờ: ${title.title}` });
  await expect(queue).toContainText(teacher.name);
  await expect(queue).toContainText('Tra cứu trực tuyến');
  await screenshot(deskPage.getByRole('region', { name: 'Sách đang giữ' }), test.info().outputPath('desk-queue.png'));

  // Back on her phone: her place in the queue, and the title page says she has reserved it.
  await page.getByRole('link', { name: 'Của tôi' }).click();
  await expect(page.getByTestId('my-reservations')).toContainText(`${title.title}Thứ 1 trong hàng chờ`);
  await page.goto(`${opac}#/sach/${title.id}`);
  await expect(page.getByTestId('reserve')).toContainText('Thầy cô đã đặt trước sách này: Thứ 1 trong hàng chờ.');
  await expect(page.getByRole('button', { name: 'Đặt trước' })).toHaveCount(0);
});

test('the librarian sets a teacher\'s lớp chủ nhiệm; on her phone she sees her pupils\' books waiting on the hold shelf', async ({ page }) => {
  const [teacher] = query<{ id: number; card: string; name: string }>(dataDir,
    "SELECT id, card_number AS card, full_name AS name FROM reader WHERE kind = 'teacher' AND active = 1 ORDER BY id DESC LIMIT 1");
  // A pupil of a class reserves a title whose one copy is out; the copy comes back and waits for her.
  const [pupil, other] = query<{ id: number; name: string; cls: string }>(dataDir, `SELECT id, full_name AS name, class_name AS cls FROM reader r
    WHERE kind = 'student' AND active = 1 AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL)
    ORDER BY id DESC LIMIT 2`);
  const [title] = query<{ id: number; title: string; code: string }>(dataDir, `SELECT t.id, CASE WHEN t.volume <> '' THEN t.title || ', ' || t.volume ELSE t.title END AS title,
    (SELECT accession_code FROM copy c WHERE c.title_id = t.id AND c.status = 'available') AS code
    FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.code = 'STN'
    AND (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available') = 1
    AND NOT EXISTS (SELECT 1 FROM reservation v WHERE v.title_id = t.id) ORDER BY t.id DESC LIMIT 1`);
  await desk.call('circulation.checkout', { readerId: other.id, code: title.code });
  await desk.call('reservations.place', { titleId: title.id, readerId: pupil.id });
  await desk.call('circulation.return', { code: title.code });
  const [hold] = query<{ until: string }>(dataDir, "SELECT hold_until AS until FROM reservation WHERE reader_id = ? AND status = 'ready'", pupil.id);
  await desk.call('readers.setPin', { id: teacher.id, pin: '135792' });

  // Bạn đọc → Sửa → "Lớp chủ nhiệm".
  const deskPage = await page.context().newPage();
  await deskPage.setViewportSize({ width: 1280, height: 900 });
  await deskPage.goto(`${server.url}#/ban-doc`);
  await deskPage.getByRole('searchbox', { name: 'Tìm bạn đọc' }).fill(teacher.card);
  await deskPage.getByRole('table', { name: 'Danh sách bạn đọc' }).getByRole('row').filter({ hasText: teacher.card }).getByRole('button', { name: 'Sửa' }).click();
  const form = deskPage.getByRole('form', { name: 'Thông tin bạn đọc' });
  await form.getByLabel('Lớp chủ nhiệm').fill(pupil.cls.toLowerCase());
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form).toHaveCount(0);
  expect(query<{ cls: string }>(dataDir, 'SELECT homeroom_class AS cls FROM reader WHERE id = ?', teacher.id)).toEqual([{ cls: pupil.cls }]);
  await deskPage.close();

  await page.goto(`${opac}#/dang-nhap`);
  await page.getByLabel('Số thẻ thư viện').fill(teacher.card);
  await page.getByLabel('Mã PIN').fill('135792');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Của tôi' }).click();
  await expect(page.getByRole('heading', { name: `Sách đã về cho học sinh lớp ${pupil.cls}` })).toBeVisible();
  const holds = page.getByTestId('class-holds').locator('li');
  await expect(holds).toHaveCount(1);
  await expect(holds).toHaveText(`${pupil.name}${title.title}Thư viện giữ đến hết ${formatDate(hold.until)}`);
  await screenshot(page, test.info().outputPath('opac-class-holds.png'), { fullPage: true });
});
