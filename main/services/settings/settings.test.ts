// vitest: shared — npm_package_version is put back in a finally block.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempContext, type TestContext } from '../../test-utils';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await tempContext();
});
afterAll(async () => ctx?.cleanup());

describe('settings.appInfo', () => {
  const packageVersion = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

  it("reports package.json's version even where npm_package_version is missing or another package's (a packaged app)", async () => {
    const saved = process.env.npm_package_version;
    try {
      process.env.npm_package_version = '9.9.9-not-this-app';
      expect((await ctx.call('settings.appInfo', {})).version).toBe(packageVersion);
      delete process.env.npm_package_version;
      expect((await ctx.call('settings.appInfo', {})).version).toBe(packageVersion);
    } finally {
      if (saved === undefined) delete process.env.npm_package_version;
      else process.env.npm_package_version = saved;
    }
  });

  it('names the data folder, the database file and the mode', async () => {
    const info = await ctx.call('settings.appInfo', {});
    expect(info.dataDir).toBe(ctx.dataDir);
    expect(info.databaseFile).toBe(ctx.databaseFile);
    expect(fs.existsSync(info.databaseFile)).toBe(true);
    // A CLI or test context is not the Electron app.
    expect(info.mode).toBe('browser');
  });
});

describe('settings.saveSchool / settings.saveSeries', () => {
  it('stores the school as one setting row and reads it back', async () => {
    const school = await ctx.call('settings.getSchool', {});
    await ctx.call('settings.saveSchool', { ...school, librarian: 'Trần Thị Lan' });
    expect((await ctx.call('settings.getSchool', {})).librarian).toBe('Trần Thị Lan');
    const rows = ctx.sql.prepare("SELECT value, updated_at AS at FROM setting WHERE key = 'school'").all() as { value: string; at: string }[];
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].value).librarian).toBe('Trần Thị Lan');
    expect(rows[0].at).toBe(ctx.now().toISOString().replace('T', ' ').replace('Z', ''));
  });

  it('refuses a report deadline that is not a day of the year (13-01 once passed as "MM-DD")', async () => {
    const school = await ctx.call('settings.getSchool', {});
    for (const reportDeadline of ['13-01', '02-30', '12/06']) {
      await expect(ctx.call('settings.saveSchool', { ...school, reportDeadline })).rejects.toThrow('Hạn nộp báo cáo ghi ngày/tháng, ví dụ 12/06.');
    }
    expect((await ctx.call('settings.getSchool', {})).reportDeadline).toBe(school.reportDeadline);
    expect((await ctx.call('settings.saveSchool', { ...school, reportDeadline: '05-31' })).reportDeadline).toBe('05-31');
  });

  it('adds a series at the end numbering from 1, edits it, and refuses a clashing code', async () => {
    const before = await ctx.call('settings.listSeries', {});
    const added = await ctx.call('settings.saveSeries', { code: 'bd', name: 'Bản đồ', prefix: 'BD', padding: 5, material: 'tranh' });
    expect(added).toMatchObject({ code: 'BD', prefix: 'BD', separator: '', padding: 5, nextNumber: 1, registerGroup: 'KHAC', material: 'tranh', active: true });
    const after = await ctx.call('settings.listSeries', {});
    expect(after.map((s) => s.code)).toEqual([...before.map((s) => s.code), 'BD']);
    const edited = await ctx.call('settings.saveSeries', { ...added, name: 'Bản đồ, tranh ảnh', active: false });
    expect(edited).toMatchObject({ id: added.id, name: 'Bản đồ, tranh ảnh', active: false, nextNumber: 1 });
    await expect(ctx.call('settings.saveSeries', { ...added, id: undefined, name: 'Khác' })).rejects.toThrow('Đã có loại tài liệu mã BD.');
    await expect(ctx.call('settings.saveSeries', { ...added, id: 99999 })).rejects.toThrow('Đã có loại tài liệu mã BD.');
  });
});
