import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { demoDataDir, query, screenshot, startServer } from './server';
import { formatDate } from '../shared/dates';

const nextYear = (y: string) => `${Number(y.slice(0, 4)) + 1}-${Number(y.slice(0, 4)) + 2}`;

test('readers list is paged with the total; every demo reader can be reached and filters still work', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startServer({ dataDir: demoDataDir('readers-list') });
  try {
    const [{ n }] = query<{ n: number }>(server.dataDir, 'SELECT COUNT(*) AS n FROM reader WHERE active = 1');
    expect(n).toBeGreaterThan(200);
    await page.goto(server.url + '#/ban-doc');
    const pager = page.getByRole('navigation', { name: 'Phân trang' });
    await expect(pager).toContainText(`${n.toLocaleString('vi-VN')} bạn đọc`);
    const pages = Math.ceil(n / 100);
    await expect(pager).toContainText(`Trang 1/${pages}`);
    const table = page.getByRole('table', { name: 'Danh sách bạn đọc' });
    await expect(table.locator('tbody tr')).toHaveCount(100);
    await screenshot(page, path.join(os.tmpdir(), 'kesach-readers-list.png'));
    // A page turned as soon as the list shows stays turned: the search box's pause (250 ms from opening the
    // screen) must not send the list back to page 1. Opened again within the loaded app, the list shows fast.
    await page.goto(server.url + '#/');
    await expect(page.getByRole('navigation').first()).toBeVisible();
    await page.goto(server.url + '#/ban-doc');
    await pager.getByRole('button', { name: 'Trang sau ›' }).click();
    await expect(pager).toContainText(`Trang 2/${pages}`);
    await page.waitForTimeout(500);
    await expect(pager).toContainText(`Trang 2/${pages}`);
    await pager.getByRole('button', { name: '‹ Trang trước' }).click();
    // Walk to the last page: the rows seen add up to the total, none twice.
    const seen = new Set<string>();
    for (let p = 1; p <= pages; p++) {
      await expect(pager).toContainText(`Trang ${p}/${pages}`);
      await expect(table.locator('tbody tr')).toHaveCount(p < pages ? 100 : n - 100 * (pages - 1));
      for (const card of await table.locator('tbody tr td:first-child').allTextContents()) seen.add(card);
      if (p < pages) await pager.getByRole('button', { name: 'Trang sau ›' }).click();
    }
    expect(seen.size).toBe(n);
    await expect(pager.getByRole('button', { name: 'Trang sau ›' })).toBeDisabled();
    // A filter starts again at page 1 and counts only its rows.
    await page.getByRole('combobox', { name: 'Lớp' }).selectOption('6A1');
    const [{ c }] = query<{ c: number }>(server.dataDir, "SELECT COUNT(*) AS c FROM reader WHERE active = 1 AND class_name = '6A1'");
    await expect(pager).toContainText(`${c} bạn đọc`);
    await expect(table.locator('tbody tr')).toHaveCount(c);

    // Answers that cross: 6A2's list is asked for while 6A1's is still on its way (held back here) — the screen shows
    // 6A2's, the one last asked for, and 6A1's late answer does not overwrite it.
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/api/call/readers.list', async (route) => {
      const slow = (route.request().postDataJSON() as { className?: string }).className === '6A1';
      const response = await route.fetch();
      if (slow) await held;
      await route.fulfill({ response });
    });
    await page.getByRole('combobox', { name: 'Lớp' }).selectOption('');
    await expect(pager).toContainText(`Trang 1/${pages}`);
    await page.getByRole('combobox', { name: 'Lớp' }).selectOption('6A1');
    await page.getByRole('combobox', { name: 'Lớp' }).selectOption('6A2');
    const [{ c2 }] = query<{ c2: number }>(server.dataDir, "SELECT COUNT(*) AS c2 FROM reader WHERE active = 1 AND class_name = '6A2'");
    await expect(pager).toContainText(`${c2} bạn đọc`);
    release();
    await page.waitForTimeout(500);
    await expect(pager).toContainText(`${c2} bạn đọc`);
    await expect(table.locator('tbody tr td:nth-child(4)')).toHaveText(Array(c2).fill('6A2'));
    await page.unroute('**/api/call/readers.list');
  } finally {
    await server.stop();
  }
});

