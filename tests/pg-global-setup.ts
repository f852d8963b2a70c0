/**
 * vitest globalSetup: one PostgreSQL per test run, started lazily. The run's main process keeps a small
 * loopback HTTP broker; the first test file that calls `freshPgDatabase()` (tests/pg.ts) makes it start
 * the cluster, and every call gets a new database. A run without union tests never starts PostgreSQL.
 * The cluster is stopped and its data directory removed when the run ends.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startPostgres, type PgCluster } from './pg';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: Promise<PgCluster> | null = null;
  const broker = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST' || url.pathname !== '/database') { res.writeHead(404).end(); return; }
    cluster ??= startPostgres();
    cluster
      .then((c) => c.createDatabase(url.searchParams.get('prefix') ?? 't'))
      .then((dbUrl) => res.writeHead(200, { 'content-type': 'text/plain' }).end(dbUrl))
      .catch((e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(e.message));
  });
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
  project.provide('pgBroker', `http://127.0.0.1:${(broker.address() as AddressInfo).port}`);
  return async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    if (cluster) await (await cluster.catch(() => null))?.stop();
  };
}
