import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../../../shared/numbers';
import { tempContext, type TestContext } from '../../test-utils';
import { backupNow } from '../backup/backups';
import { restoreInContext } from '../backup/handlers';
import { backupsDirFor } from '../backup/manifest';
import { generateDemo } from '../demo';
import { UNION_KEY_FILE } from './settings';
import { startUnionSchedule } from './sync';

/** Cài đặt → Liên thông through the contract: what is stored where, what is refused, "Đồng bộ ngay", the schedule. */
let ctx: TestContext;
let server: http.Server;
let url: string;
const pushes: string[] = [];
const KEY = 'k3y-truong-an-vinh-2f9c41d07e';

beforeAll(async () => {
  ctx = await tempContext();
  await generateDemo(ctx.sql, { seed: 2, copies: 150, students: 20, teachers: 2, loans: 20, titles: 40, now: ctx.now() });
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      pushes.push(body);
      if (req.headers['x-kesach-union-key'] !== KEY) return res.writeHead(401).end('{}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ acknowledged: (JSON.parse(body) as { cursor: number }).cursor, school: 'THCS An Vĩnh' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 60_000);
afterAll(async () => {
  server?.close();
  await ctx?.cleanup();
});

const allText = () => {
  const sql = ctx.sql;
  return ['setting', 'audit_log'].map((t) => JSON.stringify(sql.prepare(`SELECT * FROM ${t}`).all())).join('\n');
};

describe('Cài đặt → Liên thông', () => {
  it('refuses an address outside the school network over http://, and a CA file that is not a certificate; nothing changes', async () => {
    const before = allText();
    await expect(ctx.call('union.saveSettings', { server: 'http://203.113.1.5:8090/', key: KEY })).rejects.toThrow(/không nằm trong mạng nội bộ: hãy dùng https:\/\//);
    await expect(ctx.call('union.saveSettings', { server: 'https://lienthong.example.vn/?key=abc' })).rejects.toThrow(/không được chứa/);
    const notPem = path.join(ctx.dataDir, 'ca.txt');
    fs.writeFileSync(notPem, 'không phải chứng chỉ');
    await expect(ctx.call('union.saveSettings', { server: 'https://lienthong.example.vn/', caFile: notPem })).rejects.toThrow(/cần một tệp PEM/);
    expect(allText()).toBe(before);
    expect(fs.existsSync(path.join(ctx.dataDir, UNION_KEY_FILE))).toBe(false);
  });

  it('keeps the key in its own owner-only file, never in the database or the audit row; shows only its last four characters', async () => {
    const saved = await ctx.call('union.saveSettings', { server: url, key: KEY, auto: false });
    expect(saved).toMatchObject({ server: url, caFile: null, auto: false, status: { configured: true } });
    expect(saved.keyHint).toBe(`••••${KEY.slice(-4)}`);
    expect(JSON.stringify(await ctx.call('union.getSettings', {}))).not.toContain(KEY.slice(0, -4));
    const file = path.join(ctx.dataDir, UNION_KEY_FILE);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(KEY);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(allText()).not.toContain(KEY);
    const log = await ctx.call('audit.list', { limit: 1 });
    expect(log.rows[0].what).toMatch(/^Sửa cài đặt liên thông: máy chủ \(trống\) → http:\/\/127\.0\.0\.1:\d+\/; tự động đồng bộ mỗi giờ có → không; đổi khoá của trường\.$/);
    // Saving again without a key keeps it.
    expect((await ctx.call('union.saveSettings', { server: url, auto: false })).keyHint).toBe(saved.keyHint);
  });

  it('"Đồng bộ ngay" pushes, records the success for the main screen and writes an audit row', async () => {
    const titles = ctx.sql.prepare('SELECT COUNT(*) FROM title').pluck().get() as number;
    const r = await ctx.call('union.pushNow', {});
    expect(r).toMatchObject({ school: 'THCS An Vĩnh', records: titles });
    const status = await ctx.call('union.getStatus', {});
    expect(status).toMatchObject({ configured: true, school: 'THCS An Vĩnh', lastError: null, lastRecords: titles, lastSuccessAt: ctx.now().toISOString() });
    expect((await ctx.call('audit.list', { limit: 1 })).rows[0].what)
      .toMatch(new RegExp(`^Đồng bộ với mục lục liên hợp 127\\.0\\.0\\.1:\\d+ cho THCS An Vĩnh: gửi ${formatNumber(titles)} đầu sách\\.$`));
    expect(ctx.events.some((e) => e.event === 'union.changed')).toBe(true);
  });

  it('a wrong key: the Vietnamese 401 message, kept in the status; the last success stays', async () => {
    await ctx.call('union.saveSettings', { server: url, key: 'khoa-da-bi-thu-hoi', auto: false });
    await expect(ctx.call('union.pushNow', {})).rejects.toThrow(/^Khoá của trường không đúng hoặc đã bị thu hồi/);
    const status = await ctx.call('union.getStatus', {});
    expect(status.lastError).toMatch(/^Khoá của trường không đúng hoặc đã bị thu hồi/);
    expect(status.lastSuccessAt).toBe(ctx.now().toISOString());
    await ctx.call('union.saveSettings', { server: url, key: KEY, auto: false });
  });

  it('the hourly schedule pushes only with "tự động" on, and a restore\'s stop waits for a running push', async () => {
    const count = pushes.length;
    const quiet = startUnionSchedule(ctx, 60 * 60 * 1000, 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await quiet.stop();
    expect(pushes.length).toBe(count);

    await ctx.call('union.saveSettings', { server: url, auto: true });
    const before = pushes.length;
    const schedule = startUnionSchedule(ctx, 60 * 60 * 1000, 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await schedule.holder.stop();
    expect(pushes.length).toBe(before + 1);
    expect((await ctx.call('union.getStatus', {})).lastError).toBeNull();
    await schedule.stop();
  });

  it('after a restore (in the app, with the schedule stopped and started around it) the next push is a full one: every title, one push id, the last batch marked', async () => {
    const titles = ctx.sql.prepare('SELECT COUNT(*) FROM title').pluck().get() as number;
    expect((await ctx.call('union.pushNow', {})).records).toBe(0);
    const backup = path.join(backupsDirFor(ctx.databaseFile), (await backupNow(ctx.databaseFile, 'manual', ctx.now())).file);
    const schedule = startUnionSchedule(ctx, 60 * 60 * 1000, 60 * 60 * 1000);
    try {
      ctx.holders = [...(ctx.holders ?? []), schedule.holder];
      await restoreInContext(ctx, backup);
    } finally {
      ctx.holders = (ctx.holders ?? []).filter((h) => h !== schedule.holder);
      await schedule.stop();
    }
    pushes.length = 0;
    expect((await ctx.call('union.pushNow', {})).records).toBe(titles);
    const sent = pushes.map((b) => JSON.parse(b) as { full?: boolean; pushId?: string; last?: boolean });
    expect(sent.every((b) => b.full === true && b.pushId === sent[0].pushId)).toBe(true);
    expect(sent.map((b) => b.last)).toEqual([...sent.slice(1).map(() => false), true]);
  });
});
