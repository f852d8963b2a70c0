/**
 * Child process for the crash test (accession-sigkill.test.ts): confirms a 5,000-copy accession on the
 * database given as argv[2]. A per-connection TEMP trigger slows every copy insert down so the parent
 * can kill this process with SIGKILL in the middle of the transaction. Nothing here is part of the app.
 */
import path from 'node:path';
import { openContext } from '../main/app-context';
import { confirmBatch } from '../main/services/accession/batches';

async function main(): Promise<void> {
  const dbFile = path.resolve(process.argv[2]);
  const batchId = Number(process.argv[3]);
  const ctx = await openContext({ dataDir: path.dirname(dbFile), databaseFile: dbFile, mode: 'cli' });
  const raw = ctx.sql;
  let calls = 0;
  raw.function('kesach_test_slow', () => {
    // Copies are being written inside the open transaction: tell the parent (stdout is unbuffered for pipes).
    if (++calls === 1) process.stdout.write('writing\n');
    const until = performance.now() + 0.3;
    while (performance.now() < until) { /* busy wait: make the save take ~1.5 s */ }
    return 0;
  });
  raw.exec('CREATE TEMP TRIGGER kesach_test_slow_copy AFTER INSERT ON copy BEGIN SELECT kesach_test_slow(); END;');
  process.stdout.write('started\n');
  const b = confirmBatch(ctx, batchId);
  process.stdout.write(`done ${b.totalCopies}\n`);
  await ctx.database.close();
}

void main();
