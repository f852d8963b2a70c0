import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { TONES } from '../renderer/src/screens/circulation/tones';
import { formatDate, todayIso } from '../shared/dates';
import { cli, demoDataDir, deskOf, openDesk, query, scan, screenshot, startServer, typeByHand } from './server';

const root = path.resolve(__dirname, '..');

/** Records the frequency of every beep the page starts (the desk's tones are Web Audio oscillators). */
async function recordTones(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const played: number[] = [];
    (window as unknown as { __tones: number[] }).__tones = played;
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      const osc = create.call(this);
      const start = osc.start.bind(osc);
      osc.start = (when?: number) => {
        played.push(osc.frequency.value);
        start(when);
      };
      return osc;
    };
  });
}
const tonesPlayed = (page: Page) => page.evaluate(() => (window as unknown as { __tones: number[] }).__tones.slice());

test('Đặt trước at the desk: reserve a title whose copies are all out, a returned copy plays the hold tone and says "Giữ cho", the hold shelf lists it, the slip opens; a Cộng tác viên cannot reserve or cancel but prints the hold slip', async ({ page }) => {
  test.setTimeout(150_000);
  const dataDir = demoDataDir('reservations');
  const PIN = '246801';
  cli('account', 'add', '--name', 'Lê Thị Hoa', '--role', 'cong-tac-vien', '--card', 'CTV-RES', '--pin', PIN, '--keep-open-straight-in', '--db', path.join(dataDir, 'kesach.db'));
  // A title of the lending series with the fewest copies on the shelf and some out; its shelf copies are lent below.
  const [title] = query<{ id: number; title: string }>(dataDir,
    `SELECT t.id, t.title FROM title t JOIN copy c ON c.title_id = t.id JOIN collection_series s ON s.id = c.series_id
     WHERE s.code IN ('STK', 'STN') AND c.status IN ('available', 'onLoan') GROUP BY t.id
     HAVING SUM(c.status = 'onLoan') >= 1 ORDER BY SUM(c.status = 'available'), t.id LIMIT 1`);
  const shelf = query<{ code: string }>(dataDir, `SELECT accession_code AS code FROM copy WHERE title_id = ? AND status = 'available' ORDER BY id`, title.id).map((c) => c.code);
  // Reader A (who reserves) and one borrower per shelf copy: students with no open loan.
  const students = query<{ id: number; card: string; name: string; cls: string }>(dataDir,
    `SELECT id, card_number AS card, full_name AS name, class_name AS cls FROM reader r WHERE kind = 'student' AND active = 1
     AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL) ORDER BY id LIMIT ?`, shelf.length + 2);
  const [a, c, ...borrowers] = students;
  const server = await startServer({ dataDir });
  const { call: api } = deskOf(server);
  try {
    for (const [i, code] of shelf.entries()) await api('circulation.checkout', { readerId: borrowers[i].id, code });

    // The librarian opens reader A and reserves the title from the reader panel (the catalogue's title picker).
    await recordTones(page);
    await openDesk(page, server.url);
    await scan(page, a.card);
    await expect(page.getByTestId('reader-name')).toHaveText(a.name);
    const mine = page.getByRole('group', { name: 'Đặt trước của bạn đọc' });
    await mine.getByRole('button', { name: 'Đặt trước', exact: true }).click();
    await mine.locator('input[name="titleQuery"]').fill(title.title);
    await mine.getByRole('list', { name: 'Đầu sách tìm được' }).getByRole('button').filter({ hasText: title.title }).first().click();
    await mine.getByRole('button', { name: 'Đặt trước cho bạn đọc này' }).click();
    await expect(mine).toContainText(`Đã đặt trước: ${title.title}`);
    await expect(mine.getByRole('table', { name: 'Sách đặt trước' })).toContainText('Thứ 1 trong hàng chờ');

    // A reservation made elsewhere (here over the contract, as the OPAC's would) shows in the open reader's panel at
    // once (reservations.changed), and what the desk was doing stays: the last message, the half-typed code.
    await page.getByRole('button', { name: 'Xong, đóng bạn đọc' }).click();
    await scan(page, c.card);
    await expect(page.getByTestId('reader-name')).toHaveText(c.name);
    const said = await page.getByTestId('last-action').textContent();
    const typed = page.getByLabel('Nhập mã bằng tay');
    await typed.fill('DANG-GO');
    await api('reservations.place', { titleId: title.id, readerId: c.id });
    await expect(mine.getByRole('table', { name: 'Sách đặt trước' })).toContainText('Thứ 2 trong hàng chờ');
    await expect(typed).toHaveValue('DANG-GO');
    await expect(page.getByTestId('last-action')).toHaveText(said!);
    await typed.fill('');

    // No reader open: a copy of the title scanned back at scanner speed goes to the hold shelf for A.
    await page.getByRole('button', { name: 'Xong, đóng bạn đọc' }).click();
    const before = (await tonesPlayed(page)).length;
    await scan(page, shelf[0]);
    const banner = page.getByTestId('last-action');
    await expect(banner).toContainText(`Giữ cho ${a.name} — ${a.cls}`);
    await expect(banner).toContainText(/đến hết \d{2}\/\d{2}\/\d{4}/);
    await expect(banner).toHaveClass(/last-hold/);
    await expect(page.getByTestId('hold-message')).toHaveText(new RegExp(`^Giữ cho ${a.name} — ${a.cls} \\(đến hết \\d{2}/\\d{2}/\\d{4}\\)$`));
    expect((await tonesPlayed(page)).slice(before)).toEqual(TONES.hold.map((b) => b.freq));
    expect(query<{ status: string }>(dataDir, 'SELECT status FROM copy WHERE accession_code = ?', shelf[0])).toEqual([{ status: 'held' }]);

    // "In phiếu giữ": the slip opens in a new tab through a short-lived link.
    const notice = page.getByRole('region', { name: 'Sách giữ cho bạn đọc đặt trước' });
    const slipRequest = page.context().waitForEvent('request', (r) => r.url().includes('/files/'));
    const popup = page.waitForEvent('popup');
    await notice.getByRole('button', { name: 'In phiếu giữ' }).click();
    const tab = await popup;
    // The tab is sent to the file's short-lived link once the PDF is made: wait for that before closing it.
    expect((await slipRequest).url()).toMatch(/\/files\/[\w-]+\/Phieu-giu-sach-.*\.pdf$/);
    expect(tab.url()).not.toContain('token');
    await tab.close();
    await expect(notice.getByTestId('file-link')).toBeVisible();
    await screenshot(page, path.join(root, 'test-results', 'reservations-hold.png'), { fullPage: true });

    // Another reader cannot borrow the held copy: a hard block, no override offered.
    await scan(page, borrowers[0].card);
    await expect(page.getByTestId('reader-name')).toHaveText(borrowers[0].name);
    await scan(page, shelf[0]);
    const blocked = page.getByRole('form', { name: 'Cho mượn ngoại lệ' });
    await expect(blocked).toContainText(`đang giữ cho ${a.name}`);
    await expect(blocked.getByRole('button', { name: 'Vẫn cho mượn' })).toHaveCount(0);
    await expect(blocked.getByLabel('Lý do cho mượn ngoại lệ')).toHaveCount(0);
    await blocked.getByRole('button', { name: 'Đã hiểu' }).click();
    await page.getByRole('button', { name: 'Xong, đóng bạn đọc' }).click();
    expect(query<{ status: string }>(dataDir, 'SELECT status FROM copy WHERE accession_code = ?', shelf[0])).toEqual([{ status: 'held' }]);

    // The hold shelf lists it with A's name and its deadline; the title's queue is empty now.
    await page.getByRole('button', { name: 'Sách đang giữ', exact: true }).click();
    const holds = page.getByRole('table', { name: 'Sách đang giữ cho bạn đọc' });
    await expect(holds).toContainText(shelf[0]);
    await expect(holds).toContainText(`${a.name} — ${a.cls}`);
    await expect(holds.getByRole('button', { name: 'Hủy' })).toBeVisible();
    // C still waits: the queue says when the first lent copy is due back.
    const [{ due }] = query<{ due: string }>(dataDir, `SELECT MIN(l.due_at) AS due FROM loan l JOIN copy c ON c.id = l.copy_id
      WHERE c.title_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`, title.id);
    await expect(page.getByRole('region', { name: 'Sách đang giữ' })).toContainText(`Bản sớm nhất hẹn trả ngày ${formatDate(due)}`);

    // A new copy of the title accessioned: it reaches the shelf without passing the desk, so the hold shelf lists it
    // to take down; "Giữ cho người chờ" holds it for C, first in the queue.
    const batch = await api<{ id: number }>('accession.saveDraft', { date: todayIso(new Date()), source: 'mua', lines: [{ titleId: title.id, quantity: 1, unitPrice: 30_000 }] });
    await api('accession.confirm', { id: batch.id });
    const [{ code: fresh }] = query<{ code: string }>(dataDir, 'SELECT accession_code AS code FROM copy WHERE title_id = ? ORDER BY id DESC LIMIT 1', title.id);
    await page.getByRole('button', { name: 'Quầy mượn trả' }).click();
    await page.getByRole('button', { name: 'Sách đang giữ', exact: true }).click();
    const pull = page.getByRole('table', { name: 'Sách trên giá có người chờ' });
    await expect(pull.getByRole('row', { name: new RegExp(fresh) })).toContainText(title.title);
    await pull.getByRole('button', { name: 'Giữ cho người chờ' }).click();
    await expect(page.getByRole('region', { name: 'Sách đang giữ' }).getByRole('status')).toContainText(`Giữ cho ${c.name} — ${c.cls}`);
    await expect(pull).toHaveCount(0);
    expect(query<{ status: string }>(dataDir, 'SELECT status FROM copy WHERE accession_code = ?', fresh)).toEqual([{ status: 'held' }]);

    // Thống kê counts the two reservations placed this month.
    await page.goto(server.url + '#/so-sach');
    await page.getByRole('tab', { name: 'Thống kê' }).click();
    const now = new Date();
    const month = `${String(now.getMonth() + 1).padStart(2, '0')}/${now.getFullYear()}`;
    const row = page.getByRole('table', { name: 'Đặt trước theo tháng' }).locator('tbody tr', { hasText: month });
    await expect(row.locator('td')).toHaveText([month, '2', '0'], { timeout: 30_000 });

    // A Cộng tác viên sees the holds but neither reserves nor cancels.
    await page.getByRole('button', { name: 'Đổi người' }).click();
    await expect(page.getByLabel('Số thẻ')).toBeFocused();
    await scan(page, 'CTV-RES');
    await expect(page.getByLabel('Mã PIN')).toBeFocused();
    await typeByHand(page, PIN, { enter: true });
    await expect(page.getByTestId('signed-in-as')).toHaveText('Lê Thị Hoa');
    await openDesk(page, server.url);
    await scan(page, a.card);
    await expect(page.getByTestId('reader-name')).toHaveText(a.name);
    const hers = page.getByRole('group', { name: 'Đặt trước của bạn đọc' });
    await expect(hers).toContainText('Đang giữ đến hết');
    await expect(hers.getByRole('button')).toHaveCount(0);
    await page.getByRole('button', { name: 'Xong, đóng bạn đọc' }).click();
    await page.getByRole('button', { name: 'Sách đang giữ', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Sách đang giữ cho bạn đọc' })).toContainText(shelf[0]);
    await expect(page.getByRole('region', { name: 'Sách đang giữ' }).getByRole('button', { name: 'Hủy' })).toHaveCount(0);
    // She prints the hold slip to put in the book (desk.lend), not the class notices (desk.print).
    await expect(page.getByRole('table', { name: 'Sách đang giữ cho bạn đọc' }).getByRole('button', { name: 'In phiếu giữ' }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'In phiếu báo sách đã về' })).toHaveCount(0);
    await page.goto(server.url + `#/bien-muc/${title.id}`);
    await expect(page.getByRole('group', { name: 'Đặt trước đầu sách' })).toContainText(`${a.name} — ${a.cls}`);
    await expect(page.getByRole('button', { name: 'Đặt trước cho bạn đọc…' })).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
