import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openContext } from '../../app-context';
import { dispatch } from '../dispatch';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from './import';

let ctx: TestContext;
afterEach(async () => ctx?.cleanup());

function counts(c: TestContext) {
  const raw = c.sql;
  const n = (sql: string) => (raw.prepare(sql).get() as { n: number }).n;
  return { titles: n('SELECT COUNT(*) AS n FROM title'), copies: n('SELECT COUNT(*) AS n FROM copy'), batches: n('SELECT COUNT(*) AS n FROM accession_batch'), fts: n('SELECT COUNT(*) AS n FROM title_fts') };
}

describe('importCatalogueFile', () => {
  it('imports the sample catalogue: 35 titles, 548 copies, ĐKCB consecutive per series from 1', async () => {
    ctx = await tempContext();
    const r = await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
    expect(r.titles).toBe(35);
    expect(r.copies).toBe(548);
    expect(counts(ctx)).toMatchObject({ titles: 35, copies: 548, fts: 35 });
    const raw = ctx.sql;
    const perSeries = raw.prepare(`SELECT s.code, s.next_number AS next, COUNT(c.id) AS n, MIN(c.accession_number) AS lo, MAX(c.accession_number) AS hi
      FROM collection_series s JOIN copy c ON c.series_id = s.id GROUP BY s.id`).all() as { code: string; next: number; n: number; lo: number; hi: number }[];
    expect(perSeries.length).toBe(4);
    for (const s of perSeries) {
      expect(s.lo).toBe(1);
      expect(s.hi).toBe(s.n);
      expect(s.next).toBe(s.n + 1);
    }
    expect(raw.prepare("SELECT accession_code FROM copy WHERE accession_number = 1 ORDER BY accession_code").pluck().all())
      .toEqual(['SGK000001', 'SNV000001', 'STK000001', 'STN000001']);
    // One batch per source, numbered in Sổ ĐKTQ.
    const batches = raw.prepare('SELECT source, register_number AS reg, total_copies AS n, status FROM accession_batch ORDER BY register_number').all();
    expect(batches).toEqual([
      { source: 'mua', reg: 1, n: expect.any(Number), status: 'confirmed' },
      { source: 'bieu_tang', reg: 2, n: expect.any(Number), status: 'confirmed' },
      { source: 'cap_phat', reg: 3, n: expect.any(Number), status: 'confirmed' },
    ]);
    const deMen = raw.prepare("SELECT t.author_mark AS mark, t.language, COUNT(c.id) AS n FROM title t JOIN copy c ON c.title_id = t.id WHERE t.title = 'Dế Mèn phiêu lưu ký'").get();
    expect(deMen).toEqual({ mark: 'TOH', language: 'vi', n: 5 });
  });

  it('refuses a second import of the same file and changes nothing', async () => {
    ctx = await tempContext();
    await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
    const before = counts(ctx);
    const nextBefore = ctx.sql.prepare('SELECT next_number FROM collection_series ORDER BY id').pluck().all();
    await expect(importCatalogueFile(ctx, fixturePath('sach-mau.csv'))).rejects.toMatchObject({ code: 'IMPORT_DUPLICATE', message: expect.stringContaining('trùng với danh mục') });
    expect(counts(ctx)).toEqual(before);
    expect(ctx.sql.prepare('SELECT next_number FROM collection_series ORDER BY id').pluck().all()).toEqual(nextBefore);
  });

  it('imports nothing when one row is bad and names that row', async () => {
    ctx = await tempContext();
    const lines = fs.readFileSync(fixturePath('sach-mau.csv'), 'utf8').split('\n');
    lines[7] = lines[7].replace(',2018,', ',hai nghìn,'); // row 8 of the file
    const file = path.join(ctx.dataDir, 'loi.csv');
    fs.writeFileSync(file, lines.join('\n'));
    const error = await importCatalogueFile(ctx, file).catch((e) => e);
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.message).toContain('Dòng 8');
    expect(error.message).toContain('năm xuất bản "hai nghìn" không đọc được');
    expect(error.details.errors).toEqual([{ row: 8, message: expect.stringContaining('Dòng 8') }]);
    expect(counts(ctx)).toEqual({ titles: 0, copies: 0, batches: 0, fts: 0 });
  });

  it('a price, year or page count it cannot read is a row error; "45,000" is forty-five thousand đồng', async () => {
    ctx = await tempContext();
    const head = 'Nhan đề,Tác giả,Năm xuất bản,Số trang,Giá bìa,Số lượng';
    const write = (name: string, rows: string[]) => {
      const file = path.join(ctx.dataDir, name);
      fs.writeFileSync(file, [head, ...rows].join('\n'));
      return file;
    };
    const bad = write('so-loi.csv', [
      'Sách một,Tác giả A,2020,120,"45.000",1',
      'Sách hai,Tác giả B,20x2,120,"45,000",1',
      'Sách ba,Tác giả C,2021,abc,"45,5",1',
      'Sách bốn,Tác giả D,2021,100,"45,0x",2',
    ]);
    const error = await importCatalogueFile(ctx, bad).catch((e) => e);
    expect(error.code).toBe('IMPORT_INVALID');
    const messages = (error.details.errors as { row: number; message: string }[]).map((e) => e.message);
    expect(messages).toEqual([
      expect.stringContaining('Dòng 3: năm xuất bản "20x2" không đọc được'),
      expect.stringMatching(/^Dòng 4: số trang "abc" không đọc được.*giá bìa "45,5" không đọc được/),
      expect.stringContaining('Dòng 5: giá bìa "45,0x" không đọc được'),
    ]);
    expect(counts(ctx)).toEqual({ titles: 0, copies: 0, batches: 0, fts: 0 });

    const good = write('so-dung.csv', ['Sách một,Tác giả A,2020,"1.200","45,000",1', 'Sách hai,Tác giả B,,,45.000,1', 'Sách ba,Tác giả C,,,45000,1']);
    await importCatalogueFile(ctx, good);
    expect(ctx.sql.prepare('SELECT cover_price AS price, pages FROM title ORDER BY id').all())
      .toEqual([{ price: 45000, pages: 1200 }, { price: 45000, pages: null }, { price: 45000, pages: null }]);
  });

  it('reports the columns it does not import, in the preview and when a row is refused', async () => {
    ctx = await tempContext();
    const file = path.join(ctx.dataDir, 'cot-la.csv');
    fs.writeFileSync(file, 'STT,Nhan đề,Người viết,Giá bìa,Ghi chú kho\n1,Sách một,Tô Hoài,45000,kệ 3\n');
    const preview = await importCatalogueFile(ctx, file, { dryRun: true });
    expect(preview.unknownColumns).toEqual(['Người viết', 'Ghi chú kho']);
    fs.writeFileSync(file, 'Nhan đề,Người viết,Giá bìa\nSách một,Tô Hoài,45.0x\n');
    const error = await importCatalogueFile(ctx, file, { dryRun: true }).catch((e) => e);
    expect(error.details.unknownColumns).toEqual(['Người viết']);
  });
});

