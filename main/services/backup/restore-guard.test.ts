import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../e2e/server';
import { openContext } from '../../app-context';
import { libraryCounts } from '../../db/queries/backup';
import { openSqlFile } from '../../db/sql';
import { describeAudit } from '../audit/describe';
import { generateDemo } from '../demo';
import { backupNow } from './backups';
import { acquireDatabaseLock, lockFileFor } from './lock';
import { restoreDatabase } from './restore';

/**
 * Issue 17, cases 2, 3 and 5: a restore is refused while another program holds the database (the
 * lock, not file sizes), installs exactly the copy it checked and counted (a candidate's -wal
 * included), and refuses a file whose schema is not what the migrations make (also at open).
 */
const root = path.resolve(__dirname, '..', '..', '..');
/** The CLI as scripts run it (`npm run cli`: the esbuild bundle, rebuilt when a source is newer). */
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'scripts', 'cli.mjs'), ...args], { cwd: root, encoding: 'utf8' });
const sha = (file: string) => (fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : null);
const files = (db: string) => [db, `${db}-wal`, `${db}-shm`].map(sha);
const countsOf = (file: string) => {
  const sql = openSqlFile(file, { readonly: true });
  try {
    return libraryCounts(sql);
  } finally {
    sql.close();
  }
};

let dir: string;
/** A small verified backup of a demo library (rollback journal, one file). */
let backupFile: string;
const dirs: string[] = [];
const fresh = (label: string) => {
  const d = fs.mkdtempSync(path.join(dir, `${label}-`));
  dirs.push(d);
  return d;
};

