import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '../../tests/digital-samples';
import { addDigitalFile } from '../services/digital/resources';
import { tempContext, type TestContext } from '../test-utils';
import type { OpacServer } from './opac-http';
import { runOpac } from './opac-run';

/**
 * Issue 17 case 7: views of the Thư viện số on the OPAC count once per resource, address and day, and are
 * written in batches, never one commit (one fsync) per request.
 */
let ctx: TestContext;
let server: OpacServer;
let resourceId: number;

/** A GET from a chosen loopback source address (127.0.0.x all reach a listener on 127.0.0.1 under Linux). */
function fetchFrom(localAddress: string, p: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: p, localAddress, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}
const views = () => ctx.sql.prepare('SELECT month, views FROM digital_view ORDER BY month').all();

beforeAll(async () => {
  ctx = await tempContext({ now: new Date('2026-11-30T09:00:00+07:00') });
  const titleId = (await ctx.call('catalogue.saveTitle', { title: 'Dế Mèn phiêu lưu ký', authors: ['Tô Hoài'], seriesId: 3 } as never)).id;
  const file = path.join(ctx.dataDir, 'de-men.pdf');
  fs.writeFileSync(file, samplePdf());
  resourceId = (await addDigitalFile(ctx, { titleId, source: { path: file }, name: 'Trích đoạn', subject: '', grade: null, access: 'public', note: '' })).id;
  server = await runOpac(ctx, { host: '127.0.0.1', port: 0 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await ctx?.cleanup();
});

describe('OPAC view counting', () => {
  it('a phone fetching a file one byte at a time counts one view, written later in one batch, not one commit per request', async () => {
    for (let i = 0; i < 40; i++) {
      const status = await fetchFrom('127.0.0.1', `/files/${resourceId}`, i % 2 ? { range: `bytes=${i}-${i}` } : { range: 'bytes=0-0' });
      expect(status).toBe(206);
    }
    expect(await fetchFrom('127.0.0.1', `/files/${resourceId}`)).toBe(200);
    expect(views()).toEqual([]); // nothing written per request
    server.flush();
    expect(views()).toEqual([{ month: '2026-11', views: 1 }]);
  });

  it('another address counts once more; the same address the next day too; closing writes what is gathered', async () => {
    expect(await fetchFrom('127.0.0.2', `/files/${resourceId}`)).toBe(200);
    expect(await fetchFrom('127.0.0.2', `/files/${resourceId}`)).toBe(200);
    expect(await fetchFrom('127.0.0.1', `/files/${resourceId}`)).toBe(200);
    server.flush();
    expect(views()).toEqual([{ month: '2026-11', views: 2 }]);
    ctx.now = () => new Date('2026-12-01T09:00:00+07:00');
    expect(await fetchFrom('127.0.0.1', `/files/${resourceId}`)).toBe(200);
    expect(await fetchFrom('127.0.0.1', `/files/${resourceId}`)).toBe(200);
    await server.close();
    expect(views()).toEqual([{ month: '2026-11', views: 2 }, { month: '2026-12', views: 1 }]);
    server = await runOpac(ctx, { host: '127.0.0.1', port: 0 });
  });
});
