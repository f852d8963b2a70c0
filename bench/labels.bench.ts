import path from 'node:path';
import { openContext } from '../main/app-context';
import { generateDemo } from '../main/services/demo';
import { dispatch } from '../main/services/dispatch';
import { printCards, printLabels } from '../main/services/labels/print';
import { selectCopies } from '../main/services/labels/select';
import { measure, mb, ms, report, tempDir } from './util';

/** 5,000 barcode labels (and the cards of every reader) to PDF: time, peak memory, event-loop lag while it runs. */
export default async function labelsBench(): Promise<void> {
  const dir = tempDir('labels');
  const ctx = await openContext({ dataDir: dir, mode: 'cli', now: () => new Date('2026-11-26T09:00:00+07:00') });
  await generateDemo(ctx.sql, { seed: 1, copies: 5600, now: ctx.now() });
  const ids = selectCopies(ctx.sql, { by: 'all' }).slice(0, 5000);
  const codes = ids.map((c) => c.accessionCode);
  for (const templateId of ['L7651', 'L7163']) {
    const m = await measure(() => printLabels(ctx, {
      kind: 'barcode', templateId, start: 1, selection: { by: 'list', codes }, markPrinted: true,
    }, path.join(dir, `labels-${templateId}.pdf`)));
    report(`Nhãn mã vạch ${templateId}: ${m.result.labels} nhãn, ${m.result.pages} trang, ${(m.result.bytes / 1024 / 1024).toFixed(1)} MB`, [
      ['thời gian tạo PDF', `${m.seconds.toFixed(2)} s`, '< 10 s'],
      ['bộ nhớ đỉnh (RSS)', mb(m.peakRss), '< 300 MB'],
      ['độ trễ lớn nhất của vòng sự kiện (giao diện vẫn phản hồi)', ms(m.maxLoopLagMs)],
    ]);
  }
  const cards = await measure(() => printCards(ctx, { selection: { by: 'all' }, backSide: true }, path.join(dir, 'cards.pdf')));
  report(`Thẻ thư viện: ${cards.result.cards} thẻ, ${cards.result.pages} trang (có mặt sau)`, [
    ['thời gian tạo PDF', `${cards.seconds.toFixed(2)} s`],
    ['bộ nhớ đỉnh (RSS)', mb(cards.peakRss)],
    ['độ trễ lớn nhất của vòng sự kiện', ms(cards.maxLoopLagMs)],
  ]);
  await ctx.database.close();
}

/**
 * The same 5,000 labels as the app runs them: through dispatch, on the worker thread. The figure that
 * matters for the desk is the main thread's event-loop lag meanwhile (scans and other calls keep flowing).
 */
export async function labelsInAppBench(): Promise<void> {
  const dir = tempDir('labels-app');
  const ctx = await openContext({ dataDir: dir, mode: 'browser', offload: true, now: () => new Date('2026-11-26T09:00:00+07:00') });
  await generateDemo(ctx.sql, { seed: 1, copies: 5600, now: ctx.now() });
  const codes = selectCopies(ctx.sql, { by: 'all' }).slice(0, 5000).map((c) => c.accessionCode);
  await dispatch(ctx, 'labels.calibrationPdf', { templateId: 'L7651' }); // start the worker before measuring
  const m = await measure(() => dispatch(ctx, 'labels.print', {
    kind: 'barcode', templateId: 'L7651', start: 1, selection: { by: 'list', codes }, markPrinted: true,
  }));
  const registers = await measure(() => dispatch(ctx, 'registers.print', { kind: 'dkcb' }));
  report('Trong ứng dụng (tệp tạo trên luồng phụ): luồng chính vẫn phản hồi', [
    ['5.000 nhãn mã vạch L7651 — thời gian', `${m.seconds.toFixed(2)} s`, '< 10 s'],
    ['  độ trễ lớn nhất của vòng sự kiện luồng chính', ms(m.maxLoopLagMs)],
    ['Sổ ĐKCB toàn bộ — thời gian', `${registers.seconds.toFixed(2)} s`],
    ['  độ trễ lớn nhất của vòng sự kiện luồng chính', ms(registers.maxLoopLagMs)],
  ]);
  await ctx.offload?.close();
  await ctx.database.close();
}
