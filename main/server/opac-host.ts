import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmitEvent, OpacControl, OpacListenerState } from '../services/context';
import type { FromOpacWorker, OpacWorkerSetup } from './opac-worker';

/**
 * The worker's entry: a .js file next to the bundle, or the .ts source under tsx — or, in the unit tests, the
 * browser-mode bundle's worker built from these sources by their global setup (KESACH_TEST_WORKERS, see
 * tests/workers-global-setup.ts): tsx compiled main/ again in every worker thread.
 */
function startWorker(setup: OpacWorkerSetup): Worker {
  const fromSource = path.extname(__filename) === '.ts';
  const testBundle = fromSource ? process.env.KESACH_TEST_WORKERS : undefined;
  if (testBundle) return new Worker(path.join(testBundle, 'opac-worker.js'), { workerData: setup });
  if (fromSource) {
    const entry = path.join(__dirname, 'opac-worker.ts');
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, execArgv: [], workerData: setup });
  }
  return new Worker(path.join(__dirname, 'opac-worker.js'), { workerData: setup });
}

/**
 * Runs the OPAC listener on a thread of its own (opac-worker.ts) and opens, moves or closes it when the
 * setting changes. The desk's thread only passes the setting; it never sees an OPAC request.
 */
export class OpacHost implements OpacControl {
  private worker: Worker | null = null;
  private current: OpacListenerState = { running: false, error: null, host: null, port: null };
  private queue: Promise<unknown> = Promise.resolve();

  /** `emit`: where the push events of the OPAC's own writes go (the app's: IPC, or SSE in browser mode). */
  constructor(private readonly where: { dataDir: string; databaseFile: string }, private readonly emit?: EmitEvent) {}

  state(): OpacListenerState {
    return { ...this.current };
  }

  /** One change at a time: closing the old listener finishes before the new one opens. */
  apply(settings: { enabled: boolean; host: string; port: number }): Promise<OpacListenerState> {
    const run = this.queue.then(() => this.applyNow(settings));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): Promise<void> {
    const run = this.queue.then(() => this.stop());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(settings: { enabled: boolean; host: string; port: number }): Promise<OpacListenerState> {
    const same = this.current.running && this.current.host === settings.host && this.current.port === settings.port;
    if (settings.enabled && same) return this.state();
    await this.stop();
    if (!settings.enabled) return this.state();
    const worker = startWorker({ ...this.where, host: settings.host, port: settings.port });
    // Its first word: ready (with the port) or why not. The handshake's listeners are not removed wholesale:
    // `removeAllListeners()` would also drop Node's own hooks on the worker's message port, which stop the port once its
    // last 'message' listener goes, so the push events below would never arrive.
    let answer: (m: FromOpacWorker) => void = () => undefined;
    const first = new Promise<FromOpacWorker>((resolve) => { answer = resolve; });
    const onMessage = (m: FromOpacWorker) => answer(m);
    const onError = (e: Error) => answer({ type: 'failed', message: `Tra cứu trực tuyến gặp lỗi: ${e.message}` });
    const onExit = () => answer({ type: 'failed', message: 'Tra cứu trực tuyến đã dừng.' });
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    const said = await first;
    worker.off('exit', onExit);
    // The same 'message' listener stays (never zero listeners): later it passes the OPAC's push events to the app
    // (and a late 'error' is ignored here: the 'exit' below says the listener stopped).
    answer = (m) => {
      if (m.type === 'event') this.emit?.(m.event, m.payload as never);
    };
    if (said.type !== 'ready') {
      await worker.terminate();
      this.current = { running: false, error: said.type === 'failed' ? said.message : null, host: settings.host, port: settings.port };
      return this.state();
    }
    worker.on('exit', () => {
      if (this.worker === worker) {
        this.worker = null;
        this.current = { ...this.current, running: false, error: 'Tra cứu trực tuyến đã dừng bất ngờ; hãy bật lại trong Cài đặt.' };
      }
    });
    worker.unref();
    this.worker = worker;
    this.current = { running: true, error: null, host: settings.host, port: said.port };
    return this.state();
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.current = { running: false, error: null, host: null, port: null };
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 3000);
      worker.once('message', (m: FromOpacWorker) => {
        if (m.type === 'closed') {
          clearTimeout(timer);
          void worker.terminate().then(() => resolve());
        }
      });
      worker.once('exit', () => { clearTimeout(timer); resolve(); });
      worker.postMessage({ type: 'close' });
    });
  }
}
