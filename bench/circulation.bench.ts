import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openContext } from '../main/app-context';
import { countStatements } from '../main/db/statement-count';
import { checkout, returnCopy } from '../main/services/circulation/loans';
import { scan } from '../main/services/circulation/scan';
import { generateDemo } from '../main/services/demo';
import { backupNow } from '../main/services/backup/backups';
import { startServer } from '../e2e/server';
import { openDesk } from './desk';
import { ms, report, summarize, tempDir } from './util';

const root = path.resolve(__dirname, '..');

/**
 * The desk at scale: the demo library grown to 100,000 copies, 10,000 readers and 500,000 loans.
 * Checkout and return service time with synchronous = FULL (target median < 2 ms), and the checkout
 * median with NORMAL beside it (the cost of durable commits), then scan → rendered result in Chromium
 * against browser mode (target p95 < 100 ms; a lending scan < 25 ms on a quiet machine), and the SQL
 * statements one lending scan runs (target ≤ 8).
 */
export default async function circulationBench(): Promise<void> {
  const dataDir = tempDir('circulation');
  const now = new Date();
  const ctx = await openContext({ dataDir, mode: 'cli', now: () => now });
  const started = Date.now();
  const demo = await generateDemo(ctx.sql, { seed: 1, copies: 100_000, students: 10_000, loans: 500_000, now });
  const raw = ctx.sql;
  const loanCount = (raw.prepare('SELECT COUNT(*) AS n FROM loan').get() as { n: number }).n;
  console.log(`\n(dữ liệu: ${demo.copies} bản sách, ${demo.students + demo.staff} bạn đọc, ${loanCount} lượt mượn; tạo trong ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const readers = raw.prepare(`SELECT id, card_number AS card, full_name AS name FROM reader r WHERE kind = 'student' AND active = 1
    AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.reader_id = r.id AND l.returned_at IS NULL AND l.lost_at IS NULL) LIMIT 400`).all() as { id: number; card: string; name: string }[];
  const copies = (raw.prepare(`SELECT c.accession_code AS code FROM copy c JOIN collection_series s ON s.id = c.series_id
    WHERE s.code IN ('STK', 'STN') AND c.status = 'available'
    AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.returned_at IS NULL AND l.lost_at IS NULL) LIMIT 800`).all() as { code: string }[]).map((c) => c.code);

  // Warm up prepared statements and the page cache.
  for (let i = 0; i < 10; i++) {
    await checkout(ctx, readers[i].id, copies[i]);
    await returnCopy(ctx, copies[i]);
  }
  const out: number[] = [];
  const back: number[] = [];
  for (let i = 0; i < 400; i++) {
    const reader = readers[i % readers.length];
    const code = copies[100 + i];
    let t = performance.now();
    await checkout(ctx, reader.id, code);
    out.push(performance.now() - t);
    t = performance.now();
    await returnCopy(ctx, code);
    back.push(performance.now() - t);
  }
  // The same loop with synchronous = NORMAL, only to print what durable commits (FULL) cost.
  raw.pragma('synchronous = NORMAL');
  const outNormal: number[] = [];
  for (let i = 0; i < 200; i++) {
    const code = copies[500 + i];
    const t = performance.now();
    await checkout(ctx, readers[i % readers.length].id, code);
    outNormal.push(performance.now() - t);
    await returnCopy(ctx, code);
  }
  raw.pragma('synchronous = FULL');
  // Statements per lending scan (circulation.scan with a reader open): issue 19 asks ≤ 8.
  const perScan: number[] = [];
  for (let i = 0; i < 20; i++) {
    const code = copies[720 + i];
    const { result, statements } = await countStatements(raw, () => scan(ctx, code, readers[380 + i].id, 'lend'));
    if (result.action !== 'checkout') throw new Error(`bench: ${code} was not lent (${result.action})`);
    perScan.push(statements.length);
    await returnCopy(ctx, code);
  }
  // What one flush costs on this disk: with FULL, a checkout waits for one fsync of the WAL.
  const syncs: number[] = [];
  const probe = path.join(dataDir, 'fsync-probe');
  const fd = fs.openSync(probe, 'w');
  for (let i = 0; i < 200; i++) {
    fs.writeSync(fd, Buffer.alloc(4096, i));
    const t = performance.now();
    fs.fdatasyncSync(fd);
    syncs.push(performance.now() - t);
  }
  fs.closeSync(fd);
  fs.rmSync(probe);
  const f = summarize(syncs);
  const o = summarize(out);
  const on = summarize(outNormal);
  const b = summarize(back);
  report('Lưu thông: thời gian dịch vụ (100.000 bản sách, 10.000 bạn đọc, 500.000 lượt mượn)', [
    [`cho mượn — trung vị (n=${o.n})`, ms(o.median), '< 2 ms'],
    ['cho mượn — p95', ms(o.p95)],
    [`cho mượn — trung vị với synchronous = NORMAL, chỉ để so sánh (n=${on.n})`, ms(on.median)],
    ['chi phí ghi bền (FULL − NORMAL), trung vị', ms(o.median - on.median)],
    [`một lần fdatasync 4 KB trên ổ đĩa này — trung vị (n=${f.n})`, ms(f.median)],
    [`trả sách — trung vị (n=${b.n})`, ms(b.median), '< 2 ms'],
    ['trả sách — p95', ms(b.p95)],
    [`câu lệnh SQL mỗi lần quét sách để cho mượn (n=${perScan.length})`, `${Math.min(...perScan)}–${Math.max(...perScan)}`, '≤ 8'],
  ]);
  // Books already out, for the browser's return scans (a code scanned twice within 1.5 s counts once,
  // so the browser never returns the book it has just lent).
  for (let i = 0; i < 40; i++) await checkout(ctx, readers[300 + i].id, copies[700 + i]);
  await ctx.database.close();

  // Browser mode: scan at scanner speed, measure keydown of Enter → result on screen.
  if (!fs.existsSync(path.join(root, 'out', 'web', 'index.html'))) {
    execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  }
  // The day's backup first (the server would start one: its copy and fsyncs share the disk with the
  // desk's commits); its time is a figure of its own.
  const backupStarted = performance.now();
  const backup = await backupNow(path.join(dataDir, 'kesach.db'), 'auto', new Date());
  report('Sao lưu tự động của thư viện này (sao lưu trực tuyến + integrity_check + đếm dòng + sha256)', [
    [`ghi và kiểm tra ${(backup.bytes / 1024 / 1024).toFixed(0)} MB`, ms(performance.now() - backupStarted)],
  ]);
  const server = await startServer({ dataDir });
  const desk = await openDesk(server.url);
  const { page, scanned } = desk;
  try {
    const cardTimes: number[] = [];
    const lendTimes: number[] = [];
    const returnTimes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const reader = readers[200 + i];
      const code = copies[600 + i];
      cardTimes.push(await scanned(reader.card, `Bạn đọc: ${reader.name}`));
      lendTimes.push(await scanned(code, `${code}, hạn trả`));
      await page.getByRole('button', { name: 'Xong, đóng bạn đọc' }).click();
      returnTimes.push(await scanned(copies[700 + i], `Đã trả: `));
      await page.waitForTimeout(20);
    }
    const c = summarize(cardTimes.slice(3));
    const l = summarize(lendTimes.slice(3));
    const r = summarize(returnTimes.slice(3));
    report('Lưu thông trong trình duyệt: quét → kết quả hiện trên màn hình (Chromium, chế độ trình duyệt)', [
      [`quét thẻ → mở bạn đọc — trung vị (n=${c.n})`, ms(c.median)],
      ['quét thẻ → mở bạn đọc — p95', ms(c.p95), '< 100 ms'],
      [`quét sách → cho mượn — trung vị (n=${l.n})`, ms(l.median)],
      ['quét sách → cho mượn — p95', ms(l.p95), '< 25 ms trên máy rảnh'],
      [`quét sách → trả — trung vị (n=${r.n})`, ms(r.median)],
      ['quét sách → trả — p95', ms(r.p95), '< 100 ms'],
    ]);
  } finally {
    await desk.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
