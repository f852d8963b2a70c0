import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { fixturePath, tempContext, type TestContext } from '../../test-utils';
import { importCatalogueFile } from './import';
import { exportMarc } from './marc-export';
import { importMarcFile } from './marc-import';

const contexts: TestContext[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.cleanup();
});
async function library(): Promise<TestContext> {
  const c = await tempContext();
  contexts.push(c);
  return c;
}

/**
 * A second ISO 2709 reader, written here from the standard and sharing nothing with marcjs or our
 * codec: the leader's length and base address, the 12-byte directory entries counted in BYTES, each
 * field ending in 1E, the record in 1D, subfields after 1F. Throws on anything out of place.
 */
function readIso2709Independently(data: Buffer): { leader: string; fields: { tag: string; data: string }[] }[] {
  const records = [];
  let at = 0;
  while (at < data.length) {
    const length = Number(data.subarray(at, at + 5).toString('ascii'));
    if (!Number.isInteger(length) || length < 26) throw new Error(`bad record length at byte ${at}`);
    const rec = data.subarray(at, at + length);
    if (rec[length - 1] !== 0x1d) throw new Error(`record at byte ${at} does not end in 1D`);
    const leader = rec.subarray(0, 24).toString('ascii');
    const base = Number(leader.slice(12, 17));
    if (rec[base - 1] !== 0x1e) throw new Error('directory does not end in 1E at the base address');
    const fields = [];
    for (let d = 24; d < base - 1; d += 12) {
      const entry = rec.subarray(d, d + 12).toString('ascii');
      const [tag, len, start] = [entry.slice(0, 3), Number(entry.slice(3, 7)), Number(entry.slice(7, 12))];
      const bytes = rec.subarray(base + start, base + start + len);
      if (bytes[len - 1] !== 0x1e) throw new Error(`field ${tag} does not end in 1E where its directory entry says`);
      fields.push({ tag, data: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, len - 1)) });
    }
    records.push({ leader, fields });
    at += length;
  }
  return records;
}
const subfields = (data: string) => Object.fromEntries(data.split('\x1f').slice(1).map((s) => [s[0], s.slice(1)]));

const XSD = fs.readFileSync(fixturePath('MARC21slim.xsd'), 'utf8');
async function schemaErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'export.xml', contents: xml }], schema: [{ fileName: 'MARC21slim.xsd', contents: XSD }] });
  return r.errors.map((e) => e.message);
}

function counts(c: TestContext) {
  const n = (q: string) => c.sql.prepare(q).pluck().get() as number;
  return {
    titles: n('SELECT COUNT(*) FROM title'), copies: n('SELECT COUNT(*) FROM copy'), batches: n('SELECT COUNT(*) FROM accession_batch'),
    audit: n('SELECT COUNT(*) FROM audit_log'), next: c.sql.prepare('SELECT next_number FROM collection_series ORDER BY id').pluck().all(),
  };
}

/** The sample catalogue, with one copy lost and one weeded (set directly: their own flows have their own tests). */
async function sampleLibrary(): Promise<{ ctx: TestContext; lost: string; weeded: string }> {
  const ctx = await library();
  await importCatalogueFile(ctx, fixturePath('sach-mau.csv'));
  const sql = ctx.sql;
  const deMen = sql.prepare("SELECT c.accession_code FROM copy c JOIN title t ON t.id = c.title_id WHERE t.title = 'Dế Mèn phiêu lưu ký' ORDER BY c.id")
    .pluck().all() as string[];
  sql.prepare("UPDATE copy SET status = 'lost' WHERE accession_code = ?").run(deMen[0]);
  sql.prepare("UPDATE copy SET status = 'withdrawn' WHERE accession_code = ?").run(deMen[1]);
  return { ctx, lost: deMen[0], weeded: deMen[1] };
}

describe('MARC 21 export', () => {
  it('writes ISO 2709 that an independent reader reads: one record per title, one 852 per held copy, UTF-8 lengths in bytes', async () => {
    const { ctx, lost, weeded } = await sampleLibrary();
    const file = path.join(ctx.dataDir, 'danh-muc.mrc');
    const r = await exportMarc(ctx, file);
    const held = ctx.sql.prepare("SELECT COUNT(*) FROM copy WHERE status <> 'withdrawn'").pluck().get();
    expect(r).toMatchObject({ records: 35, holdings: held, format: 'iso2709' });
    const records = readIso2709Independently(fs.readFileSync(file));
    expect(records).toHaveLength(35);
    for (const rec of records) expect(rec.leader[9]).toBe('a');
    const all852 = records.flatMap((rec) => rec.fields.filter((f) => f.tag === '852').map((f) => subfields(f.data)));
    expect(all852).toHaveLength(held as number);
    expect(all852.map((s) => s.p)).not.toContain(weeded);
    expect(all852.find((s) => s.p === lost)?.z).toBe('Mất');
    const deMen = records.find((rec) => rec.fields.some((f) => f.tag === '245' && subfields(f.data).a === 'Dế Mèn phiêu lưu ký'));
    expect(deMen?.fields.find((f) => f.tag === '100')?.data).toContain('Tô Hoài');
    expect(deMen?.fields.filter((f) => f.tag === '852')).toHaveLength(4);
    // NFC: "ế" is one code point, as stored.
    expect(records.flatMap((rec) => rec.fields.map((f) => f.data)).every((d) => d === d.normalize('NFC'))).toBe(true);
  });

  it('writes MARCXML valid against the MARC21 slim schema, with the same records', async () => {
    const { ctx } = await sampleLibrary();
    const file = path.join(ctx.dataDir, 'danh-muc.xml');
    const r = await exportMarc(ctx, file);
    const xml = fs.readFileSync(file, 'utf8');
    expect(await schemaErrors(xml)).toEqual([]);
    expect(xml.match(/<record>/g)).toHaveLength(35);
    expect(xml.match(/<datafield tag="852"/g)).toHaveLength(r.holdings);
    expect(xml).toContain('<subfield code="a">Dế Mèn phiêu lưu ký</subfield>');
  });
});

