import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../../../tests/cli';
import { tempContext, type TestContext } from '../../test-utils';
import { startHttpTransport } from '../../server/http';
import { samplePdf, sampleHtml, sampleMp3, samplePng } from '../../../tests/digital-samples';
import { pdfText } from '../../../tests/pdf-read';
import { openResourceStream, recordView, listResourcesOfTitle, addDigitalFile } from './resources';
import { blobPath, digitalDirIn } from './store';

const root = path.resolve(__dirname, '..', '..', '..');

let ctx: TestContext;
let titleId: number;

async function newTitle(title: string, authors: string[] = []): Promise<number> {
  return (await ctx.call('catalogue.saveTitle', { title, authors, seriesId: 3 } as never)).id;
}

/** Sends bytes the way the screen does: uploadBegin, then pieces in order. */
async function upload(bytes: Buffer, fileName: string, chunk = 1000): Promise<string> {
  const { uploadId } = await ctx.call('digital.uploadBegin', { fileName, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    await ctx.call('digital.uploadChunk', { uploadId, offset, base64: bytes.subarray(offset, offset + chunk).toString('base64') });
  }
  return uploadId;
}

const blobs = () => {
  const dir = digitalDirIn(ctx.dataDir);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((d) => /^[a-f0-9]{2}$/.test(d)).flatMap((d) => fs.readdirSync(path.join(dir, d)));
};
const rows = (table: string) => (ctx.sql.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const readAll = async (s: NodeJS.ReadableStream) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

beforeEach(async () => {
  ctx = await tempContext();
  titleId = await newTitle('Dế Mèn phiêu lưu ký', ['Tô Hoài']);
});
afterEach(async () => ctx.cleanup());

describe('digital resources: stored by content, the same content once', () => {
  it('adds an uploaded PDF to a title: listed, typed from its bytes, stored under its sha256', async () => {
    const pdf = samplePdf();
    const r = await ctx.call('digital.add', { titleId, uploadId: await upload(pdf, 'de-men.pdf'), access: 'public' });
    expect(r).toMatchObject({ titleId, kind: 'file', mime: 'application/pdf', typeLabel: 'PDF', form: 'ebook', access: 'public', size: pdf.length, name: 'de-men', fileName: 'de-men.pdf' });
    expect(r.title).toBe('Dế Mèn phiêu lưu ký');
    const sha = (ctx.sql.prepare('SELECT sha256 FROM digital_resource WHERE id = ?').get(r.id) as { sha256: string }).sha256;
    expect(fs.readFileSync(blobPath(ctx.dataDir, sha)).equals(pdf)).toBe(true);
    expect(blobPath(ctx.dataDir, sha)).toBe(path.join(ctx.dataDir, 'digital', sha.slice(0, 2), `${sha}.bin`));
    expect((await ctx.call('digital.list', { titleId })).map((x) => x.id)).toEqual([r.id]);
    expect((await ctx.call('digital.get', { id: r.id })).name).toBe('de-men');
    // The upload's temporary files are gone.
    expect(fs.readdirSync(path.join(digitalDirIn(ctx.dataDir), 'uploads'))).toEqual([]);
    const audit = ctx.sql.prepare("SELECT action FROM audit_log WHERE entity = 'digital_resource'").all();
    expect(audit).toEqual([{ action: 'digital.add' }]);
  });

  it('stores the same file twice once; removing one keeps the shared blob, removing the last deletes it', async () => {
    const other = await newTitle('Truyện Tô Hoài tuyển chọn');
    const a = await ctx.call('digital.add', { titleId, uploadId: await upload(samplePdf(), 'a.pdf') });
    const b = await ctx.call('digital.add', { titleId: other, uploadId: await upload(samplePdf(), 'ban-sao.pdf') });
    expect(blobs()).toHaveLength(1);
    expect(rows('digital_resource')).toBe(2);
    expect(await ctx.call('digital.remove', { id: a.id })).toEqual({ ok: true, fileDeleted: false });
    expect(blobs()).toHaveLength(1);
    const s = openResourceStream(ctx, b.id);
    expect((await readAll(s.stream)).equals(samplePdf())).toBe(true);
    expect(await ctx.call('digital.remove', { id: b.id })).toEqual({ ok: true, fileDeleted: true });
    expect(blobs()).toHaveLength(0);
    const audit = ctx.sql.prepare("SELECT action, entity_id AS id FROM audit_log WHERE action = 'digital.remove' ORDER BY id").all();
    expect(audit).toEqual([{ action: 'digital.remove', id: a.id }, { action: 'digital.remove', id: b.id }]);
  });

  it('refuses HTML renamed .pdf at its first piece, storing nothing', async () => {
    const { uploadId } = await ctx.call('digital.uploadBegin', { fileName: 'bai-giang.pdf', size: sampleHtml().length });
    await expect(ctx.call('digital.uploadChunk', { uploadId, offset: 0, base64: sampleHtml().toString('base64') })).rejects.toThrow(/Không nhận tệp này: Tệp HTML/);
    await expect(ctx.call('digital.add', { titleId, uploadId })).rejects.toThrow(/Không tìm thấy tệp đang tải lên/);
    expect(rows('digital_resource')).toBe(0);
    expect(blobs()).toEqual([]);
  });

  it('refuses a file over the size limit (a setting), uploaded or from a path, storing nothing', async () => {
    expect(await ctx.call('digital.settings', {})).toEqual({ maxBytes: 500 * 1024 * 1024 });
    expect(await ctx.call('digital.saveSettings', { maxMegabytes: 1 })).toEqual({ maxBytes: 1024 * 1024 });
    await expect(ctx.call('digital.uploadBegin', { fileName: 'to.mp3', size: 1024 * 1024 + 1 })).rejects.toThrow(/Tệp quá lớn: 1 MB, tối đa 1 MB/);
    const big = path.join(ctx.dataDir, 'sach-noi.mp3');
    fs.writeFileSync(big, Buffer.concat([sampleMp3(), Buffer.alloc(1024 * 1024)]));
    await expect(addDigitalFile(ctx, { titleId, source: { path: big }, name: '', subject: '', grade: null, access: 'library', note: '' })).rejects.toThrow(/Tệp quá lớn/);
    expect(rows('digital_resource')).toBe(0);
    expect(blobs()).toEqual([]);
    const tmp = path.join(digitalDirIn(ctx.dataDir), 'tmp');
    expect(fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).toEqual([]);
  });

  it('copies a file from a path with progress, streaming; an upload must be complete before it is added', async () => {
    const file = path.join(ctx.dataDir, 'anh-bia.png');
    fs.writeFileSync(file, samplePng(64, 64));
    const seen: number[] = [];
    const r = await addDigitalFile(ctx, { titleId, source: { path: file }, name: 'Ảnh bìa', subject: 'Ngữ văn', grade: 6, access: 'public', note: '' }, {
      progress: (done) => void seen.push(done), cancelled: false,
    });
    expect(r).toMatchObject({ form: 'image', mime: 'image/png', name: 'Ảnh bìa', subject: 'Ngữ văn', grade: 6 });
    expect(seen.at(-1)).toBe(fs.statSync(file).size);
    const { uploadId } = await ctx.call('digital.uploadBegin', { fileName: 'x.pdf', size: 5000 });
    await ctx.call('digital.uploadChunk', { uploadId, offset: 0, base64: samplePdf().subarray(0, 100).toString('base64') });
    await expect(ctx.call('digital.uploadChunk', { uploadId, offset: 50, base64: 'AAAA' })).rejects.toThrow(/không đúng thứ tự/);
    await expect(ctx.call('digital.add', { titleId, uploadId })).rejects.toThrow(/chưa tải lên xong/);
  });

  it('adds a link (http/https only), edits it, and refuses other schemes', async () => {
    const link = await ctx.call('digital.add', { titleId, url: 'https://hanhtrangso.nxbgd.vn/sach/de-men', name: 'Đọc trên Hành trang số', access: 'public' });
    expect(link).toMatchObject({ kind: 'link', form: 'link', typeLabel: 'Liên kết', size: 0 });
    await expect(ctx.call('digital.add', { titleId, url: 'javascript:alert(1)' })).rejects.toThrow(/http:\/\/ hoặc https:\/\//);
    await expect(ctx.call('digital.add', { titleId, url: 'file:///etc/passwd' })).rejects.toThrow(/http:\/\/ hoặc https:\/\//);
    const edited = await ctx.call('digital.update', { id: link.id, name: 'Sách điện tử (NXB Giáo dục)', form: 'ebook', subject: 'Ngữ văn', grade: 6, access: 'staff', note: 'Cần tài khoản' });
    expect(edited).toMatchObject({ name: 'Sách điện tử (NXB Giáo dục)', form: 'ebook', grade: 6, access: 'staff', url: 'https://hanhtrangso.nxbgd.vn/sach/de-men' });
    expect(() => openResourceStream(ctx, link.id)).toThrow(/liên kết/);
    const audit = ctx.sql.prepare("SELECT details FROM audit_log WHERE action = 'digital.update'").get() as { details: string };
    expect(JSON.parse(audit.details).before.access).toBe('public');
  });

  it('lists by access level for the OPAC, and filters by words without diacritics', async () => {
    const pub = await ctx.call('digital.add', { titleId, uploadId: await upload(samplePdf('public'), 'p.pdf'), access: 'public' });
    const staff = await ctx.call('digital.add', { titleId, uploadId: await upload(samplePdf('staff'), 's.pdf'), access: 'staff' });
    await ctx.call('digital.add', { titleId, uploadId: await upload(samplePdf('lib'), 'l.pdf'), access: 'library' });
    expect(listResourcesOfTitle(ctx, titleId, ['public']).map((r) => r.id)).toEqual([pub.id]);
    expect(listResourcesOfTitle(ctx, titleId, ['public', 'staff']).map((r) => r.id)).toEqual([pub.id, staff.id]);
    expect(await ctx.call('digital.list', { q: 'de men to hoai' })).toHaveLength(3);
    expect(await ctx.call('digital.list', { q: 'khong co' })).toHaveLength(0);
    expect((await ctx.call('digital.list', { access: 'staff' })).map((r) => r.id)).toEqual([staff.id]);
  });
});

describe('views and byte ranges', () => {
  it('counts views per resource per month; stats.summary carries them', async () => {
    const r = await ctx.call('digital.add', { titleId, uploadId: await upload(samplePdf(), 'a.pdf') });
    await ctx.call('digital.recordView', { id: r.id });
    recordView(ctx, r.id);
    const later = { ...ctx, now: () => new Date('2026-12-02T09:00:00+07:00') };
    recordView(later, r.id);
    expect(ctx.sql.prepare('SELECT month, views FROM digital_view ORDER BY month').all()).toEqual([{ month: '2026-11', views: 2 }, { month: '2026-12', views: 1 }]);
    expect((await ctx.call('digital.get', { id: r.id })).views).toBe(3);
    expect((await ctx.call('stats.summary', {})).digital).toEqual({ resources: 1, views: 3 });
    await expect(ctx.call('digital.recordView', { id: 999 })).rejects.toThrow(/Không tìm thấy tài liệu số/);
  });

  it('serves the bytes over the desk HTTP transport with the token: whole, ranges, 416, nosniff', async () => {
    const mp3 = sampleMp3();
    const r = await ctx.call('digital.add', { titleId, uploadId: await upload(mp3, 'chuong-1.mp3') });
    const server = await startHttpTransport({ ctx, token: 't0k3n' });
    try {
      const get = (headers: Record<string, string> = {}, token = 't0k3n') => fetch(`${server.url}api/digital/${r.id}?token=${token}`, { headers });
      const whole = await get();
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-type')).toBe('audio/mpeg');
      expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
      expect(whole.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''chuong-1.mp3");
      expect(Buffer.from(await whole.arrayBuffer()).equals(mp3)).toBe(true);
      const first = await get({ range: 'bytes=0-9' });
      expect(first.status).toBe(206);
      expect(first.headers.get('content-range')).toBe(`bytes 0-9/${mp3.length}`);
      expect(Buffer.from(await first.arrayBuffer()).equals(mp3.subarray(0, 10))).toBe(true);
      const middle = await get({ range: 'bytes=100-199' });
      expect(Buffer.from(await middle.arrayBuffer()).equals(mp3.subarray(100, 200))).toBe(true);
      const suffix = await get({ range: 'bytes=-100' });
      expect(Buffer.from(await suffix.arrayBuffer()).equals(mp3.subarray(mp3.length - 100))).toBe(true);
      const outside = await get({ range: `bytes=${mp3.length}-` });
      expect(outside.status).toBe(416);
      expect(outside.headers.get('content-range')).toBe(`bytes */${mp3.length}`);
      expect((await get({}, 'wrong')).status).toBe(401);
      expect((await fetch(`${server.url}api/digital/99999?token=t0k3n`)).status).toBe(404);
      const range = openResourceStream(ctx, r.id, { start: 5, end: 14 });
      expect((await readAll(range.stream)).equals(mp3.subarray(5, 15))).toBe(true);
      expect(() => openResourceStream(ctx, r.id, { start: 0, end: mp3.length })).toThrow(/ngoài tệp/);
    } finally {
      await server.close();
    }
  });
});

describe('counted: statistics, the year report and the self-assessment', () => {
  it('feeds views per month into reports.statistics, the year report\'s "Tài liệu số" table and two TT 16 criteria with editable thresholds', async () => {
    const book = await ctx.call('digital.add', { titleId, uploadId: await upload(samplePdf(), 'de-men.pdf'), access: 'public' });
    const audio = await ctx.call('digital.add', { titleId, uploadId: await upload(sampleMp3(), 'sach-noi.mp3'), access: 'staff' });
    await ctx.call('digital.add', { titleId, url: 'https://hanhtrangso.nxbgd.vn/', access: 'public' });
    const at = (iso: string) => ({ ...ctx, now: () => new Date(iso) });
    for (let i = 0; i < 3; i++) recordView(at('2026-10-05T09:00:00+07:00'), book.id);
    recordView(at('2026-11-20T09:00:00+07:00'), audio.id);
    recordView(at('2025-11-20T09:00:00+07:00'), audio.id); // another school year
    const gone = await ctx.call('digital.add', { titleId, uploadId: await upload(samplePng(), 'anh.png') });
    recordView(at('2027-03-01T09:00:00+07:00'), gone.id);
    await ctx.call('digital.remove', { id: gone.id });

    const s = await ctx.call('reports.statistics', { year: '2026-2027' });
    expect(s.digital).toMatchObject({ resources: 3, titles: 1, files: 2, links: 1, views: 5, bytes: samplePdf().length + sampleMp3().length });
    expect(s.digital.viewsByMonth).toEqual([{ month: '2026-10', views: 3 }, { month: '2026-11', views: 1 }, { month: '2027-03', views: 1 }]);
    expect(s.digital.byForm.find((f) => f.form === 'ebook')).toEqual({ form: 'ebook', resources: 1, bytes: samplePdf().length, views: 3 });
    expect(s.digital.topResources.map((r) => [r.name, r.views])).toEqual([['de-men', 3], ['sach-noi', 1], ['Tài liệu đã gỡ', 1]]);

    const year = await ctx.call('reports.print', { period: 'year', year: '2026-2027', proposals: '' });
    const t = (await pdfText(year.path)).replace(/[ \t]+/g, ' ');
    expect(t).toContain('Tài liệu số: 3 tài liệu của 1 đầu sách (2 tệp, 1 liên kết), 5 lượt xem trong kỳ; 0 lượt tra cứu qua mạng nội bộ.');
    expect(t).toMatch(/Tài liệu số\n/);
    expect(t).toMatch(/Sách điện tử 1 [\d,]+ (byte|KB) 3/);
    expect(t).toMatch(/Sách nói 1 [\d,]+ (byte|KB) 1/);
    expect(t).toMatch(/Tài liệu đã gỡ 1\n/);
    expect(t).toMatch(/Tổng cộng 3 5/);

    const sc = await ctx.call('selfcheck.get', { year: '2026-2027' });
    expect(sc.figures).toMatchObject({ digitalResources: 3, digitalViews: 5 });
    const crit = (c: typeof sc, id: string) => c.standards.flatMap((x) => x.criteria).find((x) => x.id === id)!;
    expect(crit(sc, 'tc1.tai-lieu-so')).toMatchObject({ level: 2, met: false, measure: { value: 3, threshold: 10, display: '3 tài liệu' } });
    expect(crit(sc, 'tc4.tai-lieu-so')).toMatchObject({ level: 2, met: false, measure: { value: 5, threshold: 100, display: '5 lượt xem' } });
    const saved = await ctx.call('selfcheck.save', { year: '2026-2027', answers: {}, thresholds: { ...sc.thresholds, digitalResourcesL2: 3, digitalViewsL2: 5 } });
    expect(crit(saved, 'tc1.tai-lieu-so').met).toBe(true);
    expect(crit(saved, 'tc4.tai-lieu-so').met).toBe(true);
    const report = await ctx.call('selfcheck.print', { kind: 'report', year: '2026-2027' });
    const r = (await pdfText(report.path)).replace(/\s+/g, ' ');
    expect(r).toContain('3 tài liệu số, 5 lượt xem tài liệu số');
    expect(r).toContain('Lượt sử dụng tài liệu số trong năm học');
  }, 60_000);
});

describe('Danh mục tài liệu số and the CLI', () => {
  it('prints the catalogue with the official header, read back as text', async () => {
    await ctx.call('digital.add', { titleId, uploadId: await upload(samplePdf(), 'de-men.pdf'), name: 'Trích đoạn chương 1', subject: 'Ngữ văn', grade: 6, access: 'public' });
    await ctx.call('digital.add', { titleId, url: 'https://hanhtrangso.nxbgd.vn/', name: 'Hành trang số', access: 'staff' });
    const f = await ctx.call('digital.print', {});
    const t = (await pdfText(f.path)).replace(/[ \t]+/g, ' ');
    expect(t).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(t).toContain('DANH MỤC TÀI LIỆU SỐ');
    expect(t).toContain('Trích đoạn chương 1');
    expect(t).toContain('Dế Mèn phiêu lưu ký');
    expect(t).toMatch(/Sách điện tử/);
    expect(t).toMatch(/Mọi người/);
    expect(t).toMatch(/Giáo viên/);
    expect(t).toContain('Tổng số: 2 tài liệu số của 1 đầu sách; 1 tệp');
  });

  it('digital add FILE --title: a real PDF is stored; HTML renamed .pdf exits non-zero and stores nothing; stats --json counts', async () => {
    const db = path.join(ctx.dataDir, 'kesach.db');
    await ctx.database.close();
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8' });
    const good = path.join(ctx.dataDir, 'de-men.pdf');
    fs.writeFileSync(good, samplePdf());
    const ok = run('digital', 'add', good, '--title', 'Dế Mèn phiêu lưu ký', '--author', 'Tô Hoài', '--form', 'ebook', '--access', 'public', '--db', db);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Đã thêm tài liệu số #1 "de-men" \(PDF, .*Sách điện tử, Mọi người\) vào "Dế Mèn phiêu lưu ký"/);
    const fake = path.join(ctx.dataDir, 'bai-giang.pdf');
    fs.writeFileSync(fake, sampleHtml());
    const bad = run('digital', 'add', fake, '--title', 'de men phieu luu ky', '--db', db);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/Không nhận tệp này: Tệp HTML/);
    const missing = run('digital', 'add', good, '--title', 'Không có sách này', '--db', db);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Không có đầu sách "Không có sách này"/);
    const stats = JSON.parse(run('stats', '--db', db, '--json').stdout) as Record<string, unknown>;
    expect(stats.digital).toEqual({ resources: 1, views: 0 });
    expect(Object.keys(stats)).toEqual(['titles', 'copies', 'readers', 'loans', 'visits', 'digital', 'reservations']);
    const left = fs.readdirSync(path.join(ctx.dataDir, 'digital')).filter((d) => /^[a-f0-9]{2}$/.test(d));
    expect(left).toHaveLength(1);
    expect(fs.readdirSync(path.join(ctx.dataDir, 'digital', 'tmp'))).toEqual([]);
  }, 60_000);
});
