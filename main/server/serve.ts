import path from 'node:path';
import { openContext } from '../app-context';
import { databaseFileIn, defaultDataDir } from '../paths';
import { acquireDatabaseLock } from '../services/backup/lock';
import { startHttpTransport, type HttpTransport } from './http';
import { startBackupSchedule } from '../services/backup/schedule';
import { startUnionSchedule } from '../services/union/sync';
import { startReservationSweep } from '../services/reservations/sweep';
import { OpacHost } from './opac-host';
import { opacHolder, startOpacIfEnabled } from '../services/opac/settings';

/**
 * Browser mode: the same handlers over HTTP on 127.0.0.1 with a per-run token, plus the built renderer.
 * Options: --port N (default 5178; 0 = any), --data DIR, --db FILE, --token T (tests only).
 */
function portTakenMessage(port: number): string {
  return `Cổng ${port} đang bận (có thể Kệ Sách hoặc một chương trình khác đang dùng nó). ` +
    `Hãy đóng chương trình đó, hoặc chạy với cổng khác: npm start -- --port ${port + 1} (hoặc đặt biến môi trường KESACH_PORT=${port + 1}).`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dataDir = opt('--data') ? path.resolve(opt('--data')!) : defaultDataDir();
  const holder: { transport?: HttpTransport } = {};
  const databaseFile = opt('--db') ? path.resolve(opt('--db')!) : databaseFileIn(dataDir);
  // The database's lock, held while browser mode runs (the OPAC's thread included): a CLI restore,
  // init or demo is refused meanwhile; a lock left by a crashed run is taken over.
  const lock = acquireDatabaseLock(databaseFile, 'Kệ Sách (chế độ trình duyệt)', 'mở Kệ Sách');
  const ctx = await openContext({
    dataDir,
    databaseFile,
    mode: 'browser',
    offload: true,
    // A damaged database opens in a limited mode: the screens offer the newest verified backup.
    onDamage: 'report',
    emit: (event, payload) => holder.transport?.broadcast(event, payload),
  });
  const port = Number(opt('--port') ?? process.env.KESACH_PORT ?? 5178);
  const transport = await startHttpTransport({
    ctx,
    staticDir: path.resolve(__dirname, '..', '..', 'out', 'web'),
    port,
    token: opt('--token') ?? process.env.KESACH_TOKEN,
  }).catch(async (error: NodeJS.ErrnoException) => {
    await ctx.database.close();
    throw error.code === 'EADDRINUSE' ? new Error(portTakenMessage(port)) : error;
  });
  holder.transport = transport;
  // Backups: now if the last verified one is older than a day, every few hours, and on close.
  const backups = startBackupSchedule(ctx);
  ctx.opac = new OpacHost({ dataDir, databaseFile: ctx.databaseFile }, ctx.emit);
  // Liên thông: the hourly push to the district union catalogue, when Cài đặt → Liên thông has one.
  const union = startUnionSchedule(ctx);
  // Đặt trước: holds past their last day pass on at start and once a day.
  const sweep = startReservationSweep(ctx);
  ctx.holders = [opacHolder(ctx), backups.holder, union.holder, sweep.holder];
  await startOpacIfEnabled(ctx);
  console.log(`Kệ Sách (chế độ trình duyệt) — dữ liệu: ${ctx.databaseFile}`);
  console.log(`Mở trong trình duyệt: ${transport.url}?token=${transport.token}`);
  const opac = ctx.opac.state();
  if (opac.running) console.log(`Tra cứu qua mạng nội bộ: cổng ${opac.port} (${opac.host})`);
  else if (opac.error) console.log(`Tra cứu qua mạng nội bộ chưa mở được: ${opac.error}`);
  const stop = async () => {
    await ctx.opac?.close();
    await transport.close();
    sweep.stop();
    await union.stop();
    await backups.stop();
    await ctx.offload?.close();
    await ctx.database.close();
    lock.release();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
