import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openContext } from './app-context';
import { runStatement } from './db/sql';
import type { ServiceContext } from './services/context';
import { dispatch } from './services/dispatch';
import type { MethodInput, MethodName, MethodOutput } from '../shared/contract';

export interface TestContext extends ServiceContext {
  events: { event: string; payload: unknown }[];
  /** Calls a contract method through dispatch (validation included) and unwraps the value. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /**
   * A test's own SQL (checks and set-ups the contract does not offer) on the current connection: the
   * rows of a read, [] after a write. Rows are untyped, as the test knows what it selected.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's ad-hoc rows
  query(text: string, params?: unknown[]): Promise<any[]>;
  cleanup(): Promise<void>;
}

/** A real SQLite file in a fresh temp folder, migrated, with a fixed clock unless given. */
export async function tempContext(options: { now?: Date } = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-test-'));
  const events: { event: string; payload: unknown }[] = [];
  const now = options.now ?? new Date('2026-11-26T09:00:00+07:00');
  const ctx = await openContext({ dataDir, mode: 'cli', emit: (event, payload) => events.push({ event, payload }), now: () => now });
  return Object.assign(ctx, {
    events,
    async call<M extends MethodName>(method: M, input: MethodInput<M>) {
      const r = await dispatch(ctx, method, input);
      if (!r.ok) throw Object.assign(new Error(r.message), { code: r.code, details: r.details });
      return r.value as MethodOutput<M>;
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's ad-hoc rows
    async query(text: string, params: unknown[] = []): Promise<any[]> {
      return runStatement(ctx.sql, text, params);
    },
    async cleanup() {
      await ctx.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Fixture files copied into the project (e2e/fixtures) so a clone tests on its own. */
export function fixturePath(name: string): string {
  return path.resolve(__dirname, '..', 'e2e', 'fixtures', name);
}