test('rollover: preview with the grade-9 loans, typed confirmation, mid-year warning; a second one the same day is refused; undo restores', async ({ page }) => {
  test.setTimeout(150_000);
  const server = await startServer({ dataDir: demoDataDir('rollover') });
  try {
    const school = () => JSON.parse(query<{ value: string }>(server.dataDir, "SELECT value FROM setting WHERE key = 'school'")[0].value) as { schoolYear: string };
    const from = school().schoolYear;
    const to = nextYear(from);
    const loans = query<{ code: string; due: string }>(server.dataDir,
      `SELECT c.accession_code AS code, l.due_at AS due FROM loan l JOIN reader r ON r.id = l.reader_id JOIN copy c ON c.id = l.copy_id
       WHERE l.returned_at IS NULL AND l.lost_at IS NULL AND r.active = 1 AND r.kind = 'student' AND r.grade = 9`);
    expect(loans.length).toBeGreaterThan(0);
    const readersBefore = query(server.dataDir, 'SELECT * FROM reader ORDER BY id');

    await page.goto(server.url + '#/ban-doc');
    await page.getByRole('button', { name: 'Chuyển năm học' }).click();
    const panel = page.getByRole('region', { name: 'Chuyển năm học' });
    const preview = panel.getByLabel('Xem trước chuyển năm học');
    await expect(preview).toContainText(`Năm học mới: ${to}`);
    const month = new Date().getMonth() + 1;
    if (month < 6 || month > 9) await expect(panel.locator('.notice-warning')).toContainText('giữa năm học');
    const classes = panel.getByRole('table', { name: 'Lớp trước và sau khi chuyển' });
    await expect(classes.getByRole('row', { name: /^6A1 7A1/ })).toBeVisible();
    await expect(classes.getByRole('row', { name: /^9A1 thôi hoạt động/ })).toBeVisible();
    // Every open loan of a leaving grade-9 reader is listed, with its due date as dd/mm/yyyy.
    const loanTable = panel.getByRole('table', { name: 'Sách học sinh thôi hoạt động còn mượn' });
    await expect(loanTable.locator('tbody tr')).toHaveCount(loans.length);
    const first = loans[0];
    const due = formatDate(first.due);
    await expect(loanTable.getByRole('row', { name: new RegExp(first.code) })).toContainText(due);
    await expect(panel).toContainText(`Học sinh thôi hoạt động còn mượn ${loans.length} bản sách`);

    // The button stays disabled until the new year is typed exactly.
    const go = panel.getByRole('button', { name: `Chuyển sang năm học ${to}` });
    await expect(go).toBeDisabled();
    const typed = panel.getByRole('textbox', { name: 'Gõ năm học mới để xác nhận' });
    await typed.fill(to.slice(0, 6));
    await expect(go).toBeDisabled();
    expect(query(server.dataDir, 'SELECT * FROM reader ORDER BY id')).toEqual(readersBefore);
    await typed.fill(to);
    await screenshot(page, path.join(os.tmpdir(), 'kesach-rollover-preview.png'), { fullPage: true });
    await go.click();
    await expect(panel.getByRole('status')).toContainText(`Đã chuyển sang năm học ${to}`);
    expect(school().schoolYear).toBe(to);

    // A second rollover the same day (to the year after) is refused, and nothing can be confirmed.
    await expect(panel.getByRole('alert')).toContainText(`Năm học ${nextYear(to)} bắt đầu ngày 01/09/${nextYear(to).slice(0, 4)}`);
    await expect(panel.getByRole('button', { name: /Chuyển sang năm học/ })).toHaveCount(0);
    await screenshot(page, path.join(os.tmpdir(), 'kesach-rollover-refused.png'), { fullPage: true });
    expect(school().schoolYear).toBe(to);

    // Undo: readers and the school year exactly as before.
    page.once('dialog', (d) => void d.accept());
    await panel.getByRole('button', { name: 'Hoàn tác lần chuyển năm gần nhất' }).click();
    await expect(panel.getByRole('status')).toContainText(`năm học hiện tại là ${from}`);
    expect(school().schoolYear).toBe(from);
    expect(query(server.dataDir, 'SELECT * FROM reader ORDER BY id')).toEqual(readersBefore);
    await expect(panel.getByRole('button', { name: 'Hoàn tác lần chuyển năm gần nhất' })).toHaveCount(0);
    await expect(preview).toContainText(`Năm học mới: ${to}`);
  } finally {
    await server.stop();
  }
});
