import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../app-context';
import type { ServiceContext } from './context';
import { generateDemo } from './demo';
import { dispatch } from './dispatch';
import { samplePdf } from '../../tests/digital-samples';

let ctx: ServiceContext;
let dataDir: string;
const events: { event: string; payload: unknown }[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-offload-'));
  ctx = await openContext({ dataDir, mode: 'browser', offload: true, emit: (event, payload) => events.push({ event, payload }) });
  await generateDemo(ctx.sql, { seed: 1, now: new Date('2026-11-26T09:00:00+07:00') });
});
afterAll(async () => {
  await ctx.offload?.close();
  await ctx.database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Counts statements the main thread's own connection prepares while `work` runs. */
async function mainThreadStatements(work: () => Promise<unknown>): Promise<number> {
  const raw = ctx.sql;
  const original = raw.prepare.bind(raw);
  let count = 0;
  raw.prepare = ((sql: string) => { count++; return original(sql); }) as typeof raw.prepare;
  try {
    await work();
  } finally {
    raw.prepare = original;
  }
  return count;
}

describe('heavy calls run on a worker thread', () => {
  it('prints a register on the worker: the main connection runs no query, progress still arrives', async () => {
    let result: Awaited<ReturnType<typeof dispatch>> | undefined;
    const used = await mainThreadStatements(async () => {
      result = await dispatch(ctx, 'registers.print', { kind: 'dkcb', series: 'STN', jobId: 'job-offload' });
    });
    expect(result).toMatchObject({ ok: true });
    const file = (result as { value: { path: string } }).value.path;
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(used).toBe(0);
    expect(events.some((e) => e.event === 'jobs.progress' && (e.payload as { jobId: string }).jobId === 'job-offload')).toBe(true);
  });

  it('validates input on the worker and answers errors as data', async () => {
    const r = await dispatch(ctx, 'registers.print', { kind: 'không-có' });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('hashes and stores an uploaded digital resource on the worker, with progress; the upload itself stays on the main thread', async () => {
    const pdf = Buffer.concat([samplePdf(), Buffer.alloc(3 * 1024 * 1024)]);
    const begin = await dispatch(ctx, 'digital.uploadBegin', { fileName: 'de-men.pdf', size: pdf.length });
    const { uploadId, chunkBytes } = (begin as { value: { uploadId: string; chunkBytes: number } }).value;
    for (let offset = 0; offset < pdf.length; offset += chunkBytes) {
      expect(await dispatch(ctx, 'digital.uploadChunk', { uploadId, offset, base64: pdf.subarray(offset, offset + chunkBytes).toString('base64') })).toMatchObject({ ok: true });
    }
    const titleId = (ctx.sql.prepare("SELECT id FROM title WHERE title = 'Dế Mèn phiêu lưu ký'").get() as { id: number }).id;
    let r: Awaited<ReturnType<typeof dispatch>> | undefined;
    const used = await mainThreadStatements(async () => {
      r = await dispatch(ctx, 'digital.add', { titleId, uploadId, access: 'public', jobId: 'job-digital' });
    });
    expect(r).toMatchObject({ ok: true, value: { titleId, mime: 'application/pdf', size: pdf.length } });
    expect(used).toBe(0);
    const progress = events.filter((e) => e.event === 'jobs.progress' && (e.payload as { jobId: string }).jobId === 'job-digital');
    expect(progress.at(-1)?.payload).toMatchObject({ done: pdf.length, total: pdf.length });
  });

  it('keeps ordinary calls on the main thread', async () => {
    const used = await mainThreadStatements(() => dispatch(ctx, 'withdrawal.lostCopies', {}));
    expect(used).toBeGreaterThan(0);
  });
});
