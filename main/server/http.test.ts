import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { samplePdf } from '../../tests/digital-samples';
import { exportsDirIn } from '../paths';
import { addDigitalFile } from '../services/digital/resources';
import { tempContext, type TestContext } from '../test-utils';
import { startHttpTransport, type HttpTransport } from './http';

let ctx: TestContext;
let transport: HttpTransport;
beforeEach(async () => {
  ctx = await tempContext();
  transport = await startHttpTransport({ ctx, port: 0 });
});
afterEach(async () => {
  await transport.close();
  await ctx.cleanup();
});

const callUrl = (m: string) => `${transport.url}api/call/${m}`;

describe('HTTP transport', () => {
  it('refuses a request without the token, or with a wrong one', async () => {
    const none = await fetch(callUrl('settings.getSchool'), { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { message: string }).message).toBe(`Địa chỉ này thiếu mã truy cập. Hãy mở lại đúng địa chỉ mà Kệ Sách in ra khi khởi động (http://127.0.0.1:${transport.port}/?token=…).`);
    const wrong = await fetch(callUrl('settings.getSchool'), { method: 'POST', body: '{}', headers: { 'x-kesach-token': 'x' + transport.token } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/^Mã truy cập trong địa chỉ này đã cũ hoặc không đúng .*http:\/\/127\.0\.0\.1:\d+\/\?token=…\)\.$/);
    const events = await fetch(`${transport.url}api/events`);
    expect(events.status).toBe(401);
  });

  it('opens a generated file through a short-lived link whose address carries no token', async () => {
    const dir = exportsDirIn(ctx.dataDir);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Ke hoach.pdf'), '%PDF-1.4 test');
    const ask = (body: unknown, token = transport.token) => fetch(`${transport.url}api/file-links`, { method: 'POST', body: JSON.stringify(body), headers: { 'x-kesach-token': token } });
    expect((await ask({ fileName: 'Ke hoach.pdf' }, 'x')).status).toBe(401);
    expect((await ask({ fileName: 'khong-co.pdf' })).status).toBe(404);
    const { value } = (await (await ask({ fileName: 'Ke hoach.pdf' })).json()) as { value: { href: string } };
    expect(value.href).toMatch(/^\/files\/[\w-]{24}\/Ke%20hoach\.pdf$/);
    expect(value.href).not.toContain(transport.token);
    const opened = await fetch(new URL(value.href, transport.url));
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-disposition')).toMatch(/^inline/);
    expect(await opened.text()).toBe('%PDF-1.4 test');
    const { value: dl } = (await (await ask({ fileName: 'Ke hoach.pdf', download: true })).json()) as { value: { href: string } };
    expect((await fetch(new URL(dl.href, transport.url))).headers.get('content-disposition')).toMatch(/^attachment/);
    // A digital resource (an e-book read in its own tab) the same way; one that does not exist answers 404.
    const titleId = (await ctx.call('catalogue.saveTitle', { title: 'Dế Mèn phiêu lưu ký', authors: ['Tô Hoài'], seriesId: 3 } as never)).id;
    fs.writeFileSync(path.join(ctx.dataDir, 'de-men.pdf'), samplePdf());
    const resource = await addDigitalFile(ctx, { titleId, source: { path: path.join(ctx.dataDir, 'de-men.pdf') }, name: 'Trích đoạn', subject: '', grade: null, access: 'public', note: '' });
    const { value: book } = (await (await ask({ digitalId: resource.id })).json()) as { value: { href: string } };
    expect(book.href).toMatch(new RegExp(`^/files/[\\w-]{24}/tai-lieu-${resource.id}$`));
    const read = await fetch(new URL(book.href, transport.url));
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer()).equals(samplePdf())).toBe(true);
    const { value: none } = (await (await ask({ digitalId: 987654 })).json()) as { value: { href: string } };
    expect((await fetch(new URL(none.href, transport.url))).status).toBe(404);
    // A made-up link opens nothing.
    const forged = await fetch(new URL(value.href.replace(/\/files\/[\w-]+\//, '/files/AAAAAAAAAAAAAAAAAAAAAAAA/'), transport.url));
    expect(forged.status).toBe(404);
    expect(((await forged.json()) as { message: string }).message).toContain('đã hết hạn');
  });

  it('serves the contract with the token', async () => {
    const res = await fetch(callUrl('settings.getSchool'), { method: 'POST', body: '{}', headers: { 'x-kesach-token': transport.token } });
    const body = (await res.json()) as { ok: boolean; value: { schoolName: string } };
    expect(body.ok).toBe(true);
    expect(body.value.schoolName).toBe('TRƯỜNG THCS AN VĨNH');
  });

  it('returns validation errors as data', async () => {
    const res = await fetch(callUrl('settings.saveSchool'), { method: 'POST', body: '{"schoolName":""}', headers: { 'x-kesach-token': transport.token } });
    expect(await res.json()).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('listens on 127.0.0.1 only', async () => {
    const addresses = Object.values(os.networkInterfaces()).flat()
      .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4' && !a.internal).map((a) => a.address);
    // A loopback alias that is not 127.0.0.1 exercises the same bind check on machines without a LAN card.
    for (const address of [...addresses, '127.0.0.2']) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: address, port: transport.port }, () => { socket.destroy(); resolve(true); });
        socket.on('error', () => resolve(false));
        socket.setTimeout(1000, () => { socket.destroy(); resolve(false); });
      });
      expect(reached, `reachable on ${address}`).toBe(false);
    }
  });

  it('rejects foreign Host headers (DNS rebinding)', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: transport.port }, () => {
        socket.write(`POST /api/call/settings.getSchool HTTP/1.1\r\nHost: evil.example\r\nx-kesach-token: ${transport.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
      });
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('end', () => resolve(Number(data.split(' ')[1])));
      socket.on('error', reject);
    });
    expect(res).toBe(403);
  });

  it('pushes events over SSE', async () => {
    const controller = new AbortController();
    const res = await fetch(`${transport.url}api/events?token=${transport.token}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    transport.broadcast('scanner.scan', { code: 'STK000001', at: 1 });
    let text = '';
    while (!text.includes('STK000001')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: scanner.scan');
    controller.abort();
  });
});
