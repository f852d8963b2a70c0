import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openContext } from '../../app-context';
import { tempContext, type TestContext } from '../../test-utils';
import { generateDemo } from '../demo';
import { getSetting, putSetting } from '../settings/store';
import { dispatch } from '../dispatch';
import { planRotation, type RotatedBackup } from './rotation';
import { findDamage } from './check';
import { backupNow, SECOND_FOLDER_SUBDIR } from './backups';
import { writeVerifiedCopy } from './copy';

const contexts: TestContext[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.cleanup();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
async function demoContext(): Promise<TestContext> {
  const ctx = await tempContext();
  contexts.push(ctx);
  await generateDemo(ctx.sql, { seed: 3, copies: 600, students: 80, loans: 200, now: ctx.now() });
  return ctx;
}
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const count = (ctx: TestContext, table: string) => (ctx.sql.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const backupsDir = (ctx: TestContext) => path.join(ctx.dataDir, 'backups');

describe('rotation over a simulated year of daily runs', () => {
  it('keeps 7 daily, 4 weekly and 12 monthly backups, no more', () => {
    let kept: RotatedBackup[] = [];
    const policy = { daily: 7, weekly: 4, monthly: 12 };
    for (let day = 0; day < 365; day++) {
      const at = new Date(2026, 0, 1 + day, 10, 0, 0);
      kept.push({ file: `b-${day}`, at: at.toISOString() });
      const { keep, remove } = planRotation(kept, policy);
      expect(keep.length + remove.length).toBe(kept.length);
      const keepSet = new Set(keep);
      kept = kept.filter((b) => keepSet.has(b.file));
      // The last 7 days are always all there.
      for (let back = 0; back < Math.min(7, day + 1); back++) expect(keepSet.has(`b-${day - back}`)).toBe(true);
      expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
    }
    // On Thursday 31/12/2026: 25–31/12 (7 days), the Sundays ending the two weeks before (20/12, 13/12),
    // and the last day of each month January to November.
    const days = [...kept].sort((a, b) => (a.at < b.at ? 1 : -1)).map((b) => {
      const d = new Date(b.at);
      return `${d.getDate()}/${d.getMonth() + 1}`;
    });
    expect(days).toEqual([
      '31/12', '30/12', '29/12', '28/12', '27/12', '26/12', '25/12', '20/12', '13/12',
      '30/11', '31/10', '30/9', '31/8', '31/7', '30/6', '31/5', '30/4', '31/3', '28/2', '31/1',
    ]);
  });

  it('follows a smaller policy and keeps several runs of one day as one', () => {
    const runs: RotatedBackup[] = [];
    for (let day = 0; day < 60; day++) for (const hour of [8, 12, 16]) runs.push({ file: `${day}-${hour}`, at: new Date(2026, 2, 1 + day, hour).toISOString() });
    const { keep } = planRotation(runs, { daily: 3, weekly: 0, monthly: 2 });
    // Newest of each of the last 3 days, and of each of the last 2 months (April's newest is today's).
    expect(keep).toEqual(['59-16', '58-16', '57-16', '30-16']);
  });
});

describe('backup and restore through the contract', () => {
  it('backs up, verifies, records, and restores exactly the backed-up counts, keeping the replaced database', async () => {
    const ctx = await demoContext();
    const before = await ctx.call('backup.status', {});
    expect(before.lastGood).toBeNull();
    expect(before.stale).toBe(true);

    const entry = await ctx.call('backup.run', { scheduled: true });
    expect(entry.kind).toBe('auto');
    expect(entry.result).toBe('ok');
    expect(entry.sha256).toBe(sha(path.join(backupsDir(ctx), entry.file)));
    expect(entry.counts).toEqual({ titles: count(ctx, 'title'), copies: count(ctx, 'copy'), readers: count(ctx, 'reader'), loans: count(ctx, 'loan') });
    const status = await ctx.call('backup.status', {});
    expect(status.lastGood?.file).toBe(entry.file);
    expect(status.stale).toBe(false);
    // Three days without a verified backup: the main screen warns.
    const realNow = ctx.now;
    ctx.now = () => new Date(realNow().getTime() + 2.9 * 86_400_000);
    expect((await ctx.call('backup.status', {})).stale).toBe(false);
    ctx.now = () => new Date(realNow().getTime() + 3.1 * 86_400_000);
    expect((await ctx.call('backup.status', {})).stale).toBe(true);
    ctx.now = realNow;
    const manifest = JSON.parse(fs.readFileSync(path.join(backupsDir(ctx), 'manifest.json'), 'utf8'));
    expect(manifest.entries.map((e: { file: string }) => e.file)).toContain(entry.file);

    // Change the library after the backup: a title gone (with its copies and their loans), a new reader.
    const sql = ctx.sql;
    sql.pragma('foreign_keys = OFF');
    const titleId = (sql.prepare('SELECT id FROM title ORDER BY id LIMIT 1').get() as { id: number }).id;
    sql.prepare('DELETE FROM loan WHERE copy_id IN (SELECT id FROM copy WHERE title_id = ?)').run(titleId);
    sql.prepare('DELETE FROM copy WHERE title_id = ?').run(titleId);
    sql.prepare('DELETE FROM title WHERE id = ?').run(titleId);
    const changed = { titles: count(ctx, 'title'), copies: count(ctx, 'copy'), loans: count(ctx, 'loan') };
    expect(changed.titles).toBe(entry.counts!.titles - 1);

    const list = await ctx.call('backup.list', {});
    expect(list.map((b) => b.file)).toEqual([entry.file]);
    const restored = await ctx.call('backup.restore', { file: entry.file });
    expect(restored.counts).toEqual(entry.counts);
    // The running context now reads the restored database.
    expect({ titles: count(ctx, 'title'), copies: count(ctx, 'copy'), readers: count(ctx, 'reader'), loans: count(ctx, 'loan') }).toEqual(entry.counts);
    expect((await ctx.call('catalogue.search', {})).total).toBe(entry.counts!.titles);
    // The replaced database was backed up first, with its counts.
    expect(restored.replacedKeptAs).toMatch(/kesach-truoc-khoi-phuc-.*\.db$/);
    const kept = new Database(restored.replacedKeptAs!, { readonly: true });
    expect((kept.prepare('SELECT COUNT(*) AS n FROM title').get() as { n: number }).n).toBe(changed.titles);
    expect((kept.prepare('SELECT COUNT(*) AS n FROM loan').get() as { n: number }).n).toBe(changed.loans);
    kept.close();
    expect(fs.existsSync(`${ctx.databaseFile}.khoi-phuc.tmp`)).toBe(false);
    // It is listed too (a restore can be undone).
    expect((await ctx.call('backup.list', {})).map((b) => b.kind)).toContain('before-restore');
  });

  it('ctx.sql follows the restore: the connection taken before is closed, ctx.sql reads the restored file', async () => {
    const ctx = await tempContext();
    contexts.push(ctx);
    putSetting(ctx.sql, 'test.marker', 'trước sao lưu', ctx.now());
    const entry = await ctx.call('backup.run', { scheduled: false });
    putSetting(ctx.sql, 'test.marker', 'sau sao lưu', ctx.now());
    const before = ctx.sql;
    expect(getSetting(before, 'test.marker', null)).toBe('sau sao lưu');

    await ctx.call('backup.restore', { file: entry.file });
    expect(before.open).toBe(false);
    expect(ctx.sql).not.toBe(before);
    expect(ctx.sql.open).toBe(true);
    expect(getSetting(ctx.sql, 'test.marker', null)).toBe('trước sao lưu');
  });

  it('refuses random bytes, a foreign SQLite file and a file not in the list, changing nothing', async () => {
    const ctx = await demoContext();
    await ctx.call('backup.run', {});
    const dir = backupsDir(ctx);
    const random = path.join(dir, 'ngau-nhien.db');
    fs.writeFileSync(random, crypto.randomBytes(200_000));
    const foreign = path.join(dir, 'khac.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE khach (id INTEGER PRIMARY KEY, ten TEXT); INSERT INTO khach (ten) VALUES (\'a\')');
    other.close();
    const newer = path.join(dir, 'moi-hon.db');
    fs.copyFileSync(path.join(dir, (await ctx.call('backup.list', {}))[0].file), newer);
    const n = new Database(newer);
    n.prepare('INSERT INTO migrations (timestamp, name) VALUES (?, ?)').run(1999999999999, 'FromTheFuture1999999999999');
    n.close();

    ctx.sql.pragma('wal_checkpoint(TRUNCATE)');
    const before = { db: sha(ctx.databaseFile), files: fs.readdirSync(dir).sort(), titles: count(ctx, 'title') };
    const { restoreInContext } = await import('./handlers');
    await expect(restoreInContext(ctx, random)).rejects.toThrow(/không phải tệp cơ sở dữ liệu SQLite/);
    await expect(restoreInContext(ctx, foreign)).rejects.toThrow(/không phải của Kệ Sách/);
    await expect(restoreInContext(ctx, newer)).rejects.toThrow(/phiên bản Kệ Sách mới hơn/);
    const viaContract = await dispatch(ctx, 'backup.restore', { file: 'khac.db' });
    expect(viaContract).toMatchObject({ ok: false, code: 'BACKUP_NOT_FOUND' });
    expect(sha(ctx.databaseFile)).toBe(before.db);
    expect(fs.readdirSync(dir).sort()).toEqual(before.files);
    expect(count(ctx, 'title')).toBe(before.titles);
  });

  it('saves the rotation and the second folder, copies there, and warns when it is missing', async () => {
    const ctx = await demoContext();
    expect(await ctx.call('backup.getSettings', {})).toEqual({ daily: 7, weekly: 4, monthly: 12, secondFolder: '' });
    const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-usb-'));
    dirs.push(usb);
    await expect(ctx.call('backup.saveSettings', { daily: 3, weekly: 2, monthly: 6, secondFolder: path.join(usb, 'khong-co') })).rejects.toThrow(/Không tìm thấy thư mục/);
    await ctx.call('backup.saveSettings', { daily: 3, weekly: 2, monthly: 6, secondFolder: usb });
    const entry = await ctx.call('backup.run', {});
    expect(entry.secondCopy).toBe('ok');
    expect(sha(path.join(usb, SECOND_FOLDER_SUBDIR, entry.file))).toBe(entry.sha256);
    fs.rmSync(usb, { recursive: true });
    expect((await ctx.call('backup.status', {})).secondFolderMissing).toBe(true);
    expect((await ctx.call('backup.run', {})).secondCopy).toBe('missing');
    expect((await ctx.call('backup.getSettings', {})).daily).toBe(3);
  });
});

describe('the backups folder holds only our files (issue 17, case 4)', () => {
  const at = (day: number, hour: number) => new Date(2026, 10, day, hour, 0, 0);
  it('ignores and reports manifest entries that are paths or changed files, and rotation deletes none of them', async () => {
    const ctx = await demoContext();
    const dir = backupsDir(ctx);
    const real = await backupNow(ctx.databaseFile, 'auto', at(20, 8));
    // A file of our pattern whose content is not what the manifest recorded, and one of another program.
    const swapped = 'kesach-20261121-080000.db';
    fs.writeFileSync(path.join(dir, swapped), 'không phải bản sao lưu');
    fs.writeFileSync(path.join(dir, 'anh-lop-6a1.jpg'), 'ảnh');
    // And one of the same size with one byte changed (only its sha256 tells).
    const tampered = 'kesach-20261119-080000.db';
    const bytes = fs.readFileSync(path.join(dir, real.file));
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(path.join(dir, tampered), bytes);
    const liveSha = sha(ctx.databaseFile);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const forged = (file: string, day: number) => ({ ...real, file, at: at(day, 9).toISOString() });
    manifest.entries.push(
      { ...forged('../kesach.db', 23), sha256: liveSha },
      { ...forged(ctx.databaseFile, 24), sha256: liveSha },
      forged(swapped, 21),
      forged('anh-lop-6a1.jpg', 22),
      forged(tampered, 19),
    );
    manifest.settings = { ...manifest.settings, daily: 1, weekly: 0, monthly: 0 };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));

    const status = await ctx.call('backup.status', {});
    expect(status.lastGood?.file).toBe(real.file);
    expect(status.warnings).toHaveLength(4);
    expect(status.warnings.join('\n')).toContain('"../kesach.db" trong sổ sao lưu (manifest.json): đó không phải tên một tệp sao lưu của Kệ Sách');
    expect(status.warnings.join('\n')).toContain(`"${ctx.databaseFile}"`);
    expect(status.warnings.join('\n')).toContain(`"${swapped}": nội dung tệp không khớp với mã kiểm tra (sha256)`);
    expect((await ctx.call('backup.list', {})).map((b) => b.file)).toEqual([real.file]);
    // The status reads only the newest files; once the list has read them all, it reports the tampered one too.
    expect((await ctx.call('backup.status', {})).warnings.join('\n')).toContain(`"${tampered}": nội dung tệp không khớp`);
    expect(await dispatch(ctx, 'backup.restore', { file: swapped })).toMatchObject({ ok: false, code: 'BACKUP_NOT_FOUND' });
    expect(await dispatch(ctx, 'backup.restore', { file: tampered })).toMatchObject({ ok: false, code: 'BACKUP_NOT_FOUND' });

    // The next automatic backup rotates (keep 1 day): our older one goes, nothing else.
    const next = await backupNow(ctx.databaseFile, 'auto', at(25, 8));
    expect(fs.existsSync(path.join(dir, real.file))).toBe(false);
    expect(fs.existsSync(ctx.databaseFile)).toBe(true);
    expect(count(ctx, 'title')).toBe(next.counts!.titles);
    expect(fs.readFileSync(path.join(dir, swapped), 'utf8')).toBe('không phải bản sao lưu');
    expect(fs.existsSync(path.join(dir, 'anh-lop-6a1.jpg'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, tampered)).equals(bytes)).toBe(true);
    expect((await ctx.call('backup.status', {})).lastGood?.file).toBe(next.file);
  });

  it('the second folder: the app writes into its own subfolder with its own manifest and rotation; another manifest.json there is never touched', async () => {
    const ctx = await demoContext();
    const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-usb-'));
    dirs.push(usb);
    const theirs = JSON.stringify({ chuongTrinh: 'Phần mềm khác', tep: ['bao-cao.xlsx'] });
    fs.writeFileSync(path.join(usb, 'manifest.json'), theirs);
    fs.writeFileSync(path.join(usb, 'kesach-20261101-080000.db'), 'tệp của người dùng');
    await ctx.call('backup.saveSettings', { daily: 1, weekly: 0, monthly: 0, secondFolder: usb });
    const first = await backupNow(ctx.databaseFile, 'auto', at(20, 8));
    const manual = await backupNow(ctx.databaseFile, 'manual', at(20, 9));
    const last = await backupNow(ctx.databaseFile, 'auto', at(21, 8));
    expect([first.secondCopy, manual.secondCopy, last.secondCopy]).toEqual(['ok', 'ok', 'ok']);

    expect(fs.readFileSync(path.join(usb, 'manifest.json'), 'utf8')).toBe(theirs);
    expect(fs.readFileSync(path.join(usb, 'kesach-20261101-080000.db'), 'utf8')).toBe('tệp của người dùng');
    const own = path.join(usb, SECOND_FOLDER_SUBDIR);
    // The same rotation as backups/: the older automatic copy is gone there too, the manual one stays.
    expect(fs.readdirSync(own).sort()).toEqual([last.file, manual.file, 'manifest.json'].sort());
    const theirManifest = JSON.parse(fs.readFileSync(path.join(own, 'manifest.json'), 'utf8'));
    expect(theirManifest.entries.map((e: { file: string }) => e.file).sort()).toEqual([last.file, manual.file].sort());
    expect(theirManifest.settings.secondFolder).toBe('');
    expect(sha(path.join(own, last.file))).toBe(last.sha256);
  });
});

