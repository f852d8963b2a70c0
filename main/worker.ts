import { parentPort, workerData } from 'node:worker_threads';
import { openContext } from './app-context';
import type { WorkerSetup } from './services/offload';
import { dispatch } from './services/dispatch';
import type { Actor } from './db/actor';

// Worker thread for heavy PDF/spreadsheet/statistics calls (see services/offload.ts). It opens its
// own connection to the same database and runs the very same handlers through dispatch.
const setup = workerData as WorkerSetup;
const port = parentPort!;
const ready = openContext({
  dataDir: setup.dataDir,
  databaseFile: setup.databaseFile,
  mode: setup.mode,
  skipCheck: true,
  emit: (event, payload) => port.postMessage({ type: 'event', event, payload }),
});

port.on('message', async (m: { type: 'call'; id: number; method: string; input: unknown; actor: Actor } | { type: 'cancel'; jobId: string }) => {
  const ctx = await ready;
  if (m.type === 'cancel') {
    ctx.jobs.cancel(m.jobId);
    return;
  }
  port.postMessage({ type: 'result', id: m.id, result: await dispatch(ctx, m.method, m.input, { actor: m.actor }) });
});
