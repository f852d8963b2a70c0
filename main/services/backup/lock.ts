import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatDateTime } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';

/**
 * The database lock: a file `kesach.db.lock` beside the database, created exclusively (`wx`) by the
 * process that keeps the database open for long (the app in either mode, the CLI `opac`) or changes
 * it wholesale (`restore`, `init`, `demo`), holding its process id, its start time when the system
 * tells it (Linux: /proc/PID/stat, so a reused pid is told apart) and the host. It is removed when
 * that process ends cleanly. A lock whose process is gone (crash, kill, power cut) is no lock: the
 * next one to ask takes it over. Pure Node, the same on Windows, macOS and Linux (`process.kill(pid,
 * 0)` answers whether a pid lives on all three).
 */
export const lockFileFor = (databaseFile: string) => `${path.resolve(databaseFile)}.lock`;

export interface LockRecord {
  pid: number;
  /** The process's start as the system counts it (Linux clock ticks since boot); null where it cannot be read. */
  start: string | null;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Who holds it, in words ("Kệ Sách (chế độ trình duyệt)", "Kệ Sách — dòng lệnh restore"). */
  program: string;
}

export interface DatabaseLock {
  readonly file: string;
  release(): void;
}

/** Locks this process holds, by lock file, with how many holders inside the process share each. */
const held = new Map<string, number>();
let exitHookInstalled = false;

/** Start time of a process without spawning anything (Linux /proc); null elsewhere or when it cannot be read. */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (command) ": state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function readRecord(file: string): LockRecord | null {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockRecord>;
    if (typeof r.pid !== 'number' || !Number.isInteger(r.pid) || r.pid <= 0) return null;
    return { pid: r.pid, start: r.start ?? null, host: r.host ?? '', since: r.since ?? '', program: r.program ?? 'Kệ Sách' };
  } catch {
    return null;
  }
}

/** Is the process that wrote this record still running? Another machine's process (a shared folder) counts as running. */
export function holderAlive(record: LockRecord): boolean {
  if (record.host && record.host !== os.hostname()) return true;
  // Our own pid on a lock this process does not hold: a previous process had the same pid.
  if (record.pid === process.pid) return false;
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: the pid lives, under another user.
  }
  const start = processStart(record.pid);
  return !(record.start && start && start !== record.start);
}

/** The live holder of the database's lock other than this process, or null (no lock, a stale one, or our own). */
export function otherLockHolder(databaseFile: string): LockRecord | null {
  const file = lockFileFor(databaseFile);
  if (held.has(file)) return null;
  if (!fs.existsSync(file)) return null;
  const record = readRecord(file);
  if (!record) return freshUnreadable(file) ? { pid: 0, start: null, host: '', since: '', program: 'Kệ Sách' } : null;
  return holderAlive(record) ? record : null;
}

/** A lock file that cannot be read yet may be one being written this very moment (a few ms): held for 10 seconds. */
function freshUnreadable(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 10_000;
  } catch {
    return false;
  }
}

/**
 * The refusal when another program holds the database: who, since when, and that nothing changed.
 * `doing` says what was refused ("khôi phục", "tạo dữ liệu mẫu").
 */
export function lockedError(databaseFile: string, record: LockRecord, doing: string): AppError {
  const who = [
    record.program || 'Kệ Sách',
    record.pid ? `mã tiến trình ${record.pid}` : '',
    record.host && record.host !== os.hostname() ? `trên máy ${record.host}` : '',
    record.since && formatDateTime(record.since) ? `mở từ ${formatDateTime(record.since)}` : '',
  ].filter(Boolean).join(', ');
  return new AppError('LOCKED',
    `Một chương trình khác (${who}) vẫn đang dùng cơ sở dữ liệu ${path.resolve(databaseFile)}, nên chưa ${doing} được. ` +
    'Hãy đóng chương trình đó rồi thử lại. Dữ liệu hiện tại không bị thay đổi. ' +
    `(Nếu chắc chắn không còn chương trình nào đang mở, xóa tệp ${path.basename(lockFileFor(databaseFile))} cạnh tệp dữ liệu.)`,
    { holder: record });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that ends without releasing (process.exit after an error) still leaves no lock behind.
  process.on('exit', () => {
    for (const file of held.keys()) removeIfOurs(file);
  });
}

function removeIfOurs(file: string): void {
  try {
    if (readRecord(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

/**
 * Takes the database's lock for this process (shared by every holder inside it: the app's own restore
 * holds it again), or throws the Vietnamese LOCKED AppError naming the live holder; a stale lock (its
 * process is gone) is taken over. `doing` words the refusal.
 */
export function acquireDatabaseLock(databaseFile: string, program: string, doing: string): DatabaseLock {
  const file = lockFileFor(databaseFile);
  const release = () => {
    const n = (held.get(file) ?? 1) - 1;
    if (n > 0) held.set(file, n);
    else if (held.delete(file)) removeIfOurs(file);
  };
  const handle = (): DatabaseLock => {
    let released = false;
    return { file, release: () => { if (!released) { released = true; release(); } } };
  };
  if (held.has(file)) {
    held.set(file, held.get(file)! + 1);
    return handle();
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const record: LockRecord = { pid: process.pid, start: processStart(process.pid), host: os.hostname(), since: new Date().toISOString(), program };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const other = readRecord(file);
      if (other ? holderAlive(other) : freshUnreadable(file)) {
        throw lockedError(databaseFile, other ?? { pid: 0, start: null, host: '', since: '', program: 'Kệ Sách' }, doing);
      }
      takeOver(file, other);
      continue;
    }
    try {
      fs.writeSync(fd, JSON.stringify(record));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    held.set(file, 1);
    installExitHook();
    return handle();
  }
  throw lockedError(databaseFile, readRecord(file) ?? { pid: 0, start: null, host: '', since: '', program: 'Kệ Sách' }, doing);
}

/**
 * Moves a stale lock out of the way. Renaming is atomic: if two processes take over at once, only one
 * moves the stale file; if what was moved is not the stale record (a live process has just taken the
 * lock), it is put back.
 */
function takeOver(file: string, stale: LockRecord | null): void {
  const aside = `${file}.${process.pid}.${Date.now()}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readRecord(aside);
  const same = (!moved && !stale) || (!!moved && !!stale && moved.pid === stale.pid && moved.since === stale.since);
  if (same) fs.rmSync(aside, { force: true });
  else if (!fs.existsSync(file)) fs.renameSync(aside, file);
}
