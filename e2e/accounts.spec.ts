import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cli, demoDataDir, openDesk, query, scan, screenshot, startServer, typeByHand } from './server';

const root = path.resolve(__dirname, '..');

/** Calls a contract method from the page as the renderer does, with the run token and the tab's session. */
async function callAsPage(page: Page, method: string, input: unknown): Promise<{ ok: boolean; code?: string; message?: string }> {
  return page.evaluate(async ([m, body]) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-kesach-token': sessionStorage.getItem('kesach.token') ?? '' };
    const session = sessionStorage.getItem('kesach.session');
    if (session) headers['x-kesach-session'] = session;
    const res = await fetch(`/api/call/${m}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return res.json();
  }, [method, input] as const);
}

test('Tài khoản: the librarian adds a Cộng tác viên; the pupil signs in by card scan and PIN, lends and returns, is offered and allowed no override, write-off, Cài đặt or Sao lưu; Nhật ký and Thống kê name the pupil; Đổi người back to the librarian', async ({ page }) => {
  test.setTimeout(180_000);
  const dataDir = demoDataDir('accounts');
  const today = new Date().toLocaleDateString('sv-SE');
  // The helper: a pupil with a library card (the same card signs in).
  const [helper] = query<{ card: string; name: string }>(dataDir,
    `SELECT card_number AS card, full_name AS name FROM reader WHERE kind = 'student' AND active = 1 ORDER BY id LIMIT 1`);
  // A borrower with no open loan, two books on the shelf, and a reader with an overdue book (lending to them needs an override).
  const [borrower] = query<{ id: number; card: string; name: string }>(dataDir,
    `SELECT id, card_number AS card, full_name AS name FROM reader r WHERE kind = 'student' AND active = 1 AND card_number <> ?
     AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL AND l.lost_at IS NULL) ORDER BY id LIMIT 1`, helper.card);
  const books = query<{ code: string }>(dataDir,
    `SELECT c.accession_code AS code FROM copy c JOIN collection_series s ON s.id = c.series_id WHERE s.code IN ('STK', 'STN') AND c.status = 'available'
     AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.returned_at IS NULL AND l.lost_at IS NULL) ORDER BY c.id LIMIT 3`).map((b) => b.code);
  const [late] = query<{ card: string; loanId: number }>(dataDir,
    `SELECT r.card_number AS card, l.id AS loanId FROM loan l JOIN reader r ON r.id = l.reader_id
     WHERE l.returned_at IS NULL AND l.lost_at IS NULL AND l.kind = 'short' AND l.due_at < ? AND r.active = 1 AND r.kind = 'student' ORDER BY l.id LIMIT 1`, today);
  expect(books).toHaveLength(3);
  expect(late).toBeTruthy();
  const PIN = '246810';
  const PASSWORD = 'ke-sach-an-vinh';

  const server = await startServer({ dataDir });
  try {
    // 1. A demo library opens straight into the Thủ thư. Before anyone else gets an account she sets her password and
    //    keeps the recovery code (this PC will stop opening straight into her account).
    await page.goto(server.url + '#/tai-khoan');
    const nav = page.getByRole('navigation', { name: 'Chức năng' });
    await expect(nav).toContainText('Thủ thư');
    const librarian = (await page.getByTestId('signed-in-as').textContent())!;
    await expect(page.getByRole('button', { name: 'Thêm tài khoản' })).toBeDisabled();
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    const setup = page.getByRole('form', { name: 'Đặt mật khẩu Thủ thư' });
    await expect(setup.getByLabel('Họ tên Thủ thư')).toHaveValue(librarian);
    await setup.locator('input[name="password"]').fill(PASSWORD);
    await setup.getByLabel('Gõ lại mật khẩu').fill(PASSWORD);
    await setup.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await expect(page.getByTestId('recovery-code')).not.toBeEmpty();
    const goOn = page.getByRole('button', { name: 'Vào Kệ Sách' });
    await expect(goOn).toBeDisabled();
    await page.getByLabel('Tôi đã in hoặc chép lại mã khôi phục và cất ở nơi an toàn.').check();
    await goOn.click();
    // Then she adds the pupil helper.
    await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
    const form = page.getByRole('form', { name: 'Thêm tài khoản' });
    await form.getByLabel('Họ tên').fill(helper.name);
    await form.getByLabel('Vai trò').selectOption({ label: 'Cộng tác viên' });
    await form.getByLabel('Số thẻ').fill(helper.card);
    await form.getByLabel('Mã PIN').fill(PIN);
    // The first account besides hers: the form says this PC will ask who signs in, with the choice to keep opening straight in.
    await expect(form.getByRole('group', { name: 'Đăng nhập trên máy này' })).toContainText('Từ giờ máy này sẽ hỏi đăng nhập');
    await expect(form.getByLabel('Vẫn mở thẳng vào tài khoản Thủ thư trên máy này')).not.toBeChecked();
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect(page.getByText(`Đã tạo tài khoản ${helper.name} (Cộng tác viên).`)).toBeVisible();
    await expect(page.getByText('Từ giờ máy này sẽ hỏi đăng nhập', { exact: false })).toBeVisible();
    const accounts = page.getByRole('table', { name: 'Danh sách tài khoản' });
    const helperRow = accounts.locator('tbody tr').filter({ hasText: helper.name });
    await expect(helperRow).toContainText('Cộng tác viên');
    await expect(helperRow).toContainText(helper.card);
    await expect(helperRow).toContainText('Chưa đăng nhập');
    await expect(page.getByRole('region', { name: 'Mật khẩu Thủ thư' })).toHaveCount(0);
    // With another account, opening straight into hers would let anyone act as her: it is off now, nothing to turn off.
    await expect(page.getByRole('region', { name: 'Mở thẳng vào tài khoản Thủ thư' })).toHaveCount(0);
    await expect(accounts).not.toContainText('cong-tac-vien');

    // 2. Đổi người: the sign-in screen, card field focused; a scan fills it and moves to the PIN (and signs nothing in by itself).
    await page.getByRole('button', { name: 'Đổi người' }).click();
    const cardField = page.getByLabel('Số thẻ');
    await expect(cardField).toBeFocused();
    await scan(page, helper.card);
    await expect(cardField).toHaveValue(helper.card);
    await expect(page.getByLabel('Mã PIN')).toBeFocused();
    await typeByHand(page, PIN, { enter: true });
    await expect(page.getByTestId('signed-in-as')).toHaveText(helper.name);
    await screenshot(page, path.join(root, 'test-results', 'accounts-helper.png'), { fullPage: true });

    // The lock (idle, or "Khóa màn hình") names who is signed in; her PIN opens it again.
    await page.getByRole('button', { name: 'Khóa màn hình' }).click();
    await expect(page.getByTestId('locked-account')).toContainText(`${helper.name} (Cộng tác viên)`);
    await expect(page.getByLabel('Mã PIN')).toBeFocused();
    await typeByHand(page, PIN, { enter: true });
    await expect(page.getByTestId('signed-in-as')).toHaveText(helper.name);

    // 3. The helper's menu: the desk, no Cài đặt, no Tài khoản, no Nhật ký; no Sao lưu link.
    const menu = page.getByRole('navigation', { name: 'Chức năng' });
    await expect(menu.getByRole('link', { name: /Lưu thông/ })).toBeVisible();
    for (const hidden of ['Cài đặt', 'Tài khoản', 'Nhật ký', 'Sổ sách & Báo cáo', 'In nhãn & thẻ']) {
      await expect(menu.getByRole('link', { name: new RegExp(hidden) })).toHaveCount(0);
    }
    await expect(page.getByTestId('backup-status')).not.toHaveAttribute('href');
    await page.goto(server.url + '#/cai-dat');
    await expect(page.getByRole('heading', { name: 'Cài đặt' })).toHaveCount(0);
    // The screens she reads show no button she cannot use: Nhập/Xuất, Thư viện số, Kiểm kê (Kế hoạch is not in her menu).
    await page.goto(server.url + '#/nhap-xuat/nhap');
    await expect(page.getByRole('table', { name: 'Phiếu nhập' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lập phiếu nhập mới' })).toHaveCount(0);
    await page.goto(server.url + '#/nhap-xuat/xuat');
    await expect(page.getByRole('table', { name: 'Biên bản xuất' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lập biên bản xuất sách' })).toHaveCount(0);
    await page.goto(server.url + '#/thu-vien-so');
    await expect(page.getByRole('heading', { name: 'Tài liệu số của thư viện' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Thêm tài liệu số' })).toHaveCount(0);
    await expect(page.getByText('Cài đặt thư viện số')).toHaveCount(0);
    await page.goto(server.url + '#/kiem-ke');
    await expect(page.getByRole('table', { name: 'Các đợt kiểm kê' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Bắt đầu đợt kiểm kê mới' })).toHaveCount(0);

    // 4. Lends two books and takes one back, by scanning.
    await openDesk(page, server.url);
    await page.locator('body').click({ position: { x: 600, y: 5 } });
    await scan(page, borrower.card);
    await expect(page.getByTestId('reader-name')).toHaveText(borrower.name);
    for (const code of books.slice(0, 2)) {
      await scan(page, code);
      await expect(page.getByTestId('last-action')).toContainText(code);
    }
    const loans = page.getByRole('table', { name: 'Sách đang mượn' });
    await expect(loans.locator('tbody tr')).toHaveCount(2);
    // No write-off (Báo mất) on the loans.
    await expect(loans.getByRole('button', { name: 'Báo mất' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Xong, đóng bạn đọc' }).click();
    await scan(page, books[0]);
    await expect(page.getByTestId('last-action')).toContainText('Đã trả');

    // 5. A reader with an overdue book: the block is explained, no override offered.
    await scan(page, late.card);
    await expect(page.getByRole('region', { name: 'Bạn đọc đang mở' })).toBeVisible();
    await scan(page, books[2]);
    const blocked = page.getByRole('form', { name: 'Cho mượn ngoại lệ' });
    await expect(blocked).toBeVisible();
    await expect(blocked.getByRole('button', { name: 'Vẫn cho mượn' })).toHaveCount(0);
    await expect(blocked.getByLabel('Lý do cho mượn ngoại lệ')).toHaveCount(0);
    await expect(blocked).toContainText('Việc này cần Thủ thư hoặc giáo viên phụ trách.');

    // 6. Called anyway with the helper's session: refused in Vietnamese, naming the action, nothing changed.
    const loansBefore = query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM loan')[0].n;
    const auditBefore = query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM audit_log')[0].n;
    const [lateReader] = query<{ id: number }>(dataDir, 'SELECT reader_id AS id FROM loan WHERE id = ?', late.loanId);
    // method, input, the action the refusal names.
    const refusals: [string, unknown, string][] = [
      ['circulation.checkout', { readerId: lateReader.id, code: books[2], overrideReason: 'Cho mượn thử' }, 'cho mượn vượt quy định'],
      ['circulation.markLost', { loanId: late.loanId, compensation: 'none' }, 'ghi mất sách, bồi thường và tìm thấy'],
      ['withdrawal.confirm', {}, 'ghi giảm sách'],
      ['settings.saveSchool', {}, 'thay đổi cài đặt'],
      ['backup.run', {}, 'sao lưu dữ liệu'],
      ['archive.exportAll', {}, 'xuất toàn bộ dữ liệu'],
    ];
    for (const [method, input, action] of refusals) {
      const r = await callAsPage(page, method, input);
      expect(r.ok, method).toBe(false);
      expect(r.message, method).toBe(`Tài khoản ${helper.name} (Cộng tác viên) không có quyền ${action}.`);
    }
    expect(query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM loan')[0].n).toBe(loansBefore);
    expect(query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM audit_log')[0].n).toBe(auditBefore);
    expect(query<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM loan WHERE id = ? AND lost_at IS NULL', late.loanId)[0].n).toBe(1);

    // 7. Đổi người back to the librarian, with her password (this PC no longer opens straight into her account).
    await page.getByRole('button', { name: 'Đổi người' }).click();
    await expect(page.getByLabel('Số thẻ')).toBeFocused();
    await expect(page.getByRole('button', { name: 'Vào tài khoản Thủ thư' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Thủ thư: đăng nhập bằng mật khẩu' }).click();
    const password = page.getByRole('textbox', { name: 'Mật khẩu', exact: true });
    await password.fill(PASSWORD);
    await password.press('Enter');
    await expect(page.getByTestId('signed-in-as')).toHaveText(librarian);
    await expect(nav.getByRole('link', { name: /Tài khoản/ })).toBeVisible();

    // 8. Nhật ký names the pupil on the loans; filtered by the pupil's account from Tài khoản.
    await page.goto(server.url + '#/tai-khoan');
    await page.getByRole('table', { name: 'Danh sách tài khoản' }).locator('tbody tr').filter({ hasText: helper.name })
      .getByRole('button', { name: 'Xem nhật ký' }).click();
    await expect(page).toHaveURL(/#\/nhat-ky\/tai-khoan\/\d+/);
    const log = page.getByRole('table', { name: 'Nhật ký thay đổi' });
    // Filtered by her account: the two loans and the return she made, each naming her (nothing else: she changed nothing else).
    await expect(page.getByRole('navigation', { name: 'Phân trang' })).toContainText('3 thay đổi');
    const rows = log.locator('tbody tr');
    await expect(rows.filter({ hasText: 'Cho mượn bản' })).toHaveCount(2);
    await expect(rows.filter({ hasText: 'Nhận trả bản' }).filter({ hasText: books[0] })).toHaveCount(1);
    for (const row of await rows.all()) {
      await expect(row).toContainText(helper.name);
      await expect(row).toContainText(borrower.name);
    }

    // 9. Thống kê: loans and returns per person.
    await page.goto(server.url + '#/so-sach');
    await page.getByRole('tab', { name: 'Thống kê' }).click();
    const perPerson = page.getByRole('table', { name: 'Mượn trả theo người làm' });
    const helperStats = perPerson.locator('tbody tr').filter({ hasText: helper.name });
    await expect(helperStats).toContainText('Cộng tác viên');
    await expect(helperStats.locator('td').nth(-2)).toHaveText('2');
    await expect(helperStats.locator('td').nth(-1)).toHaveText('1');

    // 10. Ban giám hiệu reads and decides the plan but does not change it; Nhật ký gives them the "Người thực hiện" filter
    //     (audit.people) though accounts.list is the Thủ thư's.
    const added = await callAsPage(page, 'accounts.add', { name: 'Hiệu trưởng Thử', role: 'bgh', card: 'BGH-E2E', pin: PIN });
    expect(added.ok).toBe(true);
    await page.getByRole('button', { name: 'Đổi người' }).click();
    await scan(page, 'BGH-E2E');
    await expect(page.getByLabel('Mã PIN')).toBeFocused();
    await typeByHand(page, PIN, { enter: true });
    await expect(page.getByTestId('signed-in-as')).toHaveText('Hiệu trưởng Thử');
    await page.goto(server.url + '#/ke-hoach');
    await expect(page.getByRole('heading', { name: /Kế hoạch/ }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: /Lập kế hoạch năm học/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Thêm dòng / quét ISBN' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Lưu hạn mức, mục đích' })).toHaveCount(0);
    await page.goto(server.url + '#/kiem-ke');
    await expect(page.getByRole('table', { name: 'Các đợt kiểm kê' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Bắt đầu đợt kiểm kê mới' })).toHaveCount(0);
    await page.goto(server.url + '#/nhat-ky');
    const who = page.getByLabel('Người thực hiện');
    await expect(who).toBeVisible();
    await expect(who.locator('option', { hasText: helper.name })).toHaveCount(1);
  } finally {
    await server.stop();
  }
});

test('the screen locks by itself after the idle minutes (10 by default) and names who is signed in', async ({ page }) => {
  const dataDir = demoDataDir('idle-lock');
  const PIN = '135790';
  cli('account', 'add', '--name', 'Lê Thị Hoa', '--role', 'cong-tac-vien', '--card', 'CTV-IDLE', '--pin', PIN, '--keep-open-straight-in', '--db', path.join(dataDir, 'kesach.db'));
  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url + '#/luu-thong');
    await page.getByRole('button', { name: 'Đổi người' }).click();
    await expect(page.getByLabel('Số thẻ')).toBeFocused();
    await scan(page, 'CTV-IDLE');
    await expect(page.getByLabel('Mã PIN')).toBeFocused();
    await typeByHand(page, PIN, { enter: true });
    await expect(page.getByTestId('signed-in-as')).toHaveText('Lê Thị Hoa');
    await expect(page.getByTestId('locked-account')).toHaveCount(0);

    // Ten minutes with no key, click or scan (the page's clock is moved on; its 5-second check sees it).
    await page.clock.install();
    await page.clock.fastForward('10:30');
    await expect(page.getByTestId('locked-account')).toContainText('Lê Thị Hoa (Cộng tác viên)', { timeout: 15_000 });
    // Unlocking by her PIN is the first test's (typed keys under a fake clock carry no real gaps, and read as a scan).
    await expect(page.getByLabel('Mã PIN')).toBeFocused();
  } finally {
    await server.stop();
  }
});