describe('backups of the same day (issue 18, item 5)', () => {
  const at = (day: number, hour: number, minute = 0, second = 0) => new Date(2026, 10, day, hour, minute, second);
  it('a manual backup survives the closing backup 2 minutes later, the morning automatic one survives the manual one; autos keep the newest of each day', async () => {
    const ctx = await demoContext();
    const names = async () => (await ctx.call('backup.list', {})).map((b) => b.file);
    const morning = await backupNow(ctx.databaseFile, 'auto', at(26, 7, 30));
    const migration = await backupNow(ctx.databaseFile, 'before-migration', at(26, 7, 45));
    const manual = await backupNow(ctx.databaseFile, 'manual', at(26, 10, 0, 5));
    expect(await names()).toEqual([manual.file, migration.file, morning.file]);
    const closing = await backupNow(ctx.databaseFile, 'auto', at(26, 10, 2, 5));
    // The documented rule: of the automatic ones, the newest of the day; nothing else rotates.
    expect(await names()).toEqual([closing.file, manual.file, migration.file]);
    const restoreKept = await backupNow(ctx.databaseFile, 'before-restore', at(27, 8));
    const tomorrow = await backupNow(ctx.databaseFile, 'auto', at(27, 9));
    await ctx.call('backup.saveSettings', { daily: 1, weekly: 0, monthly: 0, secondFolder: '' });
    expect(await names()).toEqual([tomorrow.file, restoreKept.file, manual.file, migration.file]);
  });
});

