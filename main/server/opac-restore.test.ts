import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreInContext } from '../services/backup/handlers';
import { backupsDirFor } from '../services/backup/manifest';
import { opacHolder } from '../services/opac/settings';
import { tempContext, type TestContext } from '../test-utils';
import { OpacHost } from './opac-host';
import path from 'node:path';

/**
 * Issue 17 case 1: an in-app restore while the OPAC runs on its own thread. The OPAC must let go of
 * the replaced file and serve the restored one: a PIN cleared after the restore no longer signs in,
 * a suggestion from a phone lands in the restored database, searches see the restored catalogue.
 */
let ctx: TestContext;
let base: string;

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(p));
  });
});
const post = (p: string, body: unknown) => fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const found = async (q: string) => ((await (await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`)).json()) as { total: number }).total;

beforeAll(async () => {
  ctx = await tempContext({ now: new Date('2026-11-30T09:00:00+07:00') });
  ctx.opac = new OpacHost({ dataDir: ctx.dataDir, databaseFile: ctx.databaseFile });
  ctx.holders = [opacHolder(ctx)];
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  await ctx.call('opac.saveSettings', { enabled: true, host: '127.0.0.1', port });
}, 60_000);

afterAll(async () => {
  await ctx.opac?.close();
  await ctx.cleanup();
});

describe('in-app restore with the OPAC on', () => {
  it('the OPAC then serves the restored database: cleared PIN refused, suggestion stored, restored catalogue', async () => {
    const stk = (await ctx.call('settings.listSeries', {})).find((s) => s.code === 'STK')!;
    await ctx.call('catalogue.saveTitle', { title: 'Dế Mèn phiêu lưu ký', authors: ['Tô Hoài'], seriesId: stk.id });
    const t = await ctx.call('readers.save', { kind: 'teacher', code: 'GV-01', fullName: 'Lê Thị Hoa', department: 'Tổ Văn' });
    await ctx.call('readers.setPin', { id: t.id, pin: '48291357' });
    const backup = await ctx.call('backup.run', {});
    // After the backup: a title the restore will take away again.
    await ctx.call('catalogue.saveTitle', { title: 'Kính vạn hoa', authors: ['Nguyễn Nhật Ánh'], seriesId: stk.id });
    expect(await found('kinh van hoa')).toBe(1);
    expect((await post('/api/signin', { card: t.cardNumber, pin: '48291357' })).status).toBe(200);

    await restoreInContext(ctx, path.join(backupsDirFor(ctx.databaseFile), backup.file));
    expect(ctx.opac!.state().running).toBe(true);

    expect(await found('kinh van hoa')).toBe(0);
    expect(await found('de men')).toBe(1);

    await ctx.call('readers.clearPin', { id: t.id });
    const signIn = await post('/api/signin', { card: t.cardNumber, pin: '48291357' });
    expect(signIn.status).toBe(401);

    const sent = await post('/api/suggestions', { title: 'Tôi thấy hoa vàng trên cỏ xanh', author: 'Nguyễn Nhật Ánh' });
    expect(sent.status).toBe(200);
    const titles = (await ctx.call('suggestions.list', {})).map((s) => s.title);
    expect(titles).toContain('Tôi thấy hoa vàng trên cỏ xanh');
    expect(ctx.sql.prepare("SELECT COUNT(*) FROM suggestion WHERE source = 'opac'").pluck().get()).toBe(1);
  }, 60_000);
});
