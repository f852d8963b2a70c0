import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { assetsDir } from '../paths';
import type { UnionDb } from '../db/union/sql';
import { UNION_KEY_HEADER, UNION_PUSH_PATH, unionPushRequestSchema } from '../services/union/protocol';
import { receivePush } from '../services/union/receive';
import { schoolOf, listSchools } from '../services/union/schools';
import { OpacResultCache } from '../services/opac/cache';
import { foldedWords } from '../services/union/receive';
import { unionSearchJson, unionSearchParams, unionVersion } from '../services/union/search';
import { unionStats, unionStatsWorkbook } from '../services/union/stats';
import { COMMON_HEADERS, HttpError, readJsonBody, sendError, sendJson, sendJsonText, sendPageFile, listen } from './json-http';
import { RateLimiter } from './rate-limit';

/**
 * The district union catalogue's listener (mục lục liên hợp): the union OPAC page for phones, its
 * search, the schools list, the district figures and their Excel (all public and read-only, like a
 * school's OPAC: bibliographic data and counts only), and the schools' push endpoint (a school's key in
 * the `x-kesach-union-key` header). An explicit route table; nothing else is reachable.
 */

export interface UnionServerOptions {
  db: UnionDb;
  host: string;
  port: number;
  /** PEM certificate and key: the listener speaks HTTPS itself (else plain HTTP, e.g. behind a reverse proxy). */
  tls?: { cert: Buffer; key: Buffer };
  /** Token bucket per address for the public pages (default 300 at once, 150 a second, like the OPAC). */
  burst?: number;
  perSecond?: number;
  /** Token bucket per address for pushes (default 120 at once, 20 a second: a school sends batches one after another). */
  pushBurst?: number;
  pushPerSecond?: number;
  now?: () => Date;
  /** How many search answers are kept (default 500, like the OPAC). */
  cacheEntries?: number;
}

export interface UnionServer {
  port: number;
  host: string;
  /** `http://HOST:PORT/` (or https). */
  url: string;
  close(): Promise<void>;
}

/**
 * A push batch is at most UNION_BATCH_MAX (500) records; the protocol's longest record (1,000-character
 * title, 50 authors of 300) is about 17 KB as JSON, so 10 MiB holds any valid batch. Read only after the
 * key was accepted: a caller without a key never gets the server to buffer a byte of its body.
 */
export const UNION_PUSH_BODY_LIMIT = 10 * 1024 * 1024;

