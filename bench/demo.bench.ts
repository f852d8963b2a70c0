import path from 'node:path';
import { openDatabase } from '../main/db/data-source';
import { generateDemo } from '../main/services/demo';
import { measure, mb, report, tempDir } from './util';

/** How long the demo library takes to generate at the default and the 100,000-copy scale. */
export default async function demoBench(): Promise<void> {
  for (const scale of [{ copies: undefined, students: undefined, loans: undefined }, { copies: 100_000, students: 10_000, loans: 500_000 }]) {
    const { database } = await openDatabase(path.join(tempDir('demo'), 'kesach.db'), null);
    const m = await measure(() => generateDemo(database.sql, { seed: 1, ...scale, now: new Date('2026-11-26T09:00:00+07:00') }));
    report(`Dữ liệu mẫu (${m.result.copies} bản sách, ${m.result.students} học sinh, ${m.result.loans} lượt mượn)`, [
      ['thời gian tạo', `${m.seconds.toFixed(1)} s`],
      ['bộ nhớ đỉnh', mb(m.peakRss)],
    ]);
    await database.close();
  }
}
