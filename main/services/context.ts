import type { DataSource } from 'typeorm';
import type { EventName, EventPayload } from '../../shared/contract';

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** What every handler receives. No electron here: the same context serves IPC, HTTP and the CLI. */
export interface ServiceContext {
  db: DataSource;
  dataDir: string;
  databaseFile: string;
  mode: 'electron' | 'browser' | 'cli';
  emit: EmitEvent;
  /** Injected clock so tests and the demo generator control "today". */
  now: () => Date;
  jobs: import('./jobs').JobRegistry;
  /** Present only in the Electron app: open, print and save-as for generated files. */
  desktop?: import('./files').DesktopBridge;
  /** Present in the app (not in the worker itself, the CLI or tests): runs heavy calls on a worker thread. */
  offload?: import('./offload').Offloader;
}
