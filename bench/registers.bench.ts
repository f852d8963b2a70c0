import path from 'node:path';
import { openContext } from '../main/app-context';
import { generateDemo } from '../main/services/demo';
import { renderRegister } from '../main/pdf/registers/table';
import { printRegister } from '../main/services/registers/print';
import { registerEnv } from '../main/services/registers/common';
import { individualRegisterSpec } from '../main/services/registers/dkcb';
import { statistics } from '../main/services/reports/period-statistics';
import { drawRegisterFloor } from './pdf-floor';
import { measure, mb, report, tempDir } from './util';

const ROUNDS = 3;

const NOW = new Date('2026-11-26T09:00:00+07:00');

/**
 * Sổ ĐKCB for 20,000 copies (streamed PDF) and the year statistics on the 100,000-copy library. The register
 * is also drawn by raw pdfkit (bench/pdf-floor.ts: same pages, rows, columns, font), alternating with the
 * renderer for a few rounds; the minimum of each is compared, in CPU time and in wall time.
 */
export default async function registersBench(): Promise<void> {
  {
    const dir = tempDir('registers');
    const ctx = await openContext({ dataDir: dir, mode: 'cli', now: () => NOW });
    const { copies } = await generateDemo(ctx.sql, { seed: 1, copies: 20_000, now: NOW });
    const m = await measure(() => printRegister(ctx, { kind: 'dkcb', readerKind: 'student' }, path.join(dir, 'so-dkcb.pdf')));
    report(`In sổ đăng ký cá biệt (${copies} bản sách)`, [
      ['thời gian', `${m.seconds.toFixed(1)} s`, '< 15 s'],
      ['bộ nhớ đỉnh (RSS)', mb(m.peakRss), '< 400 MB'],
      ['số trang', String(m.result.pages)],
      ['độ trễ vòng sự kiện lớn nhất', `${m.maxLoopLagMs.toFixed(0)} ms`],
    ]);
    const env = await registerEnv(ctx, 'So DKCB', undefined, path.join(dir, 'spec.pdf'));
    const spec = await individualRegisterSpec(env, undefined, undefined);
    const ours = { cpu: Infinity, wall: Infinity }, floor = { cpu: Infinity, wall: Infinity };
    let floorPages = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const a = await measure(() => renderRegister({ ...spec, file: path.join(dir, `ours-${round}.pdf`) }));
      const b = await measure(() => drawRegisterFloor(spec, path.join(dir, `floor-${round}.pdf`)));
      ours.cpu = Math.min(ours.cpu, a.cpuSeconds); ours.wall = Math.min(ours.wall, a.seconds);
      floor.cpu = Math.min(floor.cpu, b.cpuSeconds); floor.wall = Math.min(floor.wall, b.seconds);
      floorPages = b.result.pages;
    }
    report(`Bộ vẽ sổ so với pdfkit thuần (cùng ${floorPages} trang, cùng dòng, cột, phông; nhỏ nhất của ${ROUNDS} lượt)`, [
      ['bộ vẽ sổ: thời gian CPU / thời gian thực', `${ours.cpu.toFixed(2)} s / ${ours.wall.toFixed(2)} s`],
      ['pdfkit thuần: thời gian CPU / thời gian thực', `${floor.cpu.toFixed(2)} s / ${floor.wall.toFixed(2)} s`],
      ['tỉ lệ (CPU)', `${(ours.cpu / floor.cpu).toFixed(2)}×`, '≤ 1,3×'],
      ['tỉ lệ (thời gian thực)', `${(ours.wall / floor.wall).toFixed(2)}×`],
    ]);
    await ctx.database.close();
  }
  {
    const dir = tempDir('stats');
    const ctx = await openContext({ dataDir: dir, mode: 'cli', now: () => NOW });
    await generateDemo(ctx.sql, { seed: 1, copies: 100_000, students: 10_000, loans: 500_000, now: NOW });
    const m = await measure(() => statistics(ctx.sql, NOW, '2026-2027'));
    const again = await measure(() => statistics(ctx.sql, NOW, '2025-2026'));
    report(`Thống kê năm học (${m.result.totals.copiesInStock} bản trong kho, ${m.result.totals.loans} lượt mượn trong năm)`, [
      ['thời gian (năm học 2026-2027)', `${m.seconds.toFixed(2)} s`, '< 2 s'],
      ['thời gian (năm học 2025-2026)', `${again.seconds.toFixed(2)} s`, '< 2 s'],
      ['bộ nhớ đỉnh (RSS)', mb(Math.max(m.peakRss, again.peakRss))],
    ]);
    await ctx.database.close();
  }
}