/** A data folder holding a copy of the demo library, with a fresh verified backup (so no backup is due at start). */
async function library(label: string): Promise<string> {
  const d = fresh(label);
  fs.copyFileSync(backupFile, path.join(d, 'kesach.db'));
  await backupNow(path.join(d, 'kesach.db'), 'auto', new Date());
  return path.join(d, 'kesach.db');
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-restore-guard-'));
  const ctx = await openContext({ dataDir: path.join(dir, 'build'), mode: 'cli' });
  await generateDemo(ctx.sql, { seed: 4, copies: 300, students: 50, loans: 90, now: new Date('2026-11-20T10:00:00+07:00') });
  await ctx.database.close();
  backupFile = path.join(dir, 'build', 'backups', (await backupNow(ctx.databaseFile, 'manual', new Date())).file);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('case 2: a restore while another program holds the database', () => {
  it('the CLI restore (and init) is refused while browser mode runs: Vietnamese message, files untouched, the next loan lands in the file', async () => {
    const db = await library('serve');
    const server = await startServer({ dataDir: path.dirname(db) });
    try {
      expect(JSON.parse(fs.readFileSync(lockFileFor(db), 'utf8')).pid).toBeGreaterThan(0);
      const before = files(db);
      const refused = cli('restore', backupFile, '--db', db);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('Một chương trình khác (Kệ Sách (chế độ trình duyệt)');
      expect(refused.stderr).toContain('vẫn đang dùng cơ sở dữ liệu');
      expect(refused.stderr).toContain('Dữ liệu hiện tại không bị thay đổi');
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      const init = cli('init', '--db', db);
      expect(init.status).not.toBe(0);
      expect(init.stderr).toContain('nên chưa khởi tạo hay nâng cấp được');
      expect(files(db)).toEqual(before);
      expect(fs.readdirSync(path.dirname(db)).filter((f) => f.includes('khoi-phuc'))).toEqual([]);

      // The desk goes on: its next loan is in the file on disk (not in a deleted one).
      const { origin, searchParams } = new URL(server.url);
      const pick = new Database(db, { readonly: true });
      const reader = pick.prepare("SELECT id FROM reader WHERE kind = 'staff' AND active = 1 ORDER BY id LIMIT 1").pluck().get() as number;
      const code = pick.prepare("SELECT accession_code FROM copy WHERE status = 'available' ORDER BY id LIMIT 1").pluck().get() as string;
      pick.close();
      const r = await fetch(`${origin}/api/call/circulation.checkout`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-kesach-token': searchParams.get('token')! },
        body: JSON.stringify({ readerId: reader, code, overrideReason: 'kiểm thử' }),
      }).then((res) => res.json() as Promise<{ ok: boolean; value: { loan: { id: number } } }>);
      expect(r.ok).toBe(true);
      const check = new Database(db, { readonly: true });
      expect(check.prepare('SELECT COUNT(*) FROM loan WHERE id = ?').pluck().get(r.value.loan.id)).toBe(1);
      check.close();
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(lockFileFor(db))).toBe(false);
  }, 90_000);

  it('a lock whose process has ended (or whose pid now belongs to another process) is taken over; a live one refuses', async () => {
    const db = await library('stale');
    const before = countsOf(db);
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const record = (pid: number, start: string | null) => JSON.stringify({ pid, start, host: os.hostname(), since: '2026-12-01T01:00:00.000Z', program: 'Kệ Sách' });
      fs.writeFileSync(lockFileFor(db), record(live.pid!, null));
      const sha0 = files(db);
      await expect(restoreDatabase({ databaseFile: db, source: backupFile, now: new Date(), damaged: false, close: async () => undefined }))
        .rejects.toThrow(/Một chương trình khác \(Kệ Sách, mã tiến trình \d+, mở từ 01\/12\/2026/);
      expect(files(db)).toEqual(sha0);
      if (fs.existsSync(`/proc/${live.pid}/stat`)) {
        // The same pid, started at another moment: a reused pid, not the holder.
        fs.writeFileSync(lockFileFor(db), record(live.pid!, '1'));
        const lock = acquireDatabaseLock(db, 'kiểm thử', 'kiểm thử');
        expect(JSON.parse(fs.readFileSync(lockFileFor(db), 'utf8')).pid).toBe(process.pid);
        lock.release();
        expect(fs.existsSync(lockFileFor(db))).toBe(false);
      }
      // The holder crashes: its lock stays behind, and the restore takes it over.
      fs.writeFileSync(lockFileFor(db), record(live.pid!, null));
      live.kill('SIGKILL');
      await new Promise((resolve) => live.once('exit', resolve));
      const { database } = await restoreDatabase({ databaseFile: db, source: backupFile, now: new Date(), damaged: false, close: async () => undefined });
      await database.close();
      expect(countsOf(db)).toEqual(before);
      expect(fs.existsSync(lockFileFor(db))).toBe(false);
    } finally {
      live.kill('SIGKILL');
    }
  }, 60_000);
});

describe('case 3: the checked copy is the installed copy', () => {
  it('a candidate whose last changes are in its -wal: the counts shown are the counts installed, the candidate untouched', async () => {
    const db = await library('wal');
    // A copied data folder: kesach.db plus a -wal holding the last changes (7 loans deleted).
    const origin = path.join(fresh('origin'), 'kesach.db');
    fs.copyFileSync(backupFile, origin);
    const writer = new Database(origin);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare('DELETE FROM loan WHERE id IN (SELECT id FROM loan ORDER BY id DESC LIMIT 7)').run();
    const copied = path.join(fresh('copied'), 'kesach.db');
    fs.copyFileSync(origin, copied);
    fs.copyFileSync(`${origin}-wal`, `${copied}-wal`);
    const throughWal = libraryCounts(writer);
    writer.close();
    expect(fs.statSync(`${copied}-wal`).size).toBeGreaterThan(0);
    expect(throughWal.loans).toBe(countsOf(backupFile).loans - 7);
    const candidate = [copied, `${copied}-wal`].map(sha);

    const { result, database } = await restoreDatabase({ databaseFile: db, source: copied, now: new Date('2026-12-01T08:00:00Z'), damaged: false, close: async () => undefined });
    await database.close();
    expect(result.counts).toEqual(throughWal);
    expect(countsOf(db)).toEqual(result.counts);
    // Read from a copy: nothing written beside the candidate (no -shm, no checkpoint).
    expect([copied, `${copied}-wal`].map(sha)).toEqual(candidate);
    expect(fs.existsSync(`${copied}-shm`)).toBe(false);

    // The restored database says where it came from, in the Nhật ký's words.
    const sql = openSqlFile(db, { readonly: true });
    const row = sql.prepare("SELECT action, entity, details FROM audit_log WHERE action = 'backup.restore'").get() as { action: string; entity: string; details: string };
    sql.close();
    expect(JSON.parse(row.details)).toMatchObject({ from: 'kesach.db', counts: throughWal });
    expect(describeAudit(row.action, row.entity, row.details)).toMatch(/^Khôi phục dữ liệu từ bản sao lưu «kesach\.db» \(\d+ đầu sách, .* lượt mượn\)\. Dữ liệu trước đó được giữ trong bản sao lưu «kesach-truoc-khoi-phuc-\d{8}-\d{6}\.db»\.$/);
  }, 60_000);
});

