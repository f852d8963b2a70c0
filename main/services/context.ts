import type { DamageReport, EventName, EventPayload } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { LibraryDatabase } from '../db/data-source';
import type { Actor } from '../db/actor';
import type { Sql } from '../db/sql';

/**
 * The types every service and handler shares. This module is a leaf: it imports nothing from
 * main/, so jobs/registry.ts, files.ts, offload.ts and the handlers can all depend on it without a cycle.
 */

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** One long job as its code sees it. */
export interface JobHandle {
  /** Reports progress; throws a JOB_CANCELLED AppError when the user cancelled. */
  progress(done: number, total: number, label?: string): void;
  readonly cancelled: boolean;
}

/** Starts, follows and cancels long jobs (implemented by JobRegistry in jobs/registry.ts). */
export interface JobControl {
  begin(jobId: string | undefined): JobHandle;
  cancel(jobId: string): void;
  /** Called with every cancellation, so a job running on the worker thread hears it too. */
  onCancel: ((jobId: string) => void) | null;
}

/** What only the desktop shell can do; main/desktop.ts provides it in Electron, nothing elsewhere. */
export interface DesktopBridge {
  openPath(file: string): Promise<void>;
  printPdf(file: string): Promise<void>;
  saveCopy(file: string): Promise<string | null>;
}

/** The OPAC listener's state as the desk sees it. */
export interface OpacListenerState {
  running: boolean;
  /** Why it is not running although switched on (Vietnamese), or null. */
  error: string | null;
  host: string | null;
  port: number | null;
}

/**
 * Opens, moves and closes the OPAC listener (main/server/opac-host.ts); present where a listener can run
 * alongside the desk (the desktop app, browser mode).
 */
export interface OpacControl {
  apply(settings: { enabled: boolean; host: string; port: number }): Promise<OpacListenerState>;
  state(): OpacListenerState;
  close(): Promise<void>;
}

/**
 * Something that keeps the database file open beside `ctx.database` (the OPAC listener and its thread, the
 * backup schedule…). The in-app restore stops every holder before it swaps the file and starts them
 * again afterwards, so none of them keeps writing to, or reading from, the replaced file.
 */
export interface DatabaseHolder {
  stop(): Promise<void>;
  /** Opens again on the (restored) database; reads its settings anew. */
  start(): Promise<void>;
}

/** Runs heavy calls on a worker thread (implemented by Offloader in offload.ts). */
export interface Offload {
  handles(method: string): boolean;
  /** Runs the call on the worker as `actor` (dispatch checked its permission first). */
  call(method: string, input: unknown, actor: Actor): Promise<Result<unknown>>;
  cancel(jobId: string): void;
  close(): Promise<void>;
}

/** What every handler receives. No electron here: the same context serves IPC, HTTP and the CLI. */
export interface ServiceContext {
  /**
   * The open database (main/db/data-source.ts), replaced by a restore (backup/handlers.ts). Services
   * do not use it: they read `ctx.sql`. Only what opens, closes or swaps the database touches it.
   */
  database: LibraryDatabase;
  /**
   * The better-sqlite3 connection every query in main/db/queries/ takes: a getter over `database`,
   * so after an in-app restore it is the restored file's connection. Read it at call time, never
   * keep it across an await that may span a restore.
   */
  readonly sql: Sql;
  /**
   * Set when the database failed its check at open: `db` is then not opened (the damaged file is
   * never written to) and dispatch answers only backup.* and settings.appInfo.
   */
  damage?: DamageReport | null;
  dataDir: string;
  databaseFile: string;
  mode: 'electron' | 'browser' | 'cli';
  emit: EmitEvent;
  /** Injected clock so tests and the demo generator control "today". */
  now: () => Date;
  jobs: JobControl;
  /** Present only in the Electron app: open, print and save-as for generated files. */
  desktop?: DesktopBridge;
  /** Present in the app (not in the worker itself, the CLI or tests): runs heavy calls on a worker thread. */
  offload?: Offload;
  /** Present in the app and browser mode: the OPAC listener (tra cứu trực tuyến). */
  opac?: OpacControl;
  /** What a restore must stop before the swap and start after it (see DatabaseHolder). */
  holders?: DatabaseHolder[];
}
