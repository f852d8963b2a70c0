import { openContext } from '../main/app-context';
import { generateDemo } from '../main/services/demo';
import { closeStocktake, scanStocktake, startStocktake, stocktakeProgress } from '../main/services/stocktake/stocktakes';
import { printStocktake } from '../main/services/stocktake/handlers';
import { mb, measure, ms, report, summarize, tempDir } from './util';

/**
 * Kiểm kê at 100,000 copies: a whole-collection stocktake, 3,000 scans (service time per scan), the
 * progress query the screen polls, closing (writes every unscanned copy's result in one transaction),
 * and the danh sách kiểm kê of every copy (streamed; event-loop lag shows whether scanning would stall).
 */
export default async function stocktakeBench(): Promise<void> {
  const dataDir = tempDir('stocktake');
  const now = new Date();
  const ctx = await openContext({ dataDir, mode: 'cli', now: () => now });
  const demo = await generateDemo(ctx.sql, { seed: 1, copies: 100_000, now });
  const raw = ctx.sql;
  console.log(`\n(dữ liệu: ${demo.copies} bản sách)`);
  const codes = (raw.prepare("SELECT accession_code AS c FROM copy WHERE status <> 'withdrawn' ORDER BY random() LIMIT 3000").all() as { c: string }[]).map((r) => r.c);

  const st = await startStocktake(ctx, { name: 'Bench', schoolYear: '2026-2027', scope: [], members: '', note: '' });
  const scans: number[] = [];
  for (const code of codes) {
    const t = performance.now();
    await scanStocktake(ctx, st.id, code);
    scans.push(performance.now() - t);
  }
  const progress: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    stocktakeProgress(ctx, st.id);
    progress.push(performance.now() - t);
  }
  const close = await measure(() => closeStocktake(ctx, st.id));
  const list = await measure(() => printStocktake(ctx, { stocktakeId: st.id, kind: 'list' }));
  const minutes = await measure(() => printStocktake(ctx, { stocktakeId: st.id, kind: 'minutes' }));
  const s = summarize(scans), p = summarize(progress);
  report('Kiểm kê — 100.000 bản', [
    ['stocktake.scan (service), median', ms(s.median), '< 2 ms'],
    ['stocktake.scan (service), p95', ms(s.p95)],
    ['stocktake.progress, median', ms(p.median), '< 100 ms'],
    ['stocktake.close (ghi Mất / đang cho mượn cho mọi bản chưa quét)', `${close.seconds.toFixed(2)} s`],
    [`danh sách kiểm kê (${list.result.pages} trang, đọc và vẽ từng phần)`, `${list.seconds.toFixed(1)} s`],
    ['  thời gian CPU', `${list.cpuSeconds.toFixed(1)} s`],
    ['  đỉnh RSS của tiến trình khi in', mb(list.peakRss), '< 300 MB'],
    ['  độ trễ vòng sự kiện lớn nhất', ms(list.maxLoopLagMs)],
    ['biên bản kiểm kê', `${minutes.seconds.toFixed(2)} s`],
  ]);
  await ctx.database.close();
}
