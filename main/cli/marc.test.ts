import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../tests/cli';

const root = path.resolve(__dirname, '..', '..');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8' });
const fixture = (name: string) => path.join(root, 'e2e', 'fixtures', name);

let dir: string;
let db: string;
const titles = () => {
  const check = new Database(db, { readonly: true });
  try {
    return check.prepare('SELECT COUNT(*) FROM title').pluck().get();
  } finally {
    check.close();
  }
};
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-cli-marc-'));
  db = path.join(dir, 'kesach.db');
  expect(run('init', '--db', db).status).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('CLI import-marc / export-marc (the exact forms scripts call)', () => {
  it('refuses a broken record with a non-zero exit naming "Bản ghi N"; --dry-run stores nothing; then imports and exports both formats', () => {
    const broken = Buffer.from(fs.readFileSync(fixture('koha-marc.mrc')));
    broken.write('?', 14, 'ascii'); // record 1's base address
    fs.writeFileSync(path.join(dir, 'hong.mrc'), broken);
    const refused = run('import-marc', path.join(dir, 'hong.mrc'), '--db', db);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Bản ghi 1: đầu biểu (leader) hỏng');
    expect(titles()).toBe(0);

    const dry = run('import-marc', fixture('koha-marc.xml'), '--db', db, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Xem trước, chưa ghi gì: 4 bản ghi (MARCXML)');
    expect(titles()).toBe(0);

    const done = run('import-marc', fixture('koha-marc.mrc'), '--db', db);
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('Đã nhập 4 bản ghi (ISO 2709): 4 đầu sách mới');
    expect(titles()).toBe(4);

    for (const name of ['ra.mrc', 'ra.xml']) {
      const out = run('export-marc', path.join(dir, name), '--db', db);
      expect(out.status).toBe(0);
      expect(out.stdout).toContain(`Đã xuất 4 bản ghi MARC 21 (${name.endsWith('.xml') ? 'MARCXML' : 'ISO 2709'}, 8 bản sách)`);
    }
    expect(fs.readFileSync(path.join(dir, 'ra.xml'), 'utf8')).toContain('xmlns="http://www.loc.gov/MARC21/slim"');
    const wrong = run('export-marc', path.join(dir, 'ra.txt'), '--db', db);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('cần đuôi .mrc (ISO 2709) hoặc .xml (MARCXML)');
  }, 120_000);
});
