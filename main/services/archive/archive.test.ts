import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from '../catalogue/import';
import { importReadersFile } from '../readers/import';
import { csvField, csvLine } from './csv';

const root = path.resolve(__dirname, '..', '..', '..');
let ctx: TestContext;
const tricky = 'Nhan đề "có ngoặc", dấu phẩy\r\nvà xuống dòng; Tiếng Việt: Dế Mèn phiêu lưu ký ';

beforeAll(async () => {
  ctx = await tempContext();
  await importReadersFile(ctx, fixturePath('danh-sach-hoc-sinh.csv'));
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  const sql = ctx.sql;
  sql.prepare('UPDATE title SET title = ?, summary = ? WHERE id = 1').run(tricky, '"\n"');
  // A teacher with an OPAC PIN: its hash and salt would let anyone holding the zip find the PIN offline.
  const teacher = await ctx.call('readers.save', { kind: 'staff', code: 'GV900', fullName: 'Lê Thị Mai', department: 'Tổ Toán' });
  await ctx.call('readers.setPin', { id: teacher.id, pin: '246813' });
  // A table a later migration might add: export-all reads the list from sqlite_master.
  sql.exec('CREATE TABLE future_table (id integer PRIMARY KEY, note text)');
  sql.prepare('INSERT INTO future_table (note) VALUES (?), (?), (NULL)').run('a,b', 'ơ "ư"');
}, 60_000);
afterAll(async () => ctx.cleanup());

function readZip(file: string): Record<string, string> {
  const files = unzipSync(new Uint8Array(fs.readFileSync(file)));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')]));
}

describe('csv', () => {
  it('quotes per RFC 4180', () => {
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField(null)).toBe('');
    expect(csvField(45000)).toBe('45000');
    expect(csvField(' lề')).toBe('" lề"');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('archive.exportAll / export-all', () => {
  it('round-trips every table: row counts, headers and the tricky text, with a BOM and a README', async () => {
    const r = await ctx.call('archive.exportAll', {});
    const sql = ctx.sql;
    const tables = (sql.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[])
      .filter((t) => !t.name.startsWith('sqlite_') && !t.name.startsWith('title_fts'))
      .map((t) => t.name);
    expect(tables).toContain('future_table');
    expect(tables).toContain('audit_log');
    const zip = readZip(r.path);
    expect(Object.keys(zip).sort()).toEqual(['README.txt', ...tables.map((t) => `${t}.csv`)].sort());
    expect(r.tables).toBe(tables.length);
    let rows = 0;
    for (const t of tables) {
      const text = zip[`${t}.csv`];
      expect(text.startsWith('\uFEFF'), t).toBe(true);
      const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: false });
      expect(parsed.errors, t).toEqual([]);
      const data = parsed.data.filter((line, i) => !(i === parsed.data.length - 1 && line.length === 1 && line[0] === ''));
      const count = sql.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number;
      expect(data.length - 1, t).toBe(count);
      const secret = t === 'reader_pin' ? ['hash', 'salt'] : [];
      expect(data[0], t).toEqual((sql.pragma(`table_info("${t}")`) as { name: string }[]).map((c) => c.name).filter((c) => !secret.includes(c)));
      rows += count;
    }
    expect(r.rows).toBe(rows);
    const pins = Papa.parse<string[]>(zip['reader_pin.csv'].slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: true }).data;
    expect(pins).toHaveLength(2);
    const { hash, salt } = sql.prepare('SELECT hash, salt FROM reader_pin').get() as { hash: string; salt: string };
    for (const [name, text] of Object.entries(zip)) {
      expect(text.includes(hash) || text.includes(salt), name).toBe(false);
    }
    expect(rows).toBeGreaterThan(100);

    const titles = Papa.parse<Record<string, string>>(zip['title.csv'].slice(1), { delimiter: ',', newline: '\r\n', header: true, skipEmptyLines: true }).data;
    expect(titles.find((t) => t.id === '1')).toMatchObject({ title: tricky, summary: '"\n"' });
    const future = Papa.parse<string[]>(zip['future_table.csv'].slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: true }).data;
    expect(future).toEqual([['id', 'note'], ['1', 'a,b'], ['2', 'ơ "ư"'], ['3', '']]);

    expect(zip['README.txt']).toContain('KỆ SÁCH — TOÀN BỘ DỮ LIỆU THƯ VIỆN');
    expect(zip['README.txt']).toMatch(/copy\.csv — [\d.]+ dòng/);
    expect(zip['README.txt']).toContain('    - accession_code: kiểu text, bắt buộc');
    expect(zip['README.txt']).toContain('future_table.csv — 3 dòng\r\n  Bảng mới (chưa có mô tả).');
    expect(zip['README.txt']).toMatch(/- copy_id: kiểu integer, bắt buộc, tham chiếu copy\.id/);
  });

  it('npm run cli -- export-all --out FILE.zip --db DB writes the same zip; a missing --out is refused in Vietnamese', () => {
    const out = path.join(ctx.dataDir, 'het', 'du-lieu.zip');
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'scripts', 'cli.mjs'), ...args], { cwd: root, encoding: 'utf8' });
    // The CLI opens the file through the schema check, which refuses a table the migrations did not make.
    ctx.sql.exec('DROP TABLE future_table');
    const ok = run('export-all', '--out', out, '--db', ctx.databaseFile);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Đã xuất \d+ bảng, [\d.]+ dòng: /);
    const zip = readZip(out);
    const readers = ctx.sql.prepare('SELECT COUNT(*) FROM reader').pluck().get() as number;
    expect(Papa.parse(zip['reader.csv'].slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: true }).data.length - 1).toBe(readers);
    const bad = run('export-all', '--db', ctx.databaseFile);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Thiếu --out FILE.zip');
  }, 120_000);
});
