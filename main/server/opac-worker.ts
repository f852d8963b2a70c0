import { parentPort, workerData } from 'node:worker_threads';
import { openContext } from '../app-context';
import { listenErrorMessage, runOpac } from './opac-run';
import type { OpacServer } from './opac-http';

/**
 * The OPAC's own thread (see opac-host.ts): its listener, searches and title pages run here, on their
 * own connections, so forty phones searching at once never hold the desk's thread.
 */
export interface OpacWorkerSetup { dataDir: string; databaseFile: string; host: string; port: number }
export type FromOpacWorker = { type: 'ready'; port: number } | { type: 'failed'; message: string } | { type: 'closed' };

const setup = workerData as OpacWorkerSetup;
const port = parentPort!;
let server: OpacServer | null = null;

void (async () => {
  try {
    const ctx = await openContext({ dataDir: setup.dataDir, databaseFile: setup.databaseFile, mode: 'browser' });
    server = await runOpac(ctx, { host: setup.host, port: setup.port }).catch(async (error: NodeJS.ErrnoException) => {
      await ctx.database.close();
      throw new Error(listenErrorMessage(error, setup.host, setup.port));
    });
    const close = async () => {
      await server?.close();
      await ctx.database.close();
      port.postMessage({ type: 'closed' } satisfies FromOpacWorker);
    };
    port.on('message', (m: { type: 'close' }) => { if (m.type === 'close') void close(); });
    port.postMessage({ type: 'ready', port: server.port } satisfies FromOpacWorker);
  } catch (error) {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromOpacWorker);
  }
})();
