import { spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../../app-context';
import { integrityCheck, libraryCounts } from '../../db/queries/backup';
import { openSqlFile } from '../../db/sql';
import { generateDemo } from '../demo';
import { backupNow } from './backups';
import { findDamage } from './check';

const root = path.resolve(__dirname, '..', '..', '..');
const child = path.join(__dirname, 'restore-kill.child.ts');
let dir: string;
let childBundle: string;
let template: string;
let backupFile: string;
let oldCounts: ReturnType<typeof libraryCounts>;
let newCounts: ReturnType<typeof libraryCounts>;

interface Child {
  kill(): void;
  /**
   * Restores `databaseFile`; kills the process `killAfterMs` after the line `from` ("ready", or a
   * step such as "step:backed-up"; null: let it finish). Returns when each line came, in ms after ready.
   */
  run(databaseFile: string, killAfterMs: number | null, from?: string): Promise<{ ms: number; finished: boolean; marks: Record<string, number> }>;
}

/** Starts a child and resolves once its modules are loaded (start-up is outside the measured window). */
function startChild(): Promise<Child> {
  // The bundled child runs in this very process (tsx's CLI would run it in a grandchild the kill would miss).
  const p = spawn(process.execPath, [childBundle], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stderr.on('data', (c) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));
  let onLine: (line: string) => void = () => undefined;
  let seenLines = 0;
  const loaded = new Promise<void>((resolve, reject) => {
    p.stdout.on('data', (c) => {
      out += c.toString();
      if (out.includes('loaded')) resolve();
      const lines = out.split('\n').slice(0, -1);
      for (; seenLines < lines.length; seenLines++) onLine(lines[seenLines]);
    });
    void exited.then(() => reject(new Error(`child exited early: ${err}`)));
  });
  return loaded.then(() => ({
    kill: () => p.kill('SIGKILL'),
    async run(databaseFile, killAfterMs, from = 'ready') {
      let readyAt = 0;
      const marks: Record<string, number> = {};
      onLine = (line) => {
        if (line === 'ready') readyAt = performance.now();
        if (readyAt) marks[line] = performance.now() - readyAt;
        if (line === from && killAfterMs !== null) setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      };
      p.stdin.write(`${databaseFile}\t${backupFile}\n`);
      const { code, signal } = await exited;
      if (code !== 0 && signal !== 'SIGKILL') throw new Error(`child failed (${code}): ${err}`);
      return { ms: performance.now() - readyAt, finished: out.includes('done'), marks };
    },
  }));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-restore-kill-'));
  // The child is bundled once (esbuild, which tsx runs on): it then starts in well under a second.
  childBundle = path.join(root, 'node_modules', '.cache', `restore-kill-child-${process.pid}.cjs`);
  fs.mkdirSync(path.dirname(childBundle), { recursive: true });
  buildSync({ entryPoints: [child], bundle: true, platform: 'node', format: 'cjs', outfile: childBundle, external: ['better-sqlite3', 'typeorm', 'reflect-metadata'], logLevel: 'error' });
  const ctx = await openContext({ dataDir: path.join(dir, 'build'), mode: 'cli' });
  // A large library: 15,000 copies, 1,500 students, 30,000 loans (an 11 MB file).
  await generateDemo(ctx.sql, { seed: 7, copies: 15_000, students: 1_500, loans: 30_000, now: new Date('2026-11-20T10:00:00+07:00') });
  const entry = await backupNow(ctx.databaseFile, 'auto', new Date());
  backupFile = path.join(dir, 'build', 'backups', entry.file);
  newCounts = entry.counts!;
  // The database then moves on: the backup differs from it.
  const sql = ctx.sql;
  sql.pragma('foreign_keys = OFF');
  sql.prepare('DELETE FROM loan WHERE id % 7 = 0').run();
  sql.prepare('DELETE FROM copy WHERE id % 11 = 0 AND id NOT IN (SELECT copy_id FROM loan)').run();
  oldCounts = libraryCounts(sql);
  await ctx.database.close();
  template = path.join(dir, 'template.db');
  fs.copyFileSync(ctx.databaseFile, template);
  expect(oldCounts).not.toEqual(newCounts);
}, 120_000);
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(childBundle, { force: true });
});

describe('restore under SIGKILL', () => {
  it('leaves the old or the new database, whole, at 20 random moments', async () => {
    // How long one whole restore takes, so the kills fall inside it.
    const fullDir = path.join(dir, 'full');
    fs.mkdirSync(fullDir);
    fs.copyFileSync(template, path.join(fullDir, 'kesach.db'));
    let next = startChild();
    const full = await (await next).run(path.join(fullDir, 'kesach.db'), null);
    expect(full.finished).toBe(true);

    const seen = { old: 0, new: 0 };
    const leftovers: string[] = [];
    next = startChild();
    for (let i = 0; i < 20; i++) {
      const runDir = path.join(dir, `run-${i}`);
      fs.mkdirSync(runDir);
      const db = path.join(runDir, 'kesach.db');
      fs.copyFileSync(template, db);
      // Stratified random moments: ten spread over the whole restore (stretched past its end, where it
      // may run slower than the measured one), ten in the swap itself (from the end of the backup of
      // the current database to a little after the rename).
      const swap = i >= 10;
      const from = swap ? 'step:backed-up' : 'ready';
      const span = swap ? full.marks['step:swapped'] - full.marks['step:backed-up'] + 20 : full.ms * 1.5;
      const delay = (((i % 10) + Math.random()) / 10) * span;
      const current = await next;
      // The next child loads while this one restores and is checked.
      next = startChild();
      const r = await current.run(db, delay, from);
      if (process.env.KILL_DEBUG) console.log(i, from, delay.toFixed(0), r.ms.toFixed(0), r.finished, JSON.stringify(r.marks));
      const sql = openSqlFile(db);
      try {
        expect(integrityCheck(sql), `lần ${i}, dừng ${delay.toFixed(0)} ms sau ${from}`).toEqual(['ok']);
        const counts = libraryCounts(sql);
        const which = JSON.stringify(counts) === JSON.stringify(oldCounts) ? 'old' : JSON.stringify(counts) === JSON.stringify(newCounts) ? 'new' : 'neither';
        expect(which, `lần ${i}, dừng ${delay.toFixed(0)} ms sau ${from}: ${JSON.stringify(counts)}`).not.toBe('neither');
        seen[which as 'old' | 'new']++;
      } finally {
        sql.close();
      }
      // What the app's open checks first: quick_check finds nothing.
      expect(findDamage(db)).toBeNull();
      if (fs.existsSync(`${db}.khoi-phuc.tmp`)) leftovers.push(runDir);
    }
    // A restore killed after copying leaves its copy beside the database; the next open removes it.
    for (const runDir of leftovers.slice(0, 2)) {
      const ctx = await openContext({ dataDir: runDir, mode: 'cli' });
      await ctx.database.close();
      expect(fs.existsSync(path.join(runDir, 'kesach.db.khoi-phuc.tmp'))).toBe(false);
    }
    (await next).kill();
    console.log(`20 lần dừng đột ngột (khôi phục ${full.ms.toFixed(0)} ms, đổi tệp ${(full.marks['step:swapped'] - full.marks['step:backed-up']).toFixed(0)} ms): ${seen.old} lần còn dữ liệu cũ, ${seen.new} lần đã là bản khôi phục, ${leftovers.length} lần để lại bản chép dở.`);
  }, 120_000);
});