describe('through the contract (Biên mục)', () => {
  it('previews an uploaded file without storing it, imports it, and exports into the exports folder', async () => {
    const ctx = await library();
    const file = { fileName: 'koha-marc.xml', contentBase64: fs.readFileSync(fixturePath('koha-marc.xml')).toString('base64') };
    const preview = await ctx.call('catalogue.importMarc', { file, dryRun: true });
    expect(preview.preview.map((p) => [p.record, p.series, p.copies, p.kept, p.numbered, p.lost])).toEqual([
      [1, 'STN', 2, 2, 0, 1], [2, 'STK', 2, 0, 2, 0], [3, 'SGK', 3, 3, 0, 0], [4, 'STK', 1, 0, 1, 0],
    ]);
    expect(counts(ctx).titles).toBe(0);
    expect((await ctx.call('catalogue.importMarc', { file })).batch?.codeRanges).toBe('STN000101–STN000102, STK000001–STK000003, SGK000057–SGK000059');
    const out = await ctx.call('catalogue.exportMarc', { format: 'marcxml' });
    expect(out).toMatchObject({ records: 4, holdings: 8, format: 'marcxml', fileName: expect.stringMatching(/^danh-muc-marc21-.*\.xml$/) });
    expect(await schemaErrors(fs.readFileSync(out.path, 'utf8'))).toEqual([]);
  });
});

