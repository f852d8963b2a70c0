import { expect, test } from '@playwright/test';
import { query, startServer } from './server';

test('deleting a loan rule asks first: Cancel keeps it, OK deletes it', async ({ page }) => {
  test.setTimeout(90_000);
  const server = await startServer();
  const sgkRule = () => query(server.dataDir, "SELECT id FROM loan_policy WHERE reader_kind = 'student' AND series_code = 'SGK'");
  try {
    await page.goto(server.url + '#/cai-dat');
    const section = page.getByRole('region', { name: 'Nội quy mượn sách' });
    const row = section.getByRole('row', { name: /^Học sinh Sách giáo khoa/ });
    const dialogs: string[] = [];
    page.once('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await row.getByRole('button', { name: 'Xóa' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain('Xóa quy định mượn của học sinh với Sách giáo khoa?');
    await expect(row).toBeVisible();
    expect(sgkRule()).toHaveLength(1);

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Xóa' }).click();
    await expect(section.getByRole('status')).toContainText('Đã xóa quy định mượn.');
    await expect(row).toHaveCount(0);
    expect(sgkRule()).toHaveLength(0);
  } finally {
    await server.stop();
  }
});

test('Đặt trước in the rules: how many titles a reader kind may reserve and how many days a hold waits, edited in the form', async ({ page }) => {
  test.setTimeout(90_000);
  const server = await startServer();
  const rule = () => query<{ maxReservations: number; holdDays: number }>(server.dataDir,
    "SELECT max_reservations AS maxReservations, hold_days AS holdDays FROM loan_policy WHERE reader_kind = 'student' AND series_code = '*'");
  try {
    await page.goto(server.url + '#/cai-dat');
    const section = page.getByRole('region', { name: 'Nội quy mượn sách' });
    const row = section.getByRole('row', { name: /^Học sinh Mọi loại khác/ });
    const [before] = rule();
    await expect(row.getByRole('cell').nth(6)).toHaveText(String(before.maxReservations));
    await expect(row.getByRole('cell').nth(7)).toHaveText(String(before.holdDays));
    await row.getByRole('button', { name: 'Sửa' }).click();
    const form = section.getByRole('form', { name: 'Sửa quy định mượn' });
    await form.getByLabel('Số đầu sách được đặt trước').fill('0');
    await form.getByLabel('Số ngày giữ sách đặt trước').fill('5');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(section.getByRole('status')).toContainText('Đã lưu quy định mượn.');
    await expect(row.getByRole('cell').nth(6)).toHaveText('không');
    await expect(row.getByRole('cell').nth(7)).toHaveText('5');
    expect(rule()).toEqual([{ maxReservations: 0, holdDays: 5 }]);
  } finally {
    await server.stop();
  }
});
