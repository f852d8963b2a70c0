import { expect, test, type Response } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { samplePdf } from '../tests/digital-samples';
import { cli, demoDataDir, deskOf, freePort, query, screenshot, startServer, type Desk, type RunningServer } from './server';

/**
 * Tra cứu trực tuyến, as a pupil's phone sees it (390×844): the librarian switches the OPAC on in
 * browser mode; "de men" finds Dế Mèn with its availability; a public PDF opens; a staff-only PDF is
 * refused until a teacher signs in with card + PIN; a pupil's purchase suggestion reaches the
 * librarian's inbox. Every OPAC response is kept and searched for the demo readers' names and cards.
 */
test.use({ viewport: { width: 390, height: 844 } });

let server: RunningServer;
let dataDir: string;
let opac: string;
let desk: Desk;
const bodies: string[] = [];

test.beforeAll(async () => {
  dataDir = demoDataDir('opac');
  const db = path.join(dataDir, 'kesach.db');
  const pub = path.join(dataDir, 'de-men-public.pdf');
  const staff = path.join(dataDir, 'de-men-giao-an.pdf');
  fs.writeFileSync(pub, samplePdf('De Men cong khai'));
  fs.writeFileSync(staff, samplePdf('Giao an De Men danh cho giao vien'));
  cli('digital', 'add', pub, '--title', 'Dế Mèn phiêu lưu ký', '--access', 'public', '--db', db);
  cli('digital', 'add', staff, '--title', 'Dế Mèn phiêu lưu ký', '--access', 'staff', '--db', db);
  server = await startServer({ dataDir });
  desk = deskOf(server);
  const port = await freePort();
  const status = await desk.call<{ running: boolean; addresses: { url: string }[]; loopbackOnly: boolean }>('opac.saveSettings', { enabled: true, host: '127.0.0.1', port });
  expect(status.running).toBe(true);
  // Listening on this computer only (the test machine): no address for phones, so none is offered.
  expect(status).toMatchObject({ addresses: [], loopbackOnly: true });
  opac = `http://127.0.0.1:${port}/`;
});

