import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../tests/cli';
import { pdfText } from '../../tests/pdf-read';

const root = path.resolve(__dirname, '..', '..');
const cli = (...args: string[]) =>
  execFileSync(process.execPath, [CLI, ...args], { cwd: root }).toString('utf8');

let dir: string;
let db: string;
let demoOut: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-cli-registers-'));
  db = path.join(dir, 'kesach.db');
  demoOut = cli('demo', '--db', db, '--seed', '1');
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('CLI demo', () => {
  it('prints its counts as every figure is printed, with the thousands dot ("3.270 bản sách")', () => {
    expect(demoOut).toMatch(/: [\d.]+ đầu sách, \d{1,3}\.\d{3} bản sách, /);
    expect(demoOut).not.toMatch(/\d{4}/);
  });
});

describe('CLI print register / print report (the exact forms scripts call)', () => {
  it('prints Sổ ĐKCB of one series and Sổ ĐKTQ to the given file', async () => {
    const out = path.join(dir, 'dkcb-stk.pdf');
    expect(cli('print', 'register', 'dkcb', '--series', 'STK', '--out', out, '--db', db)).toMatch(/Đã in .*dkcb-stk\.pdf \(\d+ trang/);
    const t = await pdfText(out);
    expect(t).toContain('STK000001');
    expect(t).not.toMatch(/SGK\d{6}/);
    const tq = path.join(dir, 'dktq.pdf');
    cli('print', 'register', 'dktq', '--year', '2025-2026', '--out', tq, '--db', db);
    expect(await pdfText(tq)).toContain('PHẦN III — TÌNH HÌNH KHO TỪNG NĂM HỌC');
  }, 60_000);

  it('prints the year report and the self-assessment', async () => {
    const year = path.join(dir, 'year.pdf');
    cli('print', 'report', 'year', '--year', '2026-2027', '--out', year, '--db', db);
    expect(await pdfText(year)).toContain('NĂM HỌC 2026-2027');
    const self = path.join(dir, 'self.pdf');
    cli('print', 'report', 'selfcheck', '--out', self, '--db', db);
    expect((await pdfText(self)).replace(/\s+/g, ' ')).toContain('BÁO CÁO TỰ ĐÁNH GIÁ THƯ VIỆN TRƯỜNG HỌC');
  }, 60_000);

  it('rejects a wrong register kind with usage exit code 2', () => {
    expect(() => execFileSync(process.execPath, [CLI,
      'print', 'register', 'abc', '--out', path.join(dir, 'x.pdf'), '--db', db], { cwd: root, stdio: 'pipe' })).toThrow(/status 2|Hãy chọn loại sổ/);
  }, 30_000);
});
