import { expect, test, type Page } from '@playwright/test';
import { machineText } from '../tests/machine-text';
import { demoDataDir, deskOf, query, startServer } from './server';

/**
 * Issue 9, item 12: every screen of the demo library, as a person sees it, holds no ISO date, no field
 * key in parentheses, no browser English ("Choose File", "No file chosen", validation bubbles), no
 * browser date input (mm/dd/yyyy in an English browser) and no form left to the browser's validation.
 */
async function seen(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of Array.from(document.querySelectorAll('input, textarea'))) {
      const input = el as HTMLInputElement;
      if (input.type === 'hidden' || input.type === 'file') continue;
      parts.push(input.value, input.placeholder);
    }
    for (const o of Array.from(document.querySelectorAll('option'))) parts.push(o.textContent ?? '');
    return parts.join('\n');
  });
}

async function browserWidgets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || (el as HTMLElement).getClientRects().length > 0;
    for (const el of Array.from(document.querySelectorAll('input[type="date"], input[type="datetime-local"], input[type="month"]'))) {
      out.push(`browser date input ${(el as HTMLInputElement).name || el.outerHTML.slice(0, 80)}`);
    }
    for (const el of Array.from(document.querySelectorAll('input[type="file"]'))) {
      if (visible(el)) out.push(`raw file input ${el.outerHTML.slice(0, 80)}`);
    }
    for (const form of Array.from(document.querySelectorAll('form'))) {
      if (!form.noValidate) out.push(`form without noValidate: ${form.getAttribute('aria-label') ?? form.outerHTML.slice(0, 80)}`);
    }
    return out;
  });
}

async function settle(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Chức năng' })).toBeVisible();
  await expect(page.getByText('Đang tải…')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByText('Đang tải', { exact: false })).toHaveCount(0, { timeout: 20_000 });
}

test('no screen shows an ISO date, a field key or the browser\'s English to a person', async ({ page }) => {
  test.setTimeout(240_000);
  const dataDir = demoDataDir('text');
  const [title] = query<{ id: number }>(dataDir, `SELECT t.id FROM title t WHERE EXISTS (SELECT 1 FROM copy c JOIN loan l ON l.copy_id = c.id WHERE c.title_id = t.id) ORDER BY t.id LIMIT 1`);
  const [reader] = query<{ id: number; card: string }>(dataDir, `SELECT r.id, r.card_number AS card FROM reader r WHERE r.kind = 'student' AND r.active = 1
    AND EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL) ORDER BY r.id LIMIT 1`);
  // Đặt trước on screen: a title whose shelf copies are lent now, reserved by that reader (then held for her when a copy
  // comes back) and by a pupil after her (waiting), so the reader panel and Sách đang giữ show a hold and a queue.
  const [reserved] = query<{ id: number }>(dataDir, `SELECT t.id FROM title t JOIN collection_series s ON s.id = t.series_id WHERE s.code = 'STN'
    AND (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available') BETWEEN 1 AND 3
    AND NOT EXISTS (SELECT 1 FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.title_id = t.id AND l.reader_id = ? AND l.returned_at IS NULL)
    ORDER BY t.id LIMIT 1`, reader.id);
  const shelf = query<{ code: string }>(dataDir, "SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'available' ORDER BY id", reserved.id).map((c) => c.code);
  const pupils = query<{ id: number }>(dataDir, `SELECT id FROM reader r WHERE kind = 'student' AND active = 1
    AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL) ORDER BY id LIMIT ?`, shelf.length + 1);
  const problems: string[] = [];
  const check = async (where: string) => {
    await settle(page);
    for (const p of machineText(await seen(page))) problems.push(`${where}: ${p}`);
    for (const p of await browserWidgets(page)) problems.push(`${where}: ${p}`);
  };
  const click = async (name: string, role: 'button' | 'tab' = 'button') => {
    await page.getByRole(role, { name, exact: true }).first().click();
  };

  const server = await startServer({ dataDir });
  try {
    const desk = deskOf(server);
    for (const [i, code] of shelf.entries()) await desk.call('circulation.checkout', { readerId: pupils[i].id, code });
    await desk.call('reservations.place', { titleId: reserved.id, readerId: reader.id });
    await desk.call('reservations.place', { titleId: reserved.id, readerId: pupils[shelf.length].id });
    await desk.call('circulation.return', { code: shelf[0] });

    await page.goto(server.url);
    await check('Lưu thông');
    await page.goto(server.url + `#/luu-thong/quet/${reader.card}`);
    await expect(page.getByTestId('reader-name')).toBeVisible();
    await check('Lưu thông, bạn đọc mở');
    await click('Mượn theo lớp');
    await check('Lưu thông › Mượn theo lớp');
    await click('Quá hạn');
    await check('Lưu thông › Quá hạn');
    await click('Sách đang giữ');
    await check('Lưu thông › Sách đang giữ');

    await page.goto(server.url + '#/bien-muc');
    await check('Biên mục');
    await page.goto(server.url + `#/bien-muc/${title.id}`);
    await check('Biên mục › đầu sách');
    await click('Sửa đầu sách');
    await check('Biên mục › sửa đầu sách');
    await page.goto(server.url + '#/bien-muc');
    await click('Thêm đầu sách');
    await check('Biên mục › thêm đầu sách');
    await click('Nhập danh mục từ tệp');
    await check('Biên mục › nhập danh mục');

    await page.goto(server.url + '#/ban-doc');
    await check('Bạn đọc');
    await click('Thêm bạn đọc');
    await check('Bạn đọc › thêm');
    await page.goto(server.url + '#/ban-doc');
    await click('Nhập danh sách lớp');
    await check('Bạn đọc › nhập danh sách');
    await click('Chuyển năm học');
    await check('Bạn đọc › chuyển năm học');

    await page.goto(server.url + '#/nhap-xuat/nhap');
    await check('Nhập sách');
    await click('Lập phiếu nhập mới');
    await check('Nhập sách › phiếu mới');
    await page.goto(server.url + '#/nhap-xuat/xuat');
    await check('Xuất sách');
    await click('Lập biên bản xuất sách');
    await check('Xuất sách › biên bản mới');

    await page.goto(server.url + '#/in-nhan');
    for (const tab of ['Nhãn sách', 'Thẻ thư viện', 'Căn chỉnh máy in', 'Mẫu giấy nhãn']) {
      await click(tab, 'tab');
      await check(`In nhãn & thẻ › ${tab}`);
    }

    await page.goto(server.url + '#/so-sach');
    const printForm = page.getByRole('form', { name: 'In sổ sách' });
    for (const kind of ['nhap', 'xuat']) {
      await printForm.locator('select[name="kind"]').selectOption(kind);
      await check(`Sổ sách › ${kind}`);
    }
    for (const tab of ['Thống kê', 'Tự đánh giá', 'Hoạt động thư viện', 'Báo, tạp chí']) {
      await click(tab, 'tab');
      await check(`Sổ sách & Báo cáo › ${tab}`);
    }

    await page.goto(server.url + '#/kiem-ke');
    await check('Kiểm kê');

    await page.goto(server.url + '#/cai-dat');
    await check('Cài đặt');
    // A missing school name: the message is the field's own, in words (no field key). (The school
    // year is read-only there: it moves only through "Chuyển năm học".)
    const school = page.getByRole('form', { name: 'Thông tin nhà trường' });
    await school.locator('input[name="schoolName"]').fill('');
    await school.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await check('Cài đặt › thiếu tên trường');
  } finally {
    await server.stop();
  }
  expect(problems).toEqual([]);
});

