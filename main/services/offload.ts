import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventName } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { EmitEvent, Offload } from './context';
import type { Actor } from '../db/actor';

/**
 * Heavy work (PDFs, spreadsheets, year statistics, the catalogue import, hashing and storing a digital
 * resource's file) that would otherwise hold the
 * main thread for seconds: while it runs the scanner's keystrokes and every other call must still flow.
 * The worker has its own connection; SQLite (WAL) lets it read alongside the main thread, and lets one
 * connection write at a time. So a write on the worker is one short transaction at the end of its job
 * (the import parses and checks every row first, then writes in one transaction: about a second for 10,000 rows);
 * a desk write arriving meanwhile waits for it (busy_timeout 5 s) instead of failing. Small writes
 * (loans, accessions, saves) stay on the main thread.
 */
export const OFFLOADED_METHODS: ReadonlySet<string> = new Set([
  'labels.print', 'labels.printBatch', 'labels.printCards', 'labels.calibrationPdf',
  'registers.print', 'reports.print', 'reports.exportXlsx', 'reports.statistics', 'selfcheck.print',
  // A backup verifies its copy (integrity_check, row counts): seconds on a large library, never on the desk's thread.
  'backup.run',
  'stocktake.printPdf', 'catalogue.export', 'catalogue.import', 'catalogue.exportMarc', 'catalogue.importMarc', 'circulation.remindersPdf', 'circulation.classSetPdf',
  'reservations.slipPdf', 'reservations.noticesPdf',
  'digital.add', 'digital.print', 'audit.exportXlsx', 'archive.exportAll',
  'plan.print', 'plan.printForecast', 'plan.export',
]);

export interface WorkerSetup {
  dataDir: string;
  databaseFile: string;
  mode: 'electron' | 'browser' | 'cli';
}

type FromWorker =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown };

/**
 * The worker's entry: a .js file next to the bundle, or the .ts source under tsx (registered here) — or, in
 * the unit tests, the browser-mode bundle's worker built from these sources by their global setup
 * (KESACH_TEST_WORKERS, see tests/workers-global-setup.ts): tsx compiled main/ again in every worker thread.
 */
function startWorker(setup: WorkerSetup): Worker {
  // Under tsx this file is main/services/offload.ts; bundled, everything sits in out/main/ with worker.js.
  const fromSource = path.extname(__filename) === '.ts';
  const testBundle = fromSource ? process.env.KESACH_TEST_WORKERS : undefined;
  if (testBundle) return new Worker(path.join(testBundle, 'worker.js'), { workerData: setup });
  const entry = fromSource ? path.join(__dirname, '..', 'worker.ts') : path.join(__dirname, 'worker.js');
  if (fromSource) {
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, execArgv: [], workerData: setup });
  }
  return new Worker(entry, { workerData: setup });
}

/** One worker thread with its own connection to the same SQLite file (WAL lets it read alongside). */
export class Offloader implements Offload {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();

  constructor(private readonly setup: WorkerSetup, private readonly emit: EmitEvent) {}

  handles(method: string): boolean {
    return OFFLOADED_METHODS.has(method);
  }

  call(method: string, input: unknown, actor: Actor): Promise<Result<unknown>> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    // Keep the process alive while a call is pending; an idle worker must not.
    worker.ref();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ type: 'call', id, method, input, actor });
    });
  }

  cancel(jobId: string): void {
    this.worker?.postMessage({ type: 'cancel', jobId });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.setup);
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'event') this.emit(m.event, m.payload as never);
      else {
        this.pending.get(m.id)?.(m.result);
        this.pending.delete(m.id);
        if (this.pending.size === 0) worker.unref();
      }
    });
    const failAll = (message: string) => {
      for (const resolve of this.pending.values()) resolve({ ok: false, code: 'WORKER_FAILED', message });
      this.pending.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', (e) => failAll(`Tiến trình tạo tệp gặp lỗi: ${e.message}`));
    worker.on('exit', () => failAll('Tiến trình tạo tệp đã dừng; hãy thử lại.'));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
