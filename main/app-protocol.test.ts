import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppFile, serveAppRequest } from './app-protocol';
import { cliArguments } from './cli/types';
import { isAppUrl, isTrustedSender, RENDERER_CSP } from './security';

let root: string;
let renderer: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-protocol-'));
  renderer = path.join(root, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Kệ Sách</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'kesach.db'), 'secret');
  fs.symlinkSync(path.join(root, 'kesach.db'), path.join(renderer, 'assets', 'link.js'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('app://kesach/ serves the built renderer folder and nothing else', () => {
  it('serves the page and its assets with their type and the CSP', async () => {
    expect(resolveAppFile(renderer, 'app://kesach/')).toBe(fs.realpathSync(path.join(renderer, 'index.html')));
    const page = await serveAppRequest(renderer, 'app://kesach/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await page.text()).toContain('Kệ Sách');
    const js = await serveAppRequest(renderer, 'app://kesach/assets/app.js?v=1');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses paths out of the folder, other hosts, folders, links out and missing files', async () => {
    for (const url of [
      'app://kesach/../kesach.db', 'app://kesach/%2e%2e/kesach.db', 'app://kesach/..%2fkesach.db', 'app://kesach/assets/..%2f..%2fkesach.db',
      'app://kesach/..%5ckesach.db', 'app://kesach/%00index.html', 'app://kesach/assets', 'app://kesach/assets/link.js', 'app://kesach/none.js',
      'app://evil/index.html', 'file:///tmp/x.html', 'not a url', 'app://kesach/%E0%A4%A',
    ]) {
      expect(resolveAppFile(renderer, url), url).toBeNull();
      expect((await serveAppRequest(renderer, url)).status, url).toBe(404);
    }
  });
});

describe('the trusted origin', () => {
  it('is exactly app://kesach, plus the dev server origin in development', () => {
    expect(isAppUrl('app://kesach/index.html')).toBe(true);
    expect(isTrustedSender('app://kesach/index.html#/muon-tra')).toBe(true);
    for (const url of ['file:///tmp/x.html', 'app://evil/', 'app://kesach.evil/', 'app://kesach:8080/', 'app://u:p@kesach/', 'http://kesach/', 'http://localhost:5173/', 'javascript:alert(1)', '']) {
      expect(isAppUrl(url), url).toBe(false);
      expect(isTrustedSender(url), url).toBe(false);
    }
    expect(isTrustedSender(undefined)).toBe(false);
    const dev = 'http://localhost:5173';
    expect(isTrustedSender('http://localhost:5173/#/sach', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.com/', dev)).toBe(false);
    expect(isAppUrl('file:///tmp/x.html', dev)).toBe(false);
  });

  it('does not allow file: images any more (photos are data: URLs)', () => {
    expect(RENDERER_CSP).not.toContain('file:');
  });
});

describe('the installed app\'s command line', () => {
  it('takes the arguments after --cli, and none means the window app', () => {
    expect(cliArguments(['C:\\Kệ Sách\\Kệ Sách.exe', '--cli', 'backup', '--auto'])).toEqual(['backup', '--auto']);
    expect(cliArguments(['electron', '.', '--cli', 'help'])).toEqual(['help']);
    expect(cliArguments(['C:\\Kệ Sách\\Kệ Sách.exe'])).toBeNull();
  });
});

describe('app://kesach/digital/<id>: a digital resource in the desktop app (as /api/digital/<id> in the browser)', () => {
  it('serves the bytes with their type, ranges and a download form; a missing id is 404; other paths stay files', async () => {
    const { tempContext } = await import('./test-utils');
    const { addDigitalFile } = await import('./services/digital/resources');
    const { samplePdf } = await import('../tests/digital-samples');
    const { digitalIdOf, serveDigital } = await import('./app-protocol');
    const ctx = await tempContext();
    try {
      const titleId = (await ctx.call('catalogue.saveTitle', { title: 'Dế Mèn phiêu lưu ký', authors: ['Tô Hoài'], seriesId: 3 } as never)).id;
      const pdf = samplePdf();
      const file = path.join(ctx.dataDir, 'de-men.pdf');
      fs.writeFileSync(file, pdf);
      const r = await addDigitalFile(ctx, { titleId, source: { path: file }, name: 'Dế Mèn', subject: '', grade: null, access: 'library', note: '' });
      expect(digitalIdOf(`app://kesach/digital/${r.id}`)).toBe(r.id);
      for (const url of ['app://kesach/digital/0', 'app://kesach/digital/1/x', 'app://evil/digital/1', 'app://kesach/digital/../index.html']) expect(digitalIdOf(url), url).toBeNull();

      const whole = serveDigital(ctx, r.id, `app://kesach/digital/${r.id}`, null);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-type')).toBe('application/pdf');
      expect(whole.headers.get('content-disposition')).toMatch(/^inline; filename\*=UTF-8''de-men\.pdf$/);
      expect(Buffer.from(await whole.arrayBuffer()).equals(pdf)).toBe(true);
      const part = serveDigital(ctx, r.id, `app://kesach/digital/${r.id}`, 'bytes=0-3');
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 0-3/${pdf.length}`);
      expect(await part.text()).toBe('%PDF');
      expect(serveDigital(ctx, r.id, `app://kesach/digital/${r.id}`, `bytes=${pdf.length + 10}-`).status).toBe(416);
      const download = serveDigital(ctx, r.id, `app://kesach/digital/${r.id}?download=1`, null);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
      expect((await download.arrayBuffer()).byteLength).toBe(pdf.length);
      const missing = serveDigital(ctx, 99999, 'app://kesach/digital/99999', null);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toMatch(/[ÀÁẢÃẠàáảãạĂăÂâĐđÊêÔôƠơƯư]|Không/);
    } finally {
      // Let the probe streams serveDigital opened and destroyed finish closing before the folder goes.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await ctx.cleanup();
    }
  }, 60_000);
});