test('a date field takes dd/mm/yyyy, keeps ISO for the contract, and refuses an unreadable date at the field', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startServer();
  try {
    await page.goto(server.url + '#/cai-dat');
    const school = page.getByRole('form', { name: 'Thông tin nhà trường' });
    const start = school.locator('input[name="schoolYearStart"]');
    await expect(start).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
    const before = await start.inputValue();

    // Not a date: the field says so, the form is not sent, the text stays as typed.
    await start.fill('31/02/2027');
    await school.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(school.getByText('Tháng 2/2027 không có ngày 31.')).toBeVisible();
    await expect(start).toHaveValue('31/02/2027');
    await expect(page.getByText('Đã lưu thông tin nhà trường')).toHaveCount(0);

    // Day first, without zeros: read as 1 September 2026, shown back as 01/09/2026, saved.
    await start.fill('1/9/2026');
    await start.blur();
    await expect(start).toHaveValue('01/09/2026');
    await school.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(page.getByRole('status')).toContainText('Đã lưu thông tin nhà trường');
    await page.reload();
    await expect(page.getByRole('form', { name: 'Thông tin nhà trường' }).locator('input[name="schoolYearStart"]')).toHaveValue('01/09/2026');
    expect(before).not.toBe('');

    // The yearly report deadline is read day first too (it was shown month first, "06-12").
    const form = page.getByRole('form', { name: 'Thông tin nhà trường' });
    const deadline = form.locator('input[name="reportDeadline"]');
    await expect(deadline).toHaveValue('12/06');
    await deadline.fill('31/13');
    await deadline.blur();
    await expect(form.getByText('Không có tháng 13.', { exact: false })).toBeVisible();
    await form.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(page.getByText('Đã lưu thông tin nhà trường')).toHaveCount(0);
    await deadline.fill('31/5');
    await deadline.blur();
    await expect(deadline).toHaveValue('31/05');
    await form.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(page.getByRole('status')).toContainText('Đã lưu thông tin nhà trường');
    await page.reload();
    await expect(page.getByRole('form', { name: 'Thông tin nhà trường' }).locator('input[name="reportDeadline"]')).toHaveValue('31/05');
  } finally {
    await server.stop();
  }
});
