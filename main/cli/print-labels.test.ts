import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../tests/cli';
import { decodeBarcodes, pdfText } from '../../tests/pdf-read';
import { importCatalogueFile } from '../services/catalogue/import';
import { importReadersFile } from '../services/readers/import';
import { fixturePath, tempContext, type TestContext } from '../test-utils';

const root = path.resolve(__dirname, '..', '..');
let ctx: TestContext;
let dir: string;

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8' });
}

beforeAll(async () => {
  ctx = await tempContext();
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await ctx.database.close();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-cli-labels-'));
});
afterAll(async () => {
  await ctx.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('CLI print labels / cards / calibration (the exact forms scripts call)', () => {
  it('print labels --kind barcode --template L7654 --start 3 --series STN', async () => {
    const out = path.join(dir, 'stn.pdf');
    const r = cli('print', 'labels', '--kind', 'barcode', '--template', 'L7654', '--start', '3', '--series', 'STN', '--out', out, '--db', ctx.databaseFile);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const n = Number(/Đã in (\d+) nhãn/.exec(r.stdout)![1]);
    const decoded = await decodeBarcodes(out);
    expect(decoded).toHaveLength(n);
    expect(decoded.every((c) => c.startsWith('STN'))).toBe(true);
  });

  it('print labels --kind spine with every copy when no selection is given', async () => {
    const out = path.join(dir, 'spine.pdf');
    const r = cli('print', 'labels', '--kind', 'spine', '--template', 'L7651', '--out', out, '--db', ctx.databaseFile);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Đã in 548 nhãn (9 trang)');
    expect(await pdfText(out)).toContain('895.9223');
  });

  it('print cards --class 6A1 and print cards (all active readers)', () => {
    const one = cli('print', 'cards', '--class', '6A1', '--out', path.join(dir, '6a1.pdf'), '--db', ctx.databaseFile);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/Đã in \d+ thẻ/);
    const all = cli('print', 'cards', '--out', path.join(dir, 'all.pdf'), '--db', ctx.databaseFile);
    expect(all.stdout).toContain('Đã in 371 thẻ (38 trang)');
  });

  it('print calibration needs no database', async () => {
    const out = path.join(dir, 'cal.pdf');
    const r = cli('print', 'calibration', '--template', 'L7651', '--out', out);
    expect(r.status).toBe(0);
    expect(await pdfText(out)).toContain('Trang căn chỉnh L7651');
  });

  it('bad usage and unknown templates fail with Vietnamese messages and a non-zero exit', () => {
    const bad = cli('print', 'labels', '--kind', 'tem', '--template', 'L7651', '--out', path.join(dir, 'x.pdf'), '--db', ctx.databaseFile);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--kind phải là spine, barcode hoặc combined');
    const unknown = cli('print', 'calibration', '--template', 'L9999', '--out', path.join(dir, 'y.pdf'));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Không có mẫu giấy nhãn "L9999"');
  });
});