describe('MARC 21 import', () => {
  it('imports a Koha export (952 holdings): codes of a series kept, other barcodes numbered, lost and weeded items read', async () => {
    const ctx = await library();
    const r = await importMarcFile(ctx, 'koha-marc.xml', { content: fs.readFileSync(fixturePath('koha-marc.xml')) });
    expect(r).toMatchObject({ records: 4, titles: 4, matched: 0, copies: 8, keptCodes: 5, newCodes: 3, lost: 1, withdrawnSkipped: 1 });
    const sql = ctx.sql;
    const copies = sql.prepare(`SELECT c.accession_code AS code, c.barcode, c.status, c.location, s.code AS series, t.title FROM copy c
      JOIN title t ON t.id = c.title_id JOIN collection_series s ON s.id = c.series_id ORDER BY c.id`).all();
    expect(copies).toEqual([
      { code: 'STN000101', barcode: 'STN000101', status: 'available', location: 'KHOTN', series: 'STN', title: 'Cho tôi xin một vé đi tuổi thơ' },
      { code: 'STN000102', barcode: 'STN000102', status: 'lost', location: 'KHOTN', series: 'STN', title: 'Cho tôi xin một vé đi tuổi thơ' },
      { code: 'STK000001', barcode: '3000000123', status: 'available', location: 'KHOTK', series: 'STK', title: 'Lịch sử Việt Nam bằng tranh' },
      { code: 'STK000002', barcode: '3000000124', status: 'available', location: 'KHOTK', series: 'STK', title: 'Lịch sử Việt Nam bằng tranh' },
      { code: 'SGK000057', barcode: 'SGK000057', status: 'available', location: 'KHOSGK', series: 'SGK', title: 'Khoa học tự nhiên 6' },
      { code: 'SGK000058', barcode: 'SGK000058', status: 'available', location: 'KHOSGK', series: 'SGK', title: 'Khoa học tự nhiên 6' },
      { code: 'SGK000059', barcode: 'SGK000059', status: 'available', location: 'KHOSGK', series: 'SGK', title: 'Khoa học tự nhiên 6' },
      { code: 'STK000003', barcode: '3000000207', status: 'available', location: 'KHOTN', series: 'STK', title: 'Dế Mèn phiêu lưu ký' },
    ]);
    // ISBD punctuation gone; the volume and its part; corporate and added authors; 260 read like 264.
    expect(sql.prepare("SELECT volume, authors, publisher, place_of_publication AS place, publication_year AS year, size_cm AS size FROM title WHERE isbn = '9786040214324'").get())
      .toEqual({ volume: 'Tập 3 – Hai Bà Trưng', authors: 'Hội Khoa học Lịch sử Việt Nam; Trần Bạch Đằng', publisher: 'Giáo dục Việt Nam', place: 'H.', year: 2020, size: 20.5 });
    // Kept codes move the series on; numbers are never handed out twice.
    expect(sql.prepare("SELECT next_number FROM collection_series WHERE code = 'SGK'").pluck().get()).toBe(60);
    expect(sql.prepare("SELECT details FROM audit_log WHERE action = 'catalogue.importMarc'").pluck().get()).toContain('"titles":4');

    // The same library from Koha's ISO 2709 (made by yaz-marcdump from the XML): every title matched, every copy already there.
    const before = counts(ctx);
    const again = await importMarcFile(ctx, 'koha-marc.mrc', { content: fs.readFileSync(fixturePath('koha-marc.mrc')) });
    expect(again).toMatchObject({ format: 'iso2709', records: 4, titles: 0, matched: 4, copies: 0, already: 8, batch: null });
    expect(counts(ctx)).toEqual({ ...before, audit: before.audit + 1 });
  });

  it('refuses a file with a broken leader as "Bản ghi N" and stores nothing; --dry-run stores nothing either', async () => {
    const { ctx } = await sampleLibrary();
    const file = path.join(ctx.dataDir, 'danh-muc.mrc');
    await exportMarc(ctx, file);
    const data = fs.readFileSync(file);
    const second = Number(data.subarray(0, 5).toString('ascii'));
    data.write('12x45', second, 'ascii'); // record 2's length is no number

    const target = await library();
    const before = counts(target);
    await expect(importMarcFile(target, 'hong.mrc', { content: data })).rejects.toMatchObject({
      code: 'IMPORT_INVALID', message: expect.stringMatching(/Bản ghi 2: đầu biểu \(leader\) hỏng/),
    });
    expect(counts(target)).toEqual(before);

    const cut = fs.readFileSync(fixturePath('koha-marc.xml'), 'utf8').slice(0, 3000);
    await expect(importMarcFile(target, 'cat-cut.xml', { content: Buffer.from(cut) })).rejects.toMatchObject({
      code: 'MARC_INVALID', message: expect.stringMatching(/^Tệp MARCXML không đúng cú pháp XML ở dòng \d+: thẻ <\S+> mở mà chưa đóng/),
    });
    expect(counts(target)).toEqual(before);

    const dry = await importMarcFile(target, 'danh-muc.mrc', { content: fs.readFileSync(file), dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, records: 35, titles: 35, batch: null });
    expect(counts(target)).toEqual(before);
  });

  it('refuses a MARC-8 record with letters outside ASCII, naming it, and reads one in plain ASCII', async () => {
    const ctx = await library();
    const utf8 = fs.readFileSync(fixturePath('koha-marc.mrc'));
    // Record 1 with leader/09 blank (MARC-8): its bytes include Vietnamese letters, which MARC-8 cannot hold as UTF-8.
    const marc8 = Buffer.from(utf8);
    marc8[9] = 0x20;
    await expect(importMarcFile(ctx, 'cu.mrc', { content: marc8 })).rejects.toMatchObject({
      message: expect.stringContaining('Bản ghi 1: bản ghi mã MARC-8'),
    });
    expect(counts(ctx).titles).toBe(0);
    const ascii = '00000nam  2200000   4500'; // leader/09 blank: MARC-8
    const fields = [['245', '10\x1faPeter Pan\x1e'], ['852', '  \x1fp3000000999\x1e']];
    const body = fields.map(([, d]) => Buffer.from(d, 'ascii'));
    let offset = 0;
    const dir = fields.map(([tag], i) => {
      const e = `${tag}${String(body[i].length).padStart(4, '0')}${String(offset).padStart(5, '0')}`;
      offset += body[i].length;
      return e;
    }).join('');
    const base = 24 + dir.length + 1;
    const total = base + offset + 1;
    const leader = `${String(total).padStart(5, '0')}${ascii.slice(5, 12)}${String(base).padStart(5, '0')}${ascii.slice(17)}`;
    const record = Buffer.concat([Buffer.from(`${leader}${dir}\x1e`, 'ascii'), ...body, Buffer.from([0x1d])]);
    const r = await importMarcFile(ctx, 'ascii.mrc', { content: record });
    expect(r).toMatchObject({ titles: 1, copies: 1, newCodes: 1 });
  });

  it('round trip: export → import into an empty library → export again gives the same records, byte for byte', async () => {
    const { ctx } = await sampleLibrary();
    const first = path.join(ctx.dataDir, 'a.mrc');
    const firstXml = path.join(ctx.dataDir, 'a.xml');
    await exportMarc(ctx, first);
    await exportMarc(ctx, firstXml);
    const empty = await library();
    await importMarcFile(empty, 'a.mrc', { content: fs.readFileSync(first) });
    const second = path.join(empty.dataDir, 'b.mrc');
    const secondXml = path.join(empty.dataDir, 'b.xml');
    await exportMarc(empty, second);
    await exportMarc(empty, secondXml);
    expect(fs.readFileSync(second).equals(fs.readFileSync(first))).toBe(true);
    expect(fs.readFileSync(secondXml, 'utf8')).toBe(fs.readFileSync(firstXml, 'utf8'));
  });
});
