import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/errors';
import type { Actor } from '../../db/actor';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';

/**
 * Đặt trước (issue 22 acceptance: "order kept under concurrent places"): reservations placed truly at the same time,
 * each from its own worker thread with its own connection to the one SQLite file (WAL, busy_timeout as the app
 * opens it) — the desk, the OPAC's thread and the offload worker are such connections. The threads are the offload
 * worker of the browser-mode bundle (tests/workers-global-setup.ts), started here one per placer; each blocks on a
 * shared start flag (Atomics.wait) with its `reservations.place` already queued, and all are released at once.
 */

let ctx: TestContext;
const one = <T>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]) => ctx.sql.prepare(sql).all(...params) as T[];
const TITLE = 'Tuổi thơ dữ dội'; // two copies, both lent below
const titleId = () => one<{ id: number }>('SELECT id FROM title WHERE title = ?', TITLE).id;

const ACTOR: Actor = { accountId: null, name: 'Kiểm thử đặt trước đồng thời', role: null, roleLabel: '' };

/**
 * The bundle's worker, behind a start barrier: a message `{type: 'cancel', jobId: 'barrier'}` makes the thread say
 * 'armed' and block until the flag turns 1 (the worker's own handler then sees a harmless cancel of no job).
 */
const BARRIER = `
const { parentPort, workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.flag);
parentPort.on('message', (m) => {
  if (m && m.type === 'cancel' && m.jobId === 'barrier') {
    parentPort.postMessage({ type: 'armed' });
    Atomics.wait(flag, 0, 0);
  }
});
require(workerData.entry);
`;

class Placer {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private onArmed: (() => void) | null = null;

  constructor(flag: SharedArrayBuffer) {
    const bundle = process.env.KESACH_TEST_WORKERS;
    if (!bundle) throw new Error('KESACH_TEST_WORKERS is not set: run through Vitest (tests/workers-global-setup.ts)');
    this.worker = new Worker(BARRIER, {
      eval: true,
      workerData: { flag, entry: path.join(bundle, 'worker.js'), dataDir: ctx.dataDir, databaseFile: ctx.databaseFile, mode: 'cli' },
    });
    this.worker.on('message', (m: { type: string; id?: number; result?: Result<unknown> }) => {
      if (m.type === 'armed') this.onArmed?.();
      else if (m.type === 'result' && m.id !== undefined) {
        this.pending.get(m.id)?.(m.result!);
        this.pending.delete(m.id);
      }
    });
    this.worker.on('error', (e) => { for (const resolve of this.pending.values()) resolve({ ok: false, code: 'WORKER_FAILED', message: String(e) }); });
  }