type Handler = (s: UnionState, req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> | void;

interface UnionState {
  options: UnionServerOptions;
  db: UnionDb;
  files: Record<string, { body: Buffer; type: string }>;
  keyFailures: RateLimiter;
  /**
   * Search answers (JSON text) while the union is unchanged (services/opac/cache.ts): the version is the pushes
   * this listener stored plus the database's own (the last union_log id, read at most once a second, for changes
   * made by another process: a second listener behind the same proxy).
   */
  searchCache: OpacResultCache<Promise<string>>;
  pushes: number;
  dbVersion: number;
  dbVersionAt: number;
}

/** The page: its own HTML and script, the school OPAC's stylesheet (the same look). */
function pageFiles(): UnionState['files'] {
  const read = (dir: string, name: string) => fs.readFileSync(path.join(assetsDir(), dir, name));
  return {
    '/': { body: read('union', 'index.html'), type: 'text/html; charset=utf-8' },
    '/union.js': { body: read('union', 'union.js'), type: 'text/javascript; charset=utf-8' },
    '/union.css': { body: read('union', 'union.css'), type: 'text/css; charset=utf-8' },
    '/opac.css': { body: read('opac', 'opac.css'), type: 'text/css; charset=utf-8' },
  };
}

const servePage: Handler = (s, _req, res, url) => {
  sendPageFile(res, s.files[url.pathname === '/index.html' ? '/' : url.pathname], url.pathname);
};

/** `GET /api/search?q=…&offset=…&limit=…` */
const search: Handler = async (s, _req, res, url) => {
  const p = unionSearchParams.parse({
    q: url.searchParams.get('q') ?? '', offset: url.searchParams.get('offset') ?? undefined, limit: url.searchParams.get('limit') ?? undefined,
  });
  // Phones of a district search the same few words: answers are kept while no push has changed the union.
  if (performance.now() - s.dbVersionAt > DB_VERSION_MS) {
    s.dbVersion = await unionVersion(s.db);
    s.dbVersionAt = performance.now();
  }
  const key = JSON.stringify([foldedWords(p.q).join(' '), p.q.replace(/\D/g, ''), p.offset, p.limit]);
  const answer = s.searchCache.get(key, () => unionSearchJson(s.db, p));
  try {
    sendJsonText(res, 200, await answer);
  } catch (error) {
    s.searchCache.forget(key);
    throw error;
  }
};

const schools: Handler = async (s, _req, res) => sendJson(res, 200, await listSchools(s.db));

const stats: Handler = async (s, _req, res) => sendJson(res, 200, await unionStats(s.db));

/** `GET /api/stats.xlsx`: the district figures as an Excel workbook for Phòng GD&ĐT. */
const statsXlsx: Handler = async (s, _req, res) => {
  const now = s.options.now?.() ?? new Date();
  const body = await unionStatsWorkbook(s.db, now);
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="thong-ke-lien-thong-${day}.xlsx"`,
    'content-length': String(body.length),
    'cache-control': 'no-store',
  });
  res.end(body);
};

/** How often the search reads the database's data version (changes by other processes show within this). */
const DB_VERSION_MS = 1000;

const WRONG_KEY = 'Khoá của trường không đúng hoặc đã bị thu hồi; không có gì thay đổi.';

/** `POST /api/push`: one batch of a school's records (protocol.ts). */
const push: Handler = async (s, req, res) => {
  const address = req.socket.remoteAddress ?? '';
  const header = req.headers[UNION_KEY_HEADER];
  const key = (Array.isArray(header) ? header[0] : header ?? '').trim();
  // The key first, before the body is read.
  if (!key || key.length > 200 || !(await schoolOf(s.db, key))) {
    req.resume();
    if (!s.keyFailures.take(address)) return sendError(res, 429, 'Gửi sai khoá quá nhiều lần từ máy này; hãy đợi một phút rồi thử lại.');
    return sendError(res, 401, WRONG_KEY);
  }
  const parsed = unionPushRequestSchema.safeParse(await readJsonBody(req, UNION_PUSH_BODY_LIMIT));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return sendError(res, 400, `Dữ liệu gửi lên không đúng giao thức liên thông (${issue.path.join('.') || 'gốc'}: ${issue.message}); không có gì thay đổi.`);
  }
  const outcome = await receivePush(s.db, key, parsed.data).finally(() => { s.pushes++; });
  if (outcome.status === 401) return sendError(res, 401, WRONG_KEY);
  if (outcome.status === 400) return sendError(res, 400, `${outcome.message} Không có gì thay đổi.`);
  sendJson(res, outcome.status, outcome.body);
};

const ROUTES: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {
  '/': { GET: servePage },
  '/index.html': { GET: servePage },
  '/union.js': { GET: servePage },
  '/union.css': { GET: servePage },
  '/opac.css': { GET: servePage },
  '/api/search': { GET: search },
  '/api/schools': { GET: schools },
  '/api/stats': { GET: stats },
  '/api/stats.xlsx': { GET: statsXlsx },
  [UNION_PUSH_PATH]: { POST: push },
};

/** Opens the union listener (HTTP, or HTTPS with `tls`). */
export async function startUnionServer(options: UnionServerOptions): Promise<UnionServer> {
  const limiter = new RateLimiter(options.burst ?? 300, options.perSecond ?? 150);
  const pushLimiter = new RateLimiter(options.pushBurst ?? 120, options.pushPerSecond ?? 20);
  const state: UnionState = {
    options, db: options.db, files: pageFiles(), keyFailures: new RateLimiter(10, 1 / 6), pushes: 0, dbVersion: 0, dbVersionAt: -Infinity,
    searchCache: new OpacResultCache<Promise<string>>(() => state.pushes + state.dbVersion, options.cacheEntries ?? 500),
  };
  const sweep = setInterval(() => { limiter.sweep(); pushLimiter.sweep(); state.keyFailures.sweep(); }, 60_000);
  sweep.unref();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      const address = req.socket.remoteAddress ?? '';
      // Only the path is read from the request line; the Host header is never used for anything.
      const url = new URL(req.url ?? '/', 'http://union.invalid');
      const isPush = url.pathname === UNION_PUSH_PATH;
      if (!(isPush ? pushLimiter : limiter).take(address)) {
        req.resume();
        return sendError(res, 429, 'Máy này gửi quá nhiều yêu cầu cùng lúc; hãy đợi vài giây rồi thử lại.', { 'retry-after': '2' });
      }
      const method = req.method === 'HEAD' ? 'GET' : req.method ?? 'GET';
      const route = ROUTES[url.pathname];
      if (!route) {
        req.resume();
        return sendError(res, 404, 'Không có trang này.');
      }
      const handler = route[method as 'GET' | 'POST'];
      if (!handler) {
        req.resume();
        return sendError(res, 405, 'Trang này không nhận yêu cầu kiểu này.', { allow: Object.keys(route).join(', ') });
      }
      await handler(state, req, res, url);
    } catch (error) {
      if (error instanceof HttpError) {
        if (!res.headersSent) sendError(res, error.status, error.message);
        return;
      }
      console.error('[union]', error);
      if (!res.headersSent) sendError(res, 503, 'Máy chủ liên thông không đọc được cơ sở dữ liệu lúc này; hãy thử lại sau. Không có gì thay đổi.');
      else res.destroy();
    }
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle) : http.createServer(handle);
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.maxHeadersCount = 50;

  await listen(server, options.port, options.host);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    host: options.host,
    url: `${options.tls ? 'https' : 'http'}://${options.host}:${port}/`,
    close: () => new Promise<void>((resolve) => {
      clearInterval(sweep);
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}