describe('catalogue.import on the worker thread', () => {
  it('parses, checks and writes on the worker: the main connection runs no statement, progress arrives, the rows are there', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-import-worker-'));
    const events: { event: string; payload: unknown }[] = [];
    const app = await openContext({ dataDir, mode: 'browser', offload: true, emit: (event, payload) => events.push({ event, payload }) });
    try {
      const raw = app.sql;
      const original = raw.prepare.bind(raw);
      let mainStatements = 0;
      raw.prepare = ((text: string) => { mainStatements++; return original(text); }) as typeof raw.prepare;
      let r: Awaited<ReturnType<typeof dispatch>>;
      try {
        r = await dispatch(app, 'catalogue.import', { file: { fileName: 'sach-mau.csv', path: fixturePath('sach-mau.csv') }, jobId: 'nhap-1' });
      } finally {
        raw.prepare = original;
      }
      expect(r).toMatchObject({ ok: true, value: { titles: 35, copies: 548 } });
      expect(mainStatements).toBe(0);
      const progress = events.filter((e) => e.event === 'jobs.progress').map((e) => e.payload as { jobId: string; done: number; total: number; label: string });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((p) => p.jobId === 'nhap-1')).toBe(true);
      expect(progress.at(-1)).toMatchObject({ label: 'Đã nhập xong' });
      expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
      // Written by the worker's connection, read by the main one.
      expect((raw.prepare('SELECT COUNT(*) FROM copy').pluck().get() as number)).toBe(548);
    } finally {
      await app.offload?.close();
      await app.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
