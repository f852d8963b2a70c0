import fs from 'node:fs';
import { unopenedDatabase, type LibraryDatabase } from './db/data-source';
import { openLibraryDatabase } from './services/backup/open';
import { databaseFileIn, exportsDirIn } from './paths';
import { damageMessage, reportDamage } from './services/backup/backups';
import { findDamage, findSchemaProblem } from './services/backup/check';
import { lockedError, otherLockHolder } from './services/backup/lock';
import { removeRestoreLeftover } from './services/backup/restore';
import { storageError } from './services/backup/storage-errors';
import type { EmitEvent, ServiceContext } from './services/context';
import { ensureSchoolSettings } from './services/settings/school';
import { warmAccounts } from './services/session/sessions';
import { JobRegistry } from './services/jobs/registry';
import { Offloader } from './services/offload';
import { AppError } from '../shared/errors';

export interface OpenContextOptions {
  dataDir: string;
  databaseFile?: string;
  mode: ServiceContext['mode'];
  emit?: EmitEvent;
  now?: () => Date;
  /** Run heavy calls (PDFs, statistics) on a worker thread; the app turns this on, the CLI and tests do not. */
  offload?: boolean;
  /**
   * A database failing quick_check at open: 'throw' (the CLI: a Vietnamese AppError DATABASE_DAMAGED
   * naming the damage and the backups) or 'report' (the app: a context with `damage` set, whose
   * screens offer the newest verified backup). Default 'throw'.
   */
  onDamage?: 'throw' | 'report';
  /** The worker thread opens a database its parent has just checked: skip the check. */
  skipCheck?: boolean;
}

/** Opens (and migrates) the database and builds the context every handler receives. */
export async function openContext(options: OpenContextOptions): Promise<ServiceContext> {
  fs.mkdirSync(exportsDirIn(options.dataDir), { recursive: true });
  const databaseFile = options.databaseFile ?? databaseFileIn(options.dataDir);
  const now = options.now ?? (() => new Date());
  const emit: EmitEvent = options.emit ?? (() => undefined);
  let ctxDamage: ServiceContext['damage'] = null;
  let database: LibraryDatabase;
  try {
    // A restore killed half-way leaves its copy beside the database (the database itself is whole);
    // a restore running right now in another process (it holds the lock) keeps its copy.
    const holder = options.skipCheck ? null : otherLockHolder(databaseFile);
    if (!options.skipCheck && !holder) removeRestoreLeftover(databaseFile);
    let problem = options.skipCheck ? null : findDamage(databaseFile);
    if (!problem && !options.skipCheck) {
      // The schema our migrations produce at the file's level, after quick_check.
      const schema = await findSchemaProblem(databaseFile);
      problem = schema.problem;
      // Migrating a file another program has open (a newer CLI beside an older app) would change its schema under it.
      if (!problem && holder && schema.pending.length && fs.existsSync(databaseFile) && fs.statSync(databaseFile).size > 0) {
        throw lockedError(databaseFile, holder, 'nâng cấp cấu trúc dữ liệu');
      }
    }
    if (problem) {
      ctxDamage = reportDamage(databaseFile, problem, now());
      if (options.onDamage !== 'report') throw new AppError('DATABASE_DAMAGED', damageMessage(databaseFile, ctxDamage), ctxDamage);
      // Never opened (never written): only the restore can replace it.
      database = unopenedDatabase(databaseFile);
    } else {
      database = (await openLibraryDatabase(databaseFile)).database;
      // A fresh install's school year is the year of today's date (docs/domain.md, "Năm học (school year)").
      if (!options.skipCheck) ensureSchoolSettings(database.sql, now());
      // Who may open straight in, read once now: the desk's first scan and the offloaded calls prepare nothing for it.
      warmAccounts(database.sql);
    }
  } catch (error) {
    throw storageError(error) ?? error;
  }
  const ctx: ServiceContext = {
    database,
    // Read through the database in place now: a restore swaps ctx.database, and ctx.sql follows it.
    get sql() {
      return this.database.sql;
    },
    damage: ctxDamage,
    dataDir: options.dataDir,
    databaseFile,
    mode: options.mode,
    emit,
    now,
    jobs: new JobRegistry((event, payload) => emit(event, payload)),
  };
  if (options.offload) {
    const offload = new Offloader({ dataDir: options.dataDir, databaseFile, mode: options.mode }, emit);
    ctx.offload = offload;
    ctx.jobs.onCancel = (jobId) => offload.cancel(jobId);
  }
  return ctx;
}