describe('case 5: the schema the migrations make, not migration names', () => {
  const hostile: [string, string, (sql: Database.Database) => void][] = [
    ['only the migrations table', 'Thiếu bảng audit_log', (sql) => {
      for (const t of sql.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) sql.exec(`DROP TRIGGER "${t}"`);
      sql.exec('DROP TABLE title_fts');
      for (;;) {
        const t = sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' LIMIT 1").pluck().get() as string | undefined;
        if (!t) break;
        sql.exec(`DROP TABLE "${t}"`);
      }
    }],
    ['loan dropped', 'Thiếu bảng loan', (sql) => sql.exec('DROP TABLE loan')],
    ['audit triggers dropped', 'Thiếu trigger audit_log_no_delete của nhật ký', (sql) =>
      sql.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_replace')],
    ['an extra trigger deleting every loan', 'Thừa trigger xoa_muon (bảng reader)', (sql) =>
      sql.exec('CREATE TRIGGER xoa_muon AFTER UPDATE ON reader BEGIN DELETE FROM loan; END')],
  ];

  it.each(hostile)('%s: refused by restore, nothing changed; refused at open, never written', async (_label, names, spoil) => {
    const file = path.join(fresh('hostile'), 'kesach.db');
    fs.copyFileSync(backupFile, file);
    const spoiler = new Database(file);
    spoiler.pragma('foreign_keys = OFF');
    spoil(spoiler);
    spoiler.close();

    const db = await library('target');
    const before = files(db);
    const backups = fs.readdirSync(path.join(path.dirname(db), 'backups')).sort();
    const refused = restoreDatabase({ databaseFile: db, source: file, now: new Date(), damaged: false, close: async () => undefined });
    await expect(refused).rejects.toMatchObject({ code: 'RESTORE_REFUSED' });
    await expect(refused).rejects.toThrow(names);
    await expect(refused).rejects.toThrow(/Dữ liệu hiện tại không bị thay đổi/);
    expect(files(db)).toEqual(before);
    expect(fs.readdirSync(path.dirname(db)).filter((f) => f.includes('khoi-phuc'))).toEqual([]);
    expect(fs.readdirSync(path.join(path.dirname(db), 'backups')).sort()).toEqual(backups);

    // The same file as the database: the CLI refuses it like a damaged one, the app opens its damage screen.
    const opened = files(file);
    await expect(openContext({ dataDir: path.dirname(file), mode: 'cli' })).rejects.toThrow(names);
    const app = await openContext({ dataDir: path.dirname(file), mode: 'browser', onDamage: 'report' });
    expect(app.damage?.problem).toContain(names);
    expect(app.database.isOpen).toBe(false);
    expect(files(file)).toEqual(opened);
  }, 60_000);
});
