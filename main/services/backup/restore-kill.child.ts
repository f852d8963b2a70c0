// Child process of restore-kill.test.ts. It loads its modules, says "loaded", and waits for a line
// "DB SOURCE" on stdin (so its start-up is not part of the measured window); then the app's
// connection is opened (WAL and all), it says "ready", and a restore runs exactly as in the app
// (connections closed around the swap). The test kills it at random moments after "ready".
import readline from 'node:readline';
import { openLibraryDatabase } from './open';
import { restoreDatabase } from './restore';

async function run(databaseFile: string, source: string): Promise<void> {
  const { database } = await openLibraryDatabase(databaseFile);
  process.stdout.write('ready\n');
  const { database: restored } = await restoreDatabase({
    databaseFile, source, now: new Date(), damaged: false,
    close: async () => database.close(),
    onStep: (step) => process.stdout.write(`step:${step}\n`),
  });
  await restored.close();
  process.stdout.write('done\n');
  process.exit(0);
}

process.stdout.write('loaded\n');
readline.createInterface({ input: process.stdin }).once('line', (line) => {
  const [databaseFile, source] = line.split('\t');
  void run(databaseFile, source);
});
