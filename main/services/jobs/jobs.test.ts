import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';

let ctx: TestContext;
const exportsNow = () => (fs.existsSync(`${ctx.dataDir}/exports`) ? fs.readdirSync(`${ctx.dataDir}/exports`).sort() : []);

beforeAll(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 3, copies: 400, students: 60, teachers: 4, now: ctx.now() });
}, 60_000);
afterAll(async () => ctx?.cleanup());

describe("jobs.cancel: any long print stops at its next step with 'Đã hủy'", () => {
  it('a register print (Sổ ĐKCB) is cancelled by its job id and leaves no file; the same id then runs normally', async () => {
    const before = exportsNow();
    expect(await ctx.call('jobs.cancel', { jobId: 'so-dkcb' })).toEqual({ ok: true });
    await expect(ctx.call('registers.print', { kind: 'dkcb', jobId: 'so-dkcb' })).rejects.toMatchObject({ code: 'JOB_CANCELLED', message: 'Đã hủy theo yêu cầu.' });
    expect(exportsNow()).toEqual(before);
    // A cancellation is consumed by the job it stopped: printing again with that id works.
    const r = await ctx.call('registers.print', { kind: 'dkcb', jobId: 'so-dkcb' });
    expect(r.pages).toBeGreaterThan(0);
  });

  it('a label print is cancelled too, and cancelling another id leaves a job alone', async () => {
    await ctx.call('jobs.cancel', { jobId: 'nhan-khac' });
    const ok = await ctx.call('labels.print', { kind: 'spine', templateId: 'L7651', selection: { by: 'all' }, jobId: 'nhan', markPrinted: false });
    expect(ok.labels).toBeGreaterThan(0);
    await ctx.call('jobs.cancel', { jobId: 'nhan' });
    await expect(ctx.call('labels.print', { kind: 'spine', templateId: 'L7651', selection: { by: 'all' }, jobId: 'nhan' })).rejects.toThrow(/^Đã hủy/);
    expect((await ctx.call('labels.selectCopies', { selection: { by: 'unlabelled' } })).total).toBe(ok.labels);
  });

  it('refuses an empty job id', async () => {
    await expect(ctx.call('jobs.cancel', { jobId: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