describe('damage, full disk, read-only, locked', () => {
  it('detects a file with overwritten pages at open, never writes to it, keeps it aside and restores from the newest backup', async () => {
    const ctx = await demoContext();
    const good = await ctx.call('backup.run', {});
    await ctx.database.close();
    const file = ctx.databaseFile;
    const fd = fs.openSync(file, 'r+');
    const pageSize = 4096;
    const pages = fs.statSync(file).size / pageSize;
    fs.writeSync(fd, crypto.randomBytes(pageSize * 6), 0, pageSize * 6, pageSize * Math.floor(pages / 2));
    fs.closeSync(fd);
    const damagedSha = sha(file);
    expect(findDamage(file)).not.toBeNull();

    // The CLI's way: an error naming the damage and the backups.
    await expect(openContext({ dataDir: ctx.dataDir, mode: 'cli' })).rejects.toThrow(/bị hỏng[\s\S]*Bản sao lưu tốt gần nhất/);
    // The app's way: a context that answers only backup.* and offers the newest verified backup.
    const app = await openContext({ dataDir: ctx.dataDir, mode: 'browser', onDamage: 'report', now: ctx.now });
    expect(app.damage?.newest?.file).toBe(good.file);
    expect(fs.existsSync(app.damage!.keptAs!)).toBe(true);
    expect(sha(app.damage!.keptAs!)).toBe(damagedSha);
    expect(await dispatch(app, 'catalogue.search', {})).toMatchObject({ ok: false, code: 'DATABASE_DAMAGED' });
    expect(await dispatch(app, 'backup.run', {})).toMatchObject({ ok: false, code: 'DATABASE_DAMAGED' });
    expect(((await dispatch(app, 'backup.status', {})) as { value: { damage: { problem: string } } }).value.damage.problem).toMatch(/hỏng|lỗi/);
    expect(sha(file)).toBe(damagedSha);

    const r = await dispatch(app, 'backup.restore', { file: good.file });
    expect(r).toMatchObject({ ok: true, value: { counts: good.counts, replacedKeptAs: null } });
    expect(app.damage).toBeNull();
    expect(await dispatch(app, 'catalogue.search', {})).toMatchObject({ ok: true });
    expect(fs.readdirSync(backupsDir(ctx)).filter((f) => f.includes('-hong-') && f.endsWith('.db'))).toHaveLength(1);
    await app.database.close();
    ctx.database = app.database;
  });

  it('with no checked backup, a file chosen on a USB stick is sent in pieces, checked like any restore (junk refused) and restored', async () => {
    const ctx = await demoContext();
    const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-usb-'));
    dirs.push(usb);
    const onStick = await writeVerifiedCopy(ctx.databaseFile, path.join(usb, 'thu-vien-cu.db'));
    await ctx.database.close();
    const fd = fs.openSync(ctx.databaseFile, 'r+');
    fs.writeSync(fd, crypto.randomBytes(4096 * 6), 0, 4096 * 6, 4096 * Math.floor(fs.statSync(ctx.databaseFile).size / 4096 / 2));
    fs.closeSync(fd);
    const app = await openContext({ dataDir: ctx.dataDir, mode: 'browser', onDamage: 'report', now: ctx.now });
    ctx.database = app.database;
    expect(app.damage?.newest).toBeNull();
    const value = async <T>(p: Promise<{ ok: boolean }>) => {
      const r = await p;
      if (!r.ok) throw new Error(JSON.stringify(r));
      return (r as unknown as { value: T }).value;
    };
    const send = async (bytes: Buffer, fileName: string) => {
      const { uploadId, chunkBytes } = await value<{ uploadId: string; chunkBytes: number }>(dispatch(app, 'backup.uploadBegin', { fileName, size: bytes.length }));
      expect(chunkBytes).toBeGreaterThan(0);
      // Two pieces, the way the screen sends a large file.
      const half = Math.floor(bytes.length / 2);
      await value(dispatch(app, 'backup.uploadChunk', { uploadId, offset: 0, base64: bytes.subarray(0, half).toString('base64') }));
      await value(dispatch(app, 'backup.uploadChunk', { uploadId, offset: half, base64: bytes.subarray(half).toString('base64') }));
      return uploadId;
    };
    const damagedSha = sha(ctx.databaseFile);
    const junk = await send(crypto.randomBytes(50_000), 'anh.jpg');
    expect(await dispatch(app, 'backup.checkUpload', { uploadId: junk })).toMatchObject({ ok: false, code: 'RESTORE_REFUSED' });
    expect(await dispatch(app, 'backup.restoreUpload', { uploadId: junk })).toMatchObject({ ok: false, code: 'UPLOAD_NOT_FOUND' });
    expect(sha(ctx.databaseFile)).toBe(damagedSha);
    expect(app.damage).not.toBeNull();

    const good = await send(fs.readFileSync(path.join(usb, 'thu-vien-cu.db')), 'thu-vien-cu.db');
    expect(await value(dispatch(app, 'backup.checkUpload', { uploadId: good }))).toEqual({ fileName: 'thu-vien-cu.db', bytes: onStick.bytes, counts: onStick.counts, pending: 0 });
    const restored = await value<{ restored: string; counts: unknown }>(dispatch(app, 'backup.restoreUpload', { uploadId: good }));
    expect(restored).toMatchObject({ restored: 'thu-vien-cu.db', counts: onStick.counts });
    expect(app.damage).toBeNull();
    expect(await dispatch(app, 'catalogue.search', {})).toMatchObject({ ok: true, value: { total: onStick.counts.titles } });
    // The uploaded file is not left behind.
    expect(await dispatch(app, 'backup.restoreUpload', { uploadId: good })).toMatchObject({ ok: false, code: 'UPLOAD_NOT_FOUND' });
  });

  it('a full disk (max_page_count): a clear message and nothing half-written', async () => {
    const ctx = await demoContext();
    const school = await ctx.call('settings.getSchool', {});
    const titles = count(ctx, 'title');
    const sql = ctx.sql;
    sql.pragma(`max_page_count = ${sql.pragma('page_count', { simple: true }) as number}`);
    const r = await dispatch(ctx, 'settings.saveSchool', { ...school, address: 'Đảo '.repeat(100_000) });
    expect(r).toMatchObject({ ok: false, code: 'DISK_FULL' });
    expect((r as { message: string }).message).toMatch(/Ổ đĩa đã đầy.*chưa được ghi/);
    expect(await ctx.call('settings.getSchool', {})).toEqual(school);
    expect(count(ctx, 'title')).toBe(titles);
  });

  it('a read-only database and a file locked by another program: clear messages, nothing written', async () => {
    const ctx = await demoContext();
    const school = await ctx.call('settings.getSchool', {});
    const sql = ctx.sql;
    sql.pragma('query_only = 1');
    expect(await dispatch(ctx, 'settings.saveSchool', { ...school, principal: 'Người khác' })).toMatchObject({ ok: false, code: 'READ_ONLY' });
    sql.pragma('query_only = 0');
    const other = new Database(ctx.databaseFile);
    other.prepare('BEGIN IMMEDIATE').run();
    sql.pragma('busy_timeout = 50');
    const r = await dispatch(ctx, 'settings.saveSchool', { ...school, principal: 'Người khác' });
    expect(r).toMatchObject({ ok: false, code: 'LOCKED' });
    expect((r as { message: string }).message).toMatch(/chương trình khác khóa/);
    other.prepare('ROLLBACK').run();
    other.close();
    expect((await ctx.call('settings.getSchool', {})).principal).toBe(school.principal);
  });
});
