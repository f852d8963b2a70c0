import fs from 'node:fs';
import path from 'node:path';
import { openContext } from '../main/app-context';
import { backupNow, backupStatus, rotate } from '../main/services/backup/backups';
import { fileStamp } from '../main/services/backup/durable';
import { goodEntries, primaryFolder, readManifest, writeManifest } from '../main/services/backup/manifest';
import { generateDemo } from '../main/services/demo';
import { mb, ms, report, tempDir } from './util';

/**
 * What checking backups/manifest.json against the files costs (every entry's sha256 is compared with
 * its file before it is listed, offered or rotated): a large library (100,000 copies) with the 23
 * backups a year of daily runs keeps (7 days, 4 weeks, 12 months). The first look reads every file;
 * later looks use the hashes remembered per path, size and mtime.
 */
export default async function backupsBench(): Promise<void> {
  const dataDir = tempDir('backups');
  const now = new Date();
  const ctx = await openContext({ dataDir, mode: 'cli', now: () => now });
  await generateDemo(ctx.sql, { seed: 1, copies: 100_000, students: 10_000, loans: 200_000, now });
  await ctx.database.close();
  const t0 = performance.now();
  const first = await backupNow(ctx.databaseFile, 'auto', now);
  const backupMs = performance.now() - t0;
  // 22 older automatic backups of the kept days, weeks and months (copies of the first, recorded as such).
  const folder = primaryFolder(ctx.databaseFile);
  const m = readManifest(folder.dir);
  for (let i = 1; i <= 22; i++) {
    // 6 more days, then 4 weeks (from 2 weeks back) and 12 months (from 2 months back).
    const at = new Date(now.getTime() - (i <= 6 ? i : i <= 10 ? (i - 5) * 7 : (i - 8) * 31) * 86_400_000);
    const file = `kesach-${fileStamp(at)}.db`;
    fs.copyFileSync(path.join(folder.dir, first.file), path.join(folder.dir, file));
    m.entries.push({ ...first, file, at: at.toISOString() });
  }
  writeManifest(folder.dir, m);
  const time = (work: () => unknown) => {
    const t = performance.now();
    work();
    return performance.now() - t;
  };
  // As after a restart: no hash known (a new modification time makes every remembered hash stale).
  const forget = () => {
    for (const e of readManifest(folder.dir).entries) fs.utimesSync(path.join(folder.dir, e.file), now, new Date(Date.now() + Math.random() * 1e6));
  };
  forget();
  const status = time(() => backupStatus(ctx.databaseFile, now, null, null));
  const list = time(() => goodEntries(folder));
  const statusWarm = time(() => backupStatus(ctx.databaseFile, now, null, null));
  const listWarm = time(() => goodEntries(folder));
  const count = goodEntries(folder).length;
  const rotation = time(() => rotate(ctx.databaseFile));
  report(`Sổ sao lưu: ${count} bản của một thư viện ${mb(first.bytes)} (100.000 bản sách)`, [
    ['Sao lưu và kiểm tra một bản (backupNow)', ms(backupMs)],
    ['Trạng thái khi mới mở (đọc sha256 của bản mới nhất)', ms(status)],
    [`Danh sách lần đầu (đọc sha256 của ${count} tệp)`, ms(list)],
    ['Trạng thái các lần sau (mã đã nhớ)', ms(statusWarm)],
    ['Danh sách các lần sau (mã đã nhớ)', ms(listWarm)],
    ['Xoay vòng (mã đã nhớ)', ms(rotation)],
  ]);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
