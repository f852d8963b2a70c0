import fs from 'node:fs';
import path from 'node:path';
import { openContext } from '../main/app-context';
import { transaction } from '../main/db/sql';
import { confirmBatchSync, insertDraftBatchSync } from '../main/services/accession/numbering';
import { searchTitles } from '../main/services/catalogue/search';
import { generateDemo } from '../main/services/demo';
import { dispatch } from '../main/services/dispatch';
import { measure, ms, report, summarize, tempDir } from './util';

const now = new Date('2026-11-26T09:00:00+07:00');

/** Longest time the event loop did not turn, from now until the returned function is called (which counts the last gap too). */
function watchEventLoop(): () => number {
  let last = performance.now();
  let max = 0;
  const tick = () => {
    const t = performance.now();
    max = Math.max(max, t - last - 10);
    last = t;
  };
  const timer = setInterval(tick, 10);
  return () => {
    tick();
    clearInterval(timer);
    return Math.max(0, max);
  };
}

/** Search latency on 30,000 titles / 100,000 copies, and import throughput of a 10,000-row CSV. */
export default async function catalogueBench(): Promise<void> {
  const dir = tempDir('catalogue');
  const ctx = await openContext({ dataDir: dir, mode: 'cli', now: () => now });
  const demo = await generateDemo(ctx.sql, { seed: 7, titles: 30_000, copies: 100_000, students: 400, loans: 2000, now });
  const raw = ctx.sql;
  // The demo generator lands near the target; top up to 100,000 copies with one more accession batch.
  const missing = 100_000 - demo.copies;
  if (missing > 0) {
    const ids = raw.prepare("SELECT id FROM title ORDER BY id DESC LIMIT ?").pluck().all(Math.ceil(missing / 5)) as number[];
    const db = ctx.sql;
    transaction(db, () => {
      const lines = ids.map((titleId, i) => ({ titleId, quantity: Math.min(5, missing - i * 5), unitPrice: 50_000, acquisitionMode: 'purchase', existingCodes: null }));
      const batchId = insertDraftBatchSync(db, { date: '2026-11-26', source: 'mua', voucherNumber: 'BENCH', supplier: '', note: '', lines }, now);
      demo.copies += confirmBatchSync(db, batchId, now).copies;
    });
  }

  // ~200 realistic queries: words of real titles (with and without diacritics, upper case), authors, ĐKCB.
  const titles = raw.prepare('SELECT title, authors FROM title ORDER BY random() LIMIT 120').all() as { title: string; authors: string }[];
  const codes = raw.prepare('SELECT accession_code FROM copy ORDER BY random() LIMIT 30').pluck().all() as string[];
  const queries: string[] = ['de men', 'DE MEN', 'dang thuy tram', 'toan 6', 'ngu van', 'tu dien', 'ly son', 'bac ho', 'kim dong', 'to hoai'];
  for (const [i, t] of titles.entries()) {
    const words = t.title.split(' ');
    if (i % 3 === 0) queries.push(words.slice(0, 2).join(' '));
    else if (i % 3 === 1) queries.push(words.slice(0, 3).join(' ').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd'));
    else queries.push(`${words[0]} ${words[1]?.slice(0, 2) ?? ''}`.toUpperCase());
  }
  for (const t of titles.slice(0, 30)) queries.push(t.authors.split(';')[0]);
  for (const c of codes) queries.push(c.slice(0, codes.indexOf(c) % 2 === 0 ? c.length : c.length - 2));

  for (const q of queries.slice(0, 20)) searchTitles(raw, { query: q, limit: 50, offset: 0 }); // warm up
  const samples: number[] = [];
  let found = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const r = searchTitles(raw, { query: q, limit: 50, offset: 0 });
    samples.push(performance.now() - t0);
    if (r.total > 0) found++;
  }
  const s = summarize(samples);
  report(`Tìm kiếm danh mục (${demo.titles} đầu sách, ${demo.copies} bản sách, ${s.n} truy vấn, ${found} có kết quả)`, [
    ['trung vị', ms(s.median)],
    ['p95', ms(s.p95), '< 20 ms'],
  ]);
  await ctx.database.close();

  // Import throughput: a generated 10,000-row CSV into an empty database.
  const dir2 = tempDir('catalogue-import');
  const csv = path.join(dir2, 'danh-muc-10000.csv');
  const series = ['SGK', 'SNV', 'STK', 'STN'];
  const sources = ['Mua', 'Biếu tặng', 'Cấp phát', 'Khác'];
  const lines = ['Loại sách,Nhan đề,Tác giả,Nhà xuất bản,Nơi xuất bản,Năm xuất bản,Số trang,Khổ (cm),Giá tiền,ISBN,Môn loại,Ngôn ngữ,Số lượng,Nguồn'];
  let copies = 0;
  for (let i = 0; i < 10_000; i++) {
    const q = 1 + (i % 4);
    copies += q;
    lines.push(`${series[i % 4]},Tuyển tập truyện ngắn Việt Nam số ${i + 1},Nguyễn Văn Hùng,Kim Đồng,Hà Nội,${2000 + (i % 25)},${100 + (i % 300)},19,${(20 + (i % 100)) * 1000},,895.922,Tiếng Việt,${q},${sources[i % 4]}`);
  }
  fs.writeFileSync(csv, lines.join('\n'));
  // Through dispatch with the worker on, as the app runs it: the main thread's event loop must keep turning.
  const progress: number[] = [];
  const ctx2 = await openContext({
    dataDir: dir2, mode: 'cli', now: () => now, offload: true,
    emit: (event, payload) => { if (event === 'jobs.progress') progress.push((payload as { done: number }).done); },
  });
  const stall = watchEventLoop();
  const m = await measure(() => dispatch(ctx2, 'catalogue.import', { file: { fileName: path.basename(csv), path: csv }, jobId: 'bench-import' }));
  const maxStall = stall();
  if (!m.result.ok) throw new Error(m.result.message);
  const r = m.result.value as { titles: number; copies: number };
  await ctx2.offload?.close();
  report(`Nhập danh mục từ CSV (${r.titles} dòng, ${r.copies} bản sách)`, [
    ['thời gian nhập', `${m.seconds.toFixed(2)} s`, '< 15 s'],
    ['dòng mỗi giây', `${Math.round(r.titles / m.seconds)}`],
    ['thời gian CPU (mọi luồng)', `${m.cpuSeconds.toFixed(2)} s`],
    ['luồng chính bị chặn lâu nhất (event loop)', ms(maxStall), '< 100 ms'],
    ['số lần báo tiến độ', `${progress.length}`],
  ]);
  if (r.copies !== copies) console.log(`  ! số bản nhập (${r.copies}) khác số bản trong tệp (${copies})`);
  await ctx2.database.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(dir2, { recursive: true, force: true });
}
