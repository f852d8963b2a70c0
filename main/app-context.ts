import fs from 'node:fs';
import { openDatabase } from './db/data-source';
import { databaseFileIn, exportsDirIn } from './paths';
import type { EmitEvent, ServiceContext } from './services/context';
import { JobRegistry } from './services/jobs/registry';
import { Offloader } from './services/offload';

export interface OpenContextOptions {
  dataDir: string;
  databaseFile?: string;
  mode: ServiceContext['mode'];
  emit?: EmitEvent;
  now?: () => Date;
  /** Run heavy calls (PDFs, statistics) on a worker thread; the app turns this on, the CLI and tests do not. */
  offload?: boolean;
}

/** Opens (and migrates) the database and builds the context every handler receives. */
export async function openContext(options: OpenContextOptions): Promise<ServiceContext> {
  fs.mkdirSync(exportsDirIn(options.dataDir), { recursive: true });
  const databaseFile = options.databaseFile ?? databaseFileIn(options.dataDir);
  const { dataSource } = await openDatabase(databaseFile);
  const emit: EmitEvent = options.emit ?? (() => undefined);
  const ctx: ServiceContext = {
    db: dataSource,
    dataDir: options.dataDir,
    databaseFile,
    mode: options.mode,
    emit,
    now: options.now ?? (() => new Date()),
    jobs: new JobRegistry((event, payload) => emit(event, payload)),
  };
  if (options.offload) {
    const offload = new Offloader({ dataDir: options.dataDir, databaseFile, mode: options.mode }, emit);
    ctx.offload = offload;
    ctx.jobs.onCancel = (jobId) => offload.cancel(jobId);
  }
  return ctx;
}
