import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { pdfText } from '../tests/pdf-read';
import { cli, query, screenshot, startServer } from './server';
import { formatDate } from '../shared/dates';

test('Báo, tạp chí: add periodicals, record today\'s issue (then correct it), see it in the grid and print the register', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startServer();
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  try {
    await page.goto(server.url + '#/so-sach');
    await page.getByRole('tab', { name: 'Báo, tạp chí' }).click();
    const panel = page.getByRole('region', { name: 'Báo, tạp chí' });
    await expect(panel).toContainText('Chưa có báo, tạp chí nào.');

    // Add two titles; a missing name is refused with the service's message.
    const add = page.getByRole('form', { name: 'Thêm báo, tạp chí' });
    await add.getByRole('button', { name: 'Thêm vào sổ' }).click();
    await expect(page.getByRole('alert')).toContainText('Hãy nhập tên báo, tạp chí.');
    await add.locator('input[name="name"]').fill('Báo Nhân Dân');
    await add.locator('input[name="publisher"]').fill('Báo Nhân Dân');
    await add.locator('input[name="frequency"]').fill('hằng ngày');
    await add.locator('input[name="copiesOrdered"]').fill('2');
    await add.getByRole('button', { name: 'Thêm vào sổ' }).click();
    await expect(page.getByRole('status')).toContainText('Đã thêm "Báo Nhân Dân" vào sổ.');
    await add.locator('input[name="name"]').fill('Tạp chí Toán Tuổi thơ');
    await add.locator('input[name="frequency"]').fill('hằng tháng');
    await add.getByRole('button', { name: 'Thêm vào sổ' }).click();
    await expect(page.getByRole('status')).toContainText('Đã thêm "Tạp chí Toán Tuổi thơ" vào sổ.');
    const list = page.getByRole('table', { name: 'Danh sách báo, tạp chí' });
    await expect(list.getByRole('row', { name: /Báo Nhân Dân/ })).toContainText('hằng ngày');

    // Record today's issue of Nhân Dân: the date defaults to today.
    const receive = page.getByRole('form', { name: 'Ghi nhận số báo' });
    await receive.locator('select[name="periodical"]').selectOption({ label: 'Báo Nhân Dân' });
    await expect(receive.locator('input[name="receivedOn"]')).toHaveValue(formatDate(today));
    await receive.locator('input[name="issueNumber"]').fill('25011');
    await receive.getByRole('button', { name: 'Ghi nhận' }).click();
    await expect(page.getByRole('status')).toContainText('Đã ghi nhận số 25011 của Báo Nhân Dân');

    // The grid: the current month's row, today's column.
    const grid = page.getByRole('table', { name: 'Số báo nhận theo ngày — Báo Nhân Dân' });
    const monthRow = grid.getByRole('row', { name: new RegExp(`^${now.getMonth() + 1}/${now.getFullYear()}\\b`) });
    await expect(monthRow.locator('td').nth(now.getDate() - 1)).toHaveText('25011');
    await expect(monthRow.locator('td').last()).toHaveText('1');

    // Recording the same day again replaces the issue.
    await receive.locator('input[name="issueNumber"]').fill('25012');
    await receive.getByRole('button', { name: 'Ghi nhận' }).click();
    await expect(page.getByRole('status')).toContainText('(thay cho số 25011)');
    await expect(monthRow.locator('td').nth(now.getDate() - 1)).toHaveText('25012');
    await expect(monthRow.locator('td').last()).toHaveText('1');
    expect(query<{ n: string }>(server.dataDir, 'SELECT issue_number AS n FROM periodical_issue WHERE received_on = ?', today)).toEqual([{ n: '25012' }]);
    await expect(list.getByRole('row', { name: /Báo Nhân Dân/ })).toContainText('Số 25012');
    await screenshot(page, path.join(os.tmpdir(), 'kesach-periodicals.png'), { fullPage: true });

    // The register prints from the Sổ sách tab.
    await page.getByRole('tab', { name: 'Sổ sách, biên bản' }).click();
    const form = page.getByRole('form', { name: 'In sổ sách' });
    await form.locator('select[name="kind"]').selectOption('baochi');
    await form.getByRole('button', { name: 'In ra PDF' }).click();
    const link = page.getByTestId('file-link');
    await expect(link).toBeVisible({ timeout: 60_000 });
    const res = await page.request.get(new URL((await link.getAttribute('href'))!, server.url).toString());
    expect(res.status()).toBe(200);
    const pdf = path.join(server.dataDir, 'baochi.pdf');
    fs.writeFileSync(pdf, await res.body());
    const text = await pdfText(pdf);
    expect(text).toContain('SỔ ĐĂNG KÝ BÁO, TẠP CHÍ');
    expect(text).toContain('Tên báo, tạp chí: Báo Nhân Dân');
    expect(text).toContain('Tên báo, tạp chí: Tạp chí Toán Tuổi thơ');
    expect(text).toMatch(new RegExp(`${now.getMonth() + 1}/${now.getFullYear()}\\s+25012\\s+1`));
  } finally {
    await server.stop();
  }
  // The CLI form external scripts use.
  const out = path.join(server.dataDir, 'cli-baochi.pdf');
  const y = now.getMonth() >= 7 ? now.getFullYear() : now.getFullYear() - 1;
  expect(cli('print', 'register', 'baochi', '--year', `${y}-${y + 1}`, '--out', out, '--db', path.join(server.dataDir, 'kesach.db'))).toContain('Đã in');
  expect(await pdfText(out)).toContain('25012');
});
