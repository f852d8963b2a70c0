import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../tests/cli';

const root = path.resolve(__dirname, '..', '..');
const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { cwd: root }).toString('utf8');
const cliFailing = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8' });
const titles = (db: string) => {
  const sql = new Database(db, { readonly: true });
  try {
    return (sql.prepare('SELECT COUNT(*) AS n FROM title').get() as { n: number }).n;
  } finally {
    sql.close();
  }
};

let dir: string;
let db: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-cli-backup-'));
  db = path.join(dir, 'kesach.db');
  cli('demo', '--db', db, '--seed', '2');
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('CLI backup / restore (the exact forms scripts call)', () => {
  it('backup --auto writes a verified backup into backups/ beside the database and prints it; backup --out still works', () => {
    const out = cli('backup', '--auto', '--db', db);
    const file = /Đã sao lưu vào (.+\.db) \(/.exec(out)?.[1];
    expect(file && path.dirname(file)).toBe(path.join(dir, 'backups'));
    expect(fs.existsSync(file!)).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'backups', 'manifest.json'), 'utf8'));
    const entry = manifest.entries.find((e: { file: string }) => e.file === path.basename(file!));
    expect(entry).toMatchObject({ kind: 'auto', result: 'ok' });
    expect(entry.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(file!)).digest('hex'));
    const copy = path.join(dir, 'mot-ban.db');
    const said = cli('backup', '--out', copy, '--db', db);
    expect(said).toContain(`Đã sao lưu vào ${copy}`);
    // The size reads as a person reads it ("1,9 MB"), never "1937408 byte".
    expect(said).toMatch(/\((\d+(,\d)? (MB|GB)|\d{1,3}(\.\d{3})* (KB|byte)), đã kiểm tra/);
    expect(titles(copy)).toBe(titles(db));
  }, 60_000);

  it('restore FILE --db DB brings the backup back and keeps the replaced database; random bytes are refused', () => {
    const backup = path.join(dir, 'truoc.db');
    cli('backup', '--out', backup, '--db', db);
    const before = titles(db);
    const raw = new Database(db);
    raw.pragma('foreign_keys = OFF');
    raw.prepare('DELETE FROM title WHERE id IN (SELECT id FROM title ORDER BY id LIMIT 3)').run();
    raw.close();
    expect(titles(db)).toBe(before - 3);

    const junk = path.join(dir, 'rac.db');
    fs.writeFileSync(junk, crypto.randomBytes(50_000));
    const refused = cliFailing('restore', junk, '--db', db);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('không phải tệp cơ sở dữ liệu SQLite');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(titles(db)).toBe(before - 3);

    const out = cli('restore', backup, '--db', db);
    expect(out).toContain(`Đã khôi phục ${db}`);
    expect(titles(db)).toBe(before);
    const kept = /Dữ liệu trước khi khôi phục được giữ tại (.+\.db)\./.exec(out)?.[1];
    expect(kept && titles(kept)).toBe(before - 3);
  }, 90_000);

  it('any command on a damaged database exits non-zero with a Vietnamese message naming the damage and the backups', () => {
    const damaged = path.join(dir, 'hong', 'kesach.db');
    fs.mkdirSync(path.dirname(damaged));
    cli('backup', '--out', damaged, '--db', db);
    cli('backup', '--auto', '--db', damaged);
    const size = fs.statSync(damaged).size;
    const fd = fs.openSync(damaged, 'r+');
    fs.writeSync(fd, crypto.randomBytes(4096 * 8), 0, 4096 * 8, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const r = cliFailing('stats', '--db', damaged);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bị hỏng/);
    expect(r.stderr).toContain(path.join(path.dirname(damaged), 'backups'));
    expect(r.stderr).toMatch(/Bản sao lưu tốt gần nhất: kesach-\d{8}-\d{6}\.db/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('backup --auto trusts no path in backups/manifest.json: the live database and a foreign file stay, and it says why they are ignored', () => {
    const backups = path.join(dir, 'backups');
    const manifestFile = path.join(backups, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const ours = manifest.entries.find((e: { kind: string; result: string }) => e.kind === 'auto' && e.result === 'ok');
    fs.writeFileSync(path.join(backups, 'ghi-chu.txt'), 'của thủ thư');
    const liveSha = crypto.createHash('sha256').update(fs.readFileSync(db)).digest('hex');
    // Old enough to be rotated away: a path to the live database, the same as an absolute path, a foreign file.
    manifest.entries.push(
      { ...ours, file: '../kesach.db', at: '2020-01-01T01:00:00.000Z', sha256: liveSha },
      { ...ours, file: db, at: '2020-01-02T01:00:00.000Z', sha256: liveSha },
      { ...ours, file: 'ghi-chu.txt', at: '2020-01-03T01:00:00.000Z' },
    );
    manifest.settings = { ...manifest.settings, daily: 1, weekly: 0, monthly: 0 };
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const before = titles(db);

    const out = cli('backup', '--auto', '--db', db);
    expect(fs.existsSync(db) && titles(db)).toBe(before);
    expect(fs.readFileSync(path.join(backups, 'ghi-chu.txt'), 'utf8')).toBe('của thủ thư');
    expect(out).toContain('Cảnh báo: Bỏ qua mục "../kesach.db" trong sổ sao lưu (manifest.json)');
    expect(out).toContain(`Cảnh báo: Bỏ qua mục "${db}"`);
    expect(out).toContain('Cảnh báo: Bỏ qua mục "ghi-chu.txt"');
    // The rotation did run: our own older automatic backup of the day is gone.
    expect(fs.existsSync(path.join(backups, ours.file))).toBe(false);
  }, 60_000);
});