test.afterAll(async () => {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a pupil searches, opens a public PDF, a teacher signs in for a staff PDF, a suggestion reaches the inbox; no reader data ever leaves', async ({ page, request }) => {
  page.on('response', async (r: Response) => {
    if (!r.url().startsWith(opac)) return;
    try { bodies.push((await r.body()).toString('latin1'), (await r.body()).toString('utf8')); } catch { /* a navigation's body may be gone */ }
  });
  await page.goto(opac);
  await expect(page.getByRole('heading', { name: 'Sách mới về' })).toBeVisible();

  // "de men" without diacritics.
  await page.getByRole('searchbox', { name: 'Tìm sách' }).fill('de men');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  const hit = page.getByTestId('hits').locator('li').filter({ hasText: 'Dế Mèn phiêu lưu ký' });
  await expect(hit).toBeVisible();
  const [{ available, total }] = query<{ available: number; total: number }>(dataDir, `SELECT SUM(c.status = 'available') AS available,
    SUM(c.status IN ('available', 'onLoan')) AS total FROM copy c JOIN title t ON t.id = c.title_id WHERE t.title = 'Dế Mèn phiêu lưu ký'`);
  await expect(hit).toContainText(`Còn ${available}/${total} bản trên giá`);
  // A guest sees the public PDF only.
  await expect(hit.getByRole('link', { name: /Đọc PDF/ })).toHaveCount(1);
  await screenshot(page, test.info().outputPath('opac-search.png'));

  await hit.getByRole('link', { name: 'Dế Mèn phiêu lưu ký' }).click();
  await expect(page.getByTestId('availability')).toContainText(`Còn ${available}/${total} bản — Kho STN`);
  const pdfLink = page.getByRole('link', { name: /Đọc PDF/ });
  const publicUrl = new URL((await pdfLink.getAttribute('href'))!, opac).toString();
  const pdf = await request.get(publicUrl);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect(pdf.headers()['content-disposition']).toMatch(/^inline;/);
  expect(pdf.headers()['x-content-type-options']).toBe('nosniff');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  // The link opens in a new tab (the browser's own PDF viewer).
  expect(await pdfLink.getAttribute('target')).toBe('_blank');
  await screenshot(page, test.info().outputPath('opac-title.png'));

  // The staff PDF: refused to a guest.
  const [staffRow] = query<{ id: number }>(dataDir, "SELECT id FROM digital_resource WHERE access = 'staff'");
  const refused = await page.evaluate(async (u) => (await fetch(u)).status, `${opac}files/${staffRow.id}`);
  expect(refused).toBe(403);

  // A teacher signs in with card number + PIN set by the librarian.
  const [teacher] = query<{ id: number; card: string; name: string }>(dataDir,
    "SELECT id, card_number AS card, full_name AS name FROM reader WHERE kind = 'teacher' AND active = 1 ORDER BY id LIMIT 1");
  // The librarian sets it in Bạn đọc → Sửa → Mã PIN tra cứu.
  const readersPage = await page.context().newPage();
  await readersPage.setViewportSize({ width: 1280, height: 900 });
  await readersPage.goto(`${server.url}#/ban-doc`);
  await readersPage.getByRole('searchbox', { name: 'Tìm bạn đọc' }).fill(teacher.card);
  const row = readersPage.getByRole('table', { name: 'Danh sách bạn đọc' }).getByRole('row').filter({ hasText: teacher.card });
  await row.getByRole('button', { name: 'Sửa' }).click();
  const pinBox = readersPage.getByRole('group', { name: 'Mã PIN tra cứu' });
  await expect(pinBox.getByTestId('pin-status')).toHaveText('Chưa có mã PIN.');
  await pinBox.getByLabel('Mã PIN mới').fill('246813');
  await pinBox.getByRole('button', { name: 'Đặt mã PIN' }).click();
  await expect(pinBox).toContainText('Đã đặt mã PIN tra cứu');
  await expect(pinBox.getByTestId('pin-status')).toHaveText('Đã có mã PIN.');
  await readersPage.close();
  await page.getByRole('link', { name: 'Giáo viên đăng nhập' }).click();
  await page.getByLabel('Số thẻ thư viện').fill(teacher.card);
  await page.getByLabel('Mã PIN').fill('000000');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('alert')).toContainText('Số thẻ hoặc mã PIN không đúng');
  await page.getByLabel('Mã PIN').fill('246813');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('link', { name: 'Giáo viên: đăng xuất' })).toBeVisible();
  const cookies = await page.context().cookies(opac);
  expect(cookies.find((c) => c.name === 'kesach_opac')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  // The title page now lists both PDFs, and the staff one opens.
  await page.goto(`${opac}#/tim?q=de%20men`);
  await expect(page.getByTestId('hits').locator('li').filter({ hasText: 'Dế Mèn phiêu lưu ký' }).getByRole('link', { name: /Đọc PDF/ })).toHaveCount(2);
  const opened = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, type: r.headers.get('content-type'), head: (await r.text()).slice(0, 5) };
  }, `${opac}files/${staffRow.id}`);
  expect(opened).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });

  // A pupil's purchase suggestion reaches the librarian's inbox.
  await page.getByRole('link', { name: 'Đề xuất mua sách' }).click();
  await page.getByLabel('Tên sách').fill('Tôi thấy hoa vàng trên cỏ xanh');
  await page.getByLabel('Tác giả').fill('Nguyễn Nhật Ánh');
  await page.getByLabel('Người đề xuất').fill('Một bạn lớp 7');
  await page.getByLabel('Vì sao thư viện nên mua').fill('Cả lớp muốn đọc.');
  await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
  await expect(page.getByRole('status')).toContainText('Đã gửi đề xuất');
  await screenshot(page, test.info().outputPath('opac-suggestion.png'));
  const inbox = await desk.call<unknown>('suggestions.list', {});
  expect(JSON.stringify(inbox)).toContain('Tôi thấy hoa vàng trên cỏ xanh');
  // The same again, typed differently: merged into the same row with a count.
  await page.getByLabel('Tên sách').fill('toi thay hoa vang tren co xanh');
  await page.getByLabel('Tác giả').fill('nguyễn nhật ánh');
  await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
  await expect(page.getByRole('status')).toContainText('Đã gửi đề xuất');

  // The desk's contract is not there, token or not.
  const desky = await request.post(`${opac}api/call/readers.list`, { headers: { 'x-kesach-token': desk.token }, data: {} });
  expect(desky.status()).toBe(404);
  bodies.push(await desky.text());

  // The librarian's Cài đặt shows the listener open, its address and the poster button; the poster is a PDF.
  const deskPage = await page.context().newPage();
  await deskPage.setViewportSize({ width: 1280, height: 900 });
  // The librarian sees it in the inbox on Kế hoạch mua sắm, even before this year's plan exists.
  await deskPage.goto(`${server.url}#/ke-hoach`);
  const inboxRow = deskPage.getByRole('table', { name: 'Hộp đề xuất' }).getByRole('row', { name: /Tôi thấy hoa vàng trên cỏ xanh/ });
  await expect(inboxRow).toContainText('Tra cứu trực tuyến');
  await expect(inboxRow).toContainText('(gửi 2 lần)');
  await inboxRow.getByRole('checkbox').check();
  await screenshot(deskPage.getByRole('region', { name: 'Đề xuất mua sách' }), test.info().outputPath('opac-inbox.png'));
  // Marked as spam, it leaves the inbox (one audited action).
  deskPage.once('dialog', (d) => void d.accept());
  await deskPage.getByRole('button', { name: 'Đánh dấu 1 đề xuất là thư rác' }).click();
  await expect(deskPage.getByRole('region', { name: 'Đề xuất mua sách' }).getByRole('status')).toContainText('Đã đánh dấu 1 đề xuất là thư rác');
  await expect(inboxRow).toHaveCount(0);
  await deskPage.goto(`${server.url}#/cai-dat`);
  const section = deskPage.getByRole('region', { name: 'Tra cứu qua mạng nội bộ' });
  await expect(section.getByTestId('opac-state')).toContainText('Đang mở');
  await expect(section.getByTestId('opac-state')).toContainText(opac);
  await expect(section.getByRole('checkbox', { name: 'Cho phép tra cứu qua mạng nội bộ' })).toBeChecked();
  // Loopback only: a warning, and no poster a phone could not open.
  await expect(section.getByRole('alert')).toContainText('chỉ mở trên chính máy này');
  await expect(section.getByRole('button', { name: 'In áp phích có mã QR' })).toHaveCount(0);
  await expect(section.getByLabel('Số đề xuất mua sách nhận mỗi ngày')).toHaveValue('50');
  await screenshot(section, test.info().outputPath('opac-settings.png'));
  await deskPage.close();

  // No reader name or card number of the demo library in anything the OPAC sent.
  const readers = query<{ name: string; card: string }>(dataDir, 'SELECT full_name AS name, card_number AS card FROM reader');
  const all = bodies.join('\n');
  expect(bodies.length).toBeGreaterThan(8);
  expect(readers.flatMap((r) => [r.name, r.card]).filter((v) => all.includes(v))).toEqual([]);
});
