import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../main/test-utils';

let ctx: TestContext;
afterEach(async () => ctx?.cleanup());

const root = path.resolve(__dirname, '..');

/** Runs the child, kills it with SIGKILL `delayMs` after it starts writing copies; resolves with what it printed. */
function runAndKill(dbFile: string, batchId: number, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      path.join(__dirname, 'accession-sigkill-child.ts'), dbFile, String(batchId)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    let killScheduled = false;
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('writing') && !killScheduled) {
        killScheduled = true;
        // tsx's cli runs the script in a child of its own: kill the whole process group, as a power cut would.
        setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } }, delayMs);
      }
    });
    child.stderr.on('data', (d) => { err += String(d); });
    child.on('error', reject);
    child.on('close', () => (out.includes('started') ? resolve(out) : reject(new Error(`child failed: ${err}`))));
  });
}

describe('accession survives a SIGKILL mid-save', () => {
  it('leaves all 5,000 copies or none, and the next accession continues without a gap', { timeout: 120_000 }, async () => {
    ctx = await tempContext();
    const series = (await ctx.call('settings.listSeries', {})).find((s) => s.code === 'STK')!;
    const title = await ctx.call('catalogue.saveTitle', { title: 'Từ điển tiếng Việt', authors: ['Hoàng Phê'], seriesId: series.id, publicationYear: 2021 });
    // A first, small accession so numbering does not start at 1.
    const first = await ctx.call('accession.saveDraft', { date: '2026-11-20', source: 'mua', lines: [{ titleId: title.id, quantity: 3, unitPrice: 1000 }] });
    await ctx.call('accession.confirm', { id: first.id });
    const raw = ctx.sql;
    const count = () => (raw.prepare('SELECT COUNT(*) AS n FROM copy').get() as { n: number }).n;

    let killedMidway = 0;
    for (let attempt = 0; attempt < 4 && killedMidway < 2; attempt++) {
      const draft = await ctx.call('accession.saveDraft', { date: '2026-11-26', source: 'cap_phat', lines: [{ titleId: title.id, quantity: 5000, unitPrice: 0, acquisitionMode: 'free' }] });
      const before = count();
      const out = await runAndKill(ctx.databaseFile, draft.id, 200 + attempt * 150);
      const after = count();
      const finished = out.includes('done');
      if (!finished && out.includes('writing')) killedMidway++;
      // All or nothing.
      expect([before, before + 5000]).toContain(after);
      const batch = raw.prepare('SELECT status, register_number AS reg, total_copies AS n FROM accession_batch WHERE id = ?').get(draft.id) as { status: string; reg: number | null; n: number };
      if (after === before) {
        expect(batch.status).toBe('draft');
        expect(batch.reg).toBeNull();
        await ctx.call('accession.deleteDraft', { id: draft.id });
      } else expect(batch.status).toBe('confirmed');
      // The series counter matches the copies exactly: no gap, no reuse.
      const s = raw.prepare(`SELECT next_number AS next, (SELECT MAX(accession_number) FROM copy WHERE series_id = s.id) AS max,
        (SELECT COUNT(*) FROM copy WHERE series_id = s.id) AS n FROM collection_series s WHERE s.code = 'STK'`).get() as { next: number; max: number; n: number };
      expect(s.max).toBe(s.n);
      expect(s.next).toBe(s.max + 1);
    }
    expect(killedMidway).toBeGreaterThan(0);

    // The next accession continues the numbering.
    const maxBefore = (raw.prepare('SELECT MAX(accession_number) AS m FROM copy').get() as { m: number }).m;
    const next = await ctx.call('accession.saveDraft', { date: '2026-11-27', source: 'mua', lines: [{ titleId: title.id, quantity: 2, unitPrice: 1000 }] });
    const done = await ctx.call('accession.confirm', { id: next.id });
    expect(done.lines[0].codes).toEqual([`STK${String(maxBefore + 1).padStart(6, '0')}`, `STK${String(maxBefore + 2).padStart(6, '0')}`]);
    const regs = raw.prepare("SELECT register_number FROM accession_batch WHERE status = 'confirmed' ORDER BY register_number").pluck().all() as number[];
    expect(regs).toEqual(regs.map((_, i) => i + 1));
  });
});
