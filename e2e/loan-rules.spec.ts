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
