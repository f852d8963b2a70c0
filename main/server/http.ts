import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { eventNames, type EventName } from '../../shared/contract';
import { rendererCsp } from '../../shared/security';
import type { ServiceContext } from '../services/context';
import { dispatch } from '../services/dispatch';
import { SESSION_HEADER } from '../../shared/ipc';
import { exportsDirIn } from '../paths';
import { sendResource } from './resource-response';

export interface HttpTransportOptions {
  ctx: ServiceContext;
  /** Built renderer (index.html + assets); omitted = API only. */
  staticDir?: string;
  port?: number;
  token?: string;
}

export interface HttpTransport {
  url: string;
  port: number;
  token: string;
  /** Pushes an event to every connected browser (SSE). */
  broadcast: (event: EventName, payload: unknown) => void;
  close: () => Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
  '.json': 'application/json', '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.wav': 'audio/wav',
};

const CSP = rendererCsp();
/** How long a link from POST /api/file-links opens its file: time for the tab (and its PDF viewer's own requests). */
const FILE_LINK_MS = 2 * 60_000;

function tokensEqual(a: string | undefined | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * What a person reads when the address lacks the token or carries an old one (the token changes at
 * every start): where the right address comes from, in their words.
 */
export function unauthorizedMessage(presented: string | null | undefined, port: number): string {
  const where = `Hãy mở lại đúng địa chỉ mà Kệ Sách in ra khi khởi động (http://127.0.0.1:${port}/?token=…).`;
  return presented
    ? `Mã truy cập trong địa chỉ này đã cũ hoặc không đúng (mã đổi mỗi lần Kệ Sách khởi động lại). ${where}`
    : `Địa chỉ này thiếu mã truy cập. ${where}`;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(data);
}

/**
 * Serves the contract over HTTP on 127.0.0.1 only, guarded by a per-run token:
 * POST /api/call/<method> (JSON body, header x-kesach-token), GET /api/events (SSE, ?token=),
 * GET /api/files/<name> (generated PDFs/Excel, ?token=), POST /api/file-links ({ fileName, download } → a two-minute
 * link /files/<id>/<name> that needs no token: what the renderer opens in a tab), GET /api/digital/<id> (a digital resource's bytes, with
 * byte ranges, ?token=), and the built renderer.
 */
export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const clients = new Set<http.ServerResponse>();
  const ctx = options.ctx;
  const exportsDir = exportsDirIn(ctx.dataDir);
  let port = options.port ?? 0;

  // Short-lived links to generated files (POST /api/file-links): what a new tab opens instead of `/api/files/…?token=…`,
  // so the token never shows in an address bar, a copied address or the downloads list.
  const fileLinks = new Map<string, { name: string; digitalId?: number; download: boolean; expires: number }>();
  const sendExport = (res: http.ServerResponse, name: string, download: boolean) => {
    const file = path.join(exportsDir, name);
    if (!fs.existsSync(file)) return sendJson(res, 404, { ok: false, code: 'NOT_FOUND', message: 'Không tìm thấy tệp.' });
    res.writeHead(200, {
      'content-type': MIME[path.extname(name)] ?? 'application/octet-stream',
      'content-disposition': `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const host = (req.headers.host ?? '').split(':')[0];
      if (host !== '127.0.0.1' && host !== 'localhost') {
        // DNS-rebinding guard: only loopback host names are served.
        return sendJson(res, 403, { ok: false, code: 'FORBIDDEN', message: 'Chỉ phục vụ trên máy này (127.0.0.1).' });
      }
      const presented = (req.headers['x-kesach-token'] as string | undefined) ?? url.searchParams.get('token');
      const linked = /^\/files\/([A-Za-z0-9_-]{16,64})\/([^/]+)$/.exec(url.pathname);
      if (linked && (req.method === 'GET' || req.method === 'HEAD')) {
        // A generated file by its short-lived link: the address a new tab shows carries no token.
        const link = fileLinks.get(linked[1]);
        if (!link || link.expires < Date.now()) {
          return sendJson(res, 404, { ok: false, code: 'LINK_EXPIRED', message: 'Địa chỉ tệp này đã hết hạn. Hãy bấm "Mở tệp" lại trong Kệ Sách.' });
        }
        if (link.digitalId !== undefined) return sendResource(ctx, link.digitalId, req, res, () => true, link.download);
        return sendExport(res, link.name, link.download);
      }
      if (url.pathname.startsWith('/api/')) {
        if (!tokensEqual(presented, token)) {
          return sendJson(res, 401, { ok: false, code: 'UNAUTHORIZED', message: unauthorizedMessage(presented, port) });
        }
        if (url.pathname.startsWith('/api/call/') && req.method === 'POST') {
          const method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
          const body = await readBody(req);
          let input: unknown;
          try {
            input = body.length ? JSON.parse(body) : {};
          } catch {
            return sendJson(res, 400, { ok: false, code: 'INVALID_JSON', message: 'Dữ liệu gửi lên không phải JSON hợp lệ.' });
          }
          // Beside the run token, the desk session says which account acts (none: the Thủ thư while "open straight in" is on).
          const session = req.headers[SESSION_HEADER];
          return sendJson(res, 200, await dispatch(ctx, method, input, { session: typeof session === 'string' ? session : null }));
        }
        if (url.pathname === '/api/events' && req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
          res.write(': connected\n\n');
          clients.add(res);
          req.on('close', () => clients.delete(res));
          return;
        }
        if (url.pathname.startsWith('/api/files/') && req.method === 'GET') {
          return sendExport(res, path.basename(decodeURIComponent(url.pathname.slice('/api/files/'.length))), !!url.searchParams.get('download'));
        }
        if (url.pathname === '/api/file-links' && req.method === 'POST') {
          let input: { fileName?: unknown; digitalId?: unknown; download?: unknown };
          try {
            input = JSON.parse(await readBody(req)) as typeof input;
          } catch {
            return sendJson(res, 400, { ok: false, code: 'INVALID_JSON', message: 'Dữ liệu gửi lên không phải JSON hợp lệ.' });
          }
          // A generated file by name, or a digital resource by id (an e-book opened to read in its own tab).
          const digitalId = Number.isSafeInteger(input.digitalId) && (input.digitalId as number) > 0 ? input.digitalId as number : undefined;
          const name = digitalId !== undefined ? `tai-lieu-${digitalId}` : path.basename(String(input.fileName ?? ''));
          if (digitalId === undefined && (!name || !fs.existsSync(path.join(exportsDir, name)))) {
            return sendJson(res, 404, { ok: false, code: 'NOT_FOUND', message: 'Không tìm thấy tệp.' });
          }
          const now = Date.now();
          for (const [id, l] of fileLinks) if (l.expires < now) fileLinks.delete(id);
          const id = crypto.randomBytes(18).toString('base64url');
          fileLinks.set(id, { name, digitalId, download: input.download === true, expires: now + FILE_LINK_MS });
          return sendJson(res, 200, { ok: true, value: { href: `/files/${id}/${encodeURIComponent(name)}` } });
        }
        const digital = /^\/api\/digital\/(\d{1,12})$/.exec(url.pathname);
        if (digital && (req.method === 'GET' || req.method === 'HEAD')) {
          // The desk's preview of a digital resource (any access level: this is the librarian's app).
          sendResource(ctx, Number(digital[1]), req, res, () => true, url.searchParams.has('download'));
          return;
        }
        return sendJson(res, 404, { ok: false, code: 'NOT_FOUND', message: 'Không có địa chỉ này.' });
      }
      if (!options.staticDir) return sendJson(res, 404, { ok: false, code: 'NOT_FOUND', message: 'Không có giao diện.' });
      serveStatic(options.staticDir, url.pathname, res);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, code: 'INTERNAL', message: 'Lỗi máy chủ.' });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const heartbeat = setInterval(() => clients.forEach((c) => c.write(': ping\n\n')), 25_000);
  heartbeat.unref();

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    broadcast(event, payload) {
      if (!eventNames.includes(event)) return;
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      clients.forEach((c) => c.write(frame));
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        clients.forEach((c) => c.end());
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 50 * 1024 * 1024) {
        reject(new Error('Dữ liệu quá lớn.'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const safe = path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(root, safe);
  if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    file = path.join(root, 'index.html');
  }
  if (!fs.existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Chưa dựng giao diện: chạy "npm run build:web".');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
  });
  fs.createReadStream(file).pipe(res);
}