  call(method: string, input: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ type: 'call', id, method, input, actor: ACTOR });
    });
  }

  /** Blocks the thread at the barrier, then queues the call behind it: the result once the flag is raised. */
  armed(method: string, input: unknown): { armed: Promise<void>; result: Promise<Result<unknown>> } {
    const armed = new Promise<void>((resolve) => { this.onArmed = resolve; });
    this.worker.postMessage({ type: 'cancel', jobId: 'barrier' });
    return { armed, result: this.call(method, input) };
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Every call at once, one thread each: the results in the order given. */
async function atOnce(calls: readonly (readonly [method: string, input: unknown])[]): Promise<Result<unknown>[]> {
  const flag = new SharedArrayBuffer(4);
  const placers = calls.map(() => new Placer(flag));
  try {
    // Each thread has opened its connection and run a read before the start (so the start is the call itself).
    for (const r of await Promise.all(placers.map((p) => p.call('reservations.list', { titleId: titleId() })))) expect(r.ok).toBe(true);
    const runs = placers.map((p, i) => p.armed(calls[i][0], calls[i][1]));
    await Promise.all(runs.map((r) => r.armed));
    const start = new Int32Array(flag);
    Atomics.store(start, 0, 1);
    Atomics.notify(start, 0);
    return await Promise.all(runs.map((r) => r.result));
  } finally {
    await Promise.all(placers.map((p) => p.close()));
  }
}

/** The place audit rows in commit order: which reservation, and the position the audit recorded. */
const placeAudit = () => all<{ entityId: number; details: string }>(
  "SELECT entity_id AS entityId, details FROM audit_log WHERE action = 'reservation.place' ORDER BY id",
).map((a) => ({ id: a.entityId, position: (JSON.parse(a.details) as { position: number }).position }));

beforeEach(async () => {
  ctx = await tempContext();
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  const borrowers = all<{ id: number }>("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 2 OFFSET 20").map((r) => r.id);
  const copies = all<{ code: string }>('SELECT accession_code AS code FROM copy WHERE title_id = ? ORDER BY id', titleId());
  for (const [i, c] of copies.entries()) await ctx.call('circulation.checkout', { readerId: borrowers[i], code: c.code });
});
afterEach(async () => ctx.cleanup());

describe('reservations placed at the same instant from several connections', () => {
  it('all succeed (no SQLITE_BUSY), positions 1..N without gap or duplicate, queue order = commit order; the same reader twice: exactly one; a desk loan meanwhile too', async () => {
    const readers = all<{ id: number }>("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 3").map((r) => r.id);
    // Three different readers, and the first of them a second time from a fourth thread (a thread costs ~0,4 CPU-s);
    // a fifth lends another title at the desk meanwhile: its checks read before it writes, like a place's.
    const free = one<{ code: string }>("SELECT accession_code AS code FROM copy WHERE status = 'available' ORDER BY id LIMIT 1").code;
    const lender = one<{ id: number }>("SELECT id FROM reader WHERE kind = 'student' ORDER BY id LIMIT 1 OFFSET 10").id;
    const place = (readerId: number) => ['reservations.place', { titleId: titleId(), readerId }] as const;
    const [lent, ...results] = await atOnce([['circulation.checkout', { readerId: lender, code: free }], ...readers.map(place), place(readers[0])]);
    expect(lent).toMatchObject({ ok: true });

    const twice = [results[0], results[3]];
    // Different readers: every place succeeded (a busy database is not a reason to refuse a reader).
    expect(results.slice(1, 3).filter((r) => !r.ok)).toEqual([]);
    // The same reader twice: one place, the other refused in Vietnamese — never SQLite's words or a lock message.
    const refused = results.filter((r): r is Extract<Result<unknown>, { ok: false }> => !r.ok);
    expect(twice.filter((r) => r.ok)).toHaveLength(1);
    expect(refused.map((r) => r.code)).toEqual(['ALREADY_RESERVED']);
    expect(refused[0].message).toMatch(/^Trương Kim Hoa đã đặt trước «Tuổi thơ dữ dội»/);

    // The queue: each reader once, positions 1..3, in id order.
    const queue = all<{ id: number; readerId: number }>(
      "SELECT id, reader_id AS readerId FROM reservation WHERE title_id = ? AND status = 'waiting' ORDER BY id", titleId());
    expect(queue.map((q) => q.readerId).sort((a, b) => a - b)).toEqual([...readers].sort((a, b) => a - b));
    const listed = (await ctx.call('reservations.list', { titleId: titleId() })).map((r) => [r.id, r.position]);
    expect(listed).toEqual(queue.map((q, i) => [q.id, i + 1]));
    // What each placer was told, and the audit, agree with the queue: the position given at the place is the
    // position in the queue, and the audit rows (commit order) list the reservations in queue order, 1..3.
    const told = results.filter((r) => r.ok).map((r) => r.value as { id: number; position: number });
    expect(told.map((t) => [t.id, t.position]).sort((a, b) => a[0] - b[0])).toEqual(listed);
    expect(placeAudit()).toEqual(queue.map((q, i) => ({ id: q.id, position: i + 1 })));
  });
});
