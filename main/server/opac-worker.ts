import { parentPort, workerData } from 'node:worker_threads';
import type { EventName } from '../../shared/contract';
import { openContext } from '../app-context';
import { listenErrorMessage, runOpac } from './opac-run';
import type { OpacServer } from './opac-http';

/**
 * The OPAC's own thread (see opac-host.ts): its listener, searches and title pages run here, on their
 * own connections, so forty phones searching at once never hold the desk's thread.
 */
export interface OpacWorkerSetup { dataDir: string; databaseFile: string; host: string; port: number }
export type FromOpacWorker = { type: 'ready'; port: number } | { type: 'failed'; message: string } | { type: 'closed' }
  /** A push event of the OPAC's own writes (a teacher's reservation): the desk's thread passes it to the screens. */
  | { type: 'event'; event: EventName; payload: unknown };

const setup = workerData as OpacWorkerSetup;
const port = parentPort!;
let server: OpacServer | null = null;

void (async () => {
  try {
    const ctx = await openContext({
      dataDir: setup.dataDir, databaseFile: setup.databaseFile, mode: 'browser',
      // What the OPAC changes (a reservation placed or cancelled in "Của tôi") reaches the desk's screens at once.
      emit: (event, payload) => port.postMessage({ type: 'event', event, payload } satisfies FromOpacWorker),
    });
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
