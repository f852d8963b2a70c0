import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../tests/cli';
import Database from 'better-sqlite3';
import { pdfStreamText } from '../../tests/pdf-read';

const root = path.resolve(__dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8' });
const fixture = path.join(root, 'e2e', 'fixtures', 'ke-hoach-mua-sam.csv');

let dir: string;
let db: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-cli-plan-'));
  db = path.join(dir, 'kesach.db');
  expect(run('init', '--db', db).status).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('CLI plan import / print plan / export-plan (the exact forms scripts call)', () => {
  it('refuses a quotation with a bad row whole: non-zero exit, "Dòng 4: …", nothing written', () => {
    const lines = fs.readFileSync(fixture, 'utf8').split('\n');
    lines[3] = lines[3].replace(',STN,3,85000,', ',STN,-3,85000,');
    lines[6] = lines[6].replace(',320000,', ',ba trăm,');
    const bad = path.join(dir, 'bao-gia-loi.csv');
    fs.writeFileSync(bad, lines.join('\n'));
    const r = run('plan', 'import', bad, '--year', '2026-2027', '--db', db);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Dòng 4: số lượng "-3" không đọc được');
    expect(r.stderr).toContain('Dòng 7: đơn giá "ba trăm" không đọc được');
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) FROM plan_line').pluck().get()).toBe(0);
    check.close();
  }, 60_000);

  it('imports the fixture, prints the plan and exports it for the accountant', async () => {
    const r = run('plan', 'import', fixture, '--year', '2026-2027', '--db', db);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Đã thêm 15 dòng, 95 bản, 4.914.000 đ vào kế hoạch năm học 2026-2027');
    const pdf = path.join(dir, 'ke-hoach.pdf');
    const p = run('print', 'plan', '--year', '2026-2027', '--out', pdf, '--db', db);
    expect(p.status).toBe(0);
    const text = await pdfStreamText(pdf);
    for (const s of ['4.914.000', 'Bốn triệu chín trăm mười bốn nghìn đồng', 'Hiệu trưởng', 'Kế toán']) expect(text).toContain(s);
    const xlsx = path.join(dir, 'ke-hoach.xlsx');
    expect(run('export-plan', xlsx, '--year', '2026-2027', '--db', db).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('Kế hoạch')!;
    // Thành tiền is a formula with its value stored, so a viewer that does not recalculate still shows it.
    const amounts = Array.from({ length: 15 }, (_, i) => ws.getRow(5 + i).getCell(10).value as { formula?: string; result?: unknown });
    expect(amounts.every((v) => typeof v.formula === 'string' && typeof v.result === 'number')).toBe(true);
    expect(amounts.reduce((a, v) => a + (v.result as number), 0)).toBe(4_914_000);
    const none = run('print', 'plan', '--year', '2030-2031', '--out', pdf, '--db', db);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('Năm học 2030-2031 chưa có kế hoạch mua sắm.');
  }, 90_000);
});
