import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { todayIso } from '../../shared/dates';
import { z } from 'zod';
import type { Sql } from '../db/sql';
import { assetsDir } from '../paths';
import type { ServiceContext } from '../services/context';
import { OpacResultCache } from '../services/opac/cache';
import { NO_FILES, opacFileAccess, opacHome, opacSearch, opacTitleDetail, type OpacFileAccess } from '../services/opac/search';
import { opacDataVersion, recordSearches, signInStaff } from '../services/opac/listener';
import { opacCancel, opacMyPage, opacReaderName, opacReserve } from '../services/opac/mine';
import { AppError } from '../../shared/errors';
import { pinStamp, staffSessionHolds } from '../services/readers/pin';
import { actingAs, opacActor } from '../services/actor';
import { COMMON_HEADERS, HttpError, readJsonBody, sendError, sendJson, sendJsonText, sendPageFile, listen } from './json-http';
import { RateLimiter, Tarpit } from './rate-limit';

/**
 * Tra cứu trực tuyến: the catalogue on the school network. A listener of its own, with its own router
 * and an explicit list of routes below; nothing of the desk's contract (no dispatch, no /api/call, no
 * token) is reachable here. To anyone it answers with bibliographic data and availability only, never a reader's
 * name, code, card, class or loans. A signed-in teacher or staff member also gets "Của tôi" (`/api/me`): her own
 * loans and reservations (placed and cancelled here too) and her class's ready holds, always the session's reader —
 * no route takes a reader id.
 */

/**
 * Digital resources as the OPAC offers them (main/server/opac-run.ts plugs in the Thư viện số). The search and
 * title pages list a title's files themselves, given the visitor's access levels (services/opac/search.ts).
 */
export interface OpacDigital {
  /** Answers a request for one resource by id only (never by path), checking its access level for this visitor. */
  send(id: number, staff: boolean, req: http.IncomingMessage, res: http.ServerResponse): void;
}

export interface PurchaseSuggestion { title: string; author: string; who: string; why: string }

export interface OpacServerOptions {
  /** For the few writes: the search counter, PIN tries, suggestions. */
  ctx: ServiceContext;
  /** A read-only connection for searches and title pages. */
  read: Sql;
  host: string;
  port: number;
  digital?: OpacDigital;
  suggest?: (s: PurchaseSuggestion) => Promise<void>;
  /** How many search answers the result cache keeps (default 500). */
  cacheEntries?: number;
  /** Token bucket per address (default 300 at once, 150 a second). */
  burst?: number;
  perSecond?: number;
  /**
   * How long an address over its rate waits for each answer (default 1000 ms), and how many such answers
   * are held at once per address (default 32) and overall (default 512); past a cap the connection is closed.
   */
  tarpitMs?: number;
  tarpitPerAddress?: number;
  tarpitTotal?: number;
}

export interface OpacServer {
  port: number;
  host: string;
  /** Writes the searches counted so far. */
  flush(): void;
  close(): Promise<void>;
}

const SESSION_COOKIE = 'kesach_opac';
const SESSION_HOURS = 8;
const BODY_LIMIT = 4 * 1024;
/** The page's three files, read once from assets/opac/ (served as separate files: the CSP allows no inline script). */
function pageFiles(): Record<string, { body: Buffer; type: string }> {
  const dir = path.join(assetsDir(), 'opac');
  const read = (name: string) => fs.readFileSync(path.join(dir, name));
  return {
    '/': { body: read('index.html'), type: 'text/html; charset=utf-8' },
    '/opac.js': { body: read('opac.js'), type: 'text/javascript; charset=utf-8' },
    '/opac.css': { body: read('opac.css'), type: 'text/css; charset=utf-8' },
  };
}

/** Free text from a query or a body: NFC, trimmed, cut at `max`; anything but a string reads as empty. */
const text = (max: number) => z.string().catch('').transform((v) => v.normalize('NFC').trim().slice(0, max));
/** A whole number of at most nine digits; anything else is left out (the search's default applies). */
const count = z.string().regex(/^\d{1,9}$/).transform(Number).optional().catch(undefined);

/** `/api/search?q=…&series=…&subject=…&grade=…&offset=…&limit=…` */
const searchParams = z.object({ q: text(200), series: count, subject: text(100), grade: count, offset: count, limit: count });
const signInBody = z.object({ card: text(40), pin: text(40) });
const suggestionBody = z.object({ title: text(300), author: text(200), who: text(100), why: text(1000) });
/** A teacher's reservation: the title only. Strict: a body naming a reader (or anything else) is refused, never read. */
const reserveBody = z.strictObject({ titleId: z.number().int().positive().max(999_999_999) });
const cancelBody = z.strictObject({
  id: z.number().int().positive().max(999_999_999),
  /** Required: a blank one gets the service's own words ("Hãy ghi lý do hủy đặt trước."). */
  reason: z.string().transform((v) => v.normalize('NFC').trim()).pipe(z.string().max(300)),
});

/** The first value of each named query parameter (null when absent), as `URLSearchParams.get` reads them. */
function queryOf<K extends string>(url: URL, names: readonly K[]): Record<K, string | null> {
  return Object.fromEntries(names.map((n) => [n, url.searchParams.get(n)])) as Record<K, string | null>;
}

function cookieOf(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/** What every route handler of one listener shares: its options, sessions, limiters and search cache. */
interface OpacState {
  options: OpacServerOptions;
  ctx: ServiceContext;
  read: Sql;
  files: ReturnType<typeof pageFiles>;
  signInLimiter: RateLimiter;
  suggestLimiter: RateLimiter;
  /** Reservations placed or cancelled, per address (a teacher needs a few; a script is slowed down). */
  reserveLimiter: RateLimiter;
  /** Signed-in teachers and staff: the session cookie's token → the reader and the PIN it signed in with (pin.ts `pinStamp`). */
  sessions: Map<string, { readerId: number; expires: number; stamp: string | null }>;
  /** Search answers (JSON text) while the database is unchanged; see services/opac/cache.ts. */
  searchCache: OpacResultCache<string>;
  countSearch(): void;
}

type Handler = (s: OpacState, req: http.IncomingMessage, res: http.ServerResponse, url: URL, param: string) => Promise<void> | void;

/**
 * The reader of the live staff session this request carries, or null. Checked again at every request: a reader
 * no longer active staff, or whose PIN the librarian cleared or set anew, ends the session.
 */
function staffOf(s: OpacState, req: http.IncomingMessage): number | null {
  const token = cookieOf(req, SESSION_COOKIE);
  const session = token ? s.sessions.get(token) : undefined;
  if (!token || !session) return null;
  if (session.expires < Date.now() || !staffSessionHolds(s.read, session.readerId, session.stamp)) {
    s.sessions.delete(token);
    return null;
  }
  return session.readerId;
}

/**
 * The session's reader for the routes about "my" loans and reservations: these never take a reader id from the
 * request, so nobody reaches another reader's. Without a live staff session: 401.
 */
function sessionReader(s: OpacState, req: http.IncomingMessage): number {
  const readerId = staffOf(s, req);
  if (readerId === null) throw new HttpError(401, 'Hãy đăng nhập bằng số thẻ và mã PIN của thầy cô để xem trang này.');
  return readerId;
}

/**
 * Whether a POST comes from another site (CSRF). The session cookie is SameSite=Strict and every POST must be JSON
 * (readJsonBody: a cross-site form cannot send it without a CORS preflight, which this listener never grants); on
 * top of that a browser's own word is checked: `Sec-Fetch-Site` other than same-origin, or an `Origin` whose host is
 * not the one the request was sent to (the Host header is compared here, never used to build anything), is refused.
 */
function crossSite(req: http.IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    const from = new URL(origin);
    return !/^https?:$/.test(from.protocol) || from.host !== req.headers.host;
  } catch {
    return true; // "null" (a sandboxed frame, a file) or garbage
  }
}

/** The access levels of the digital files a visitor may open (none without the Thư viện số). */
function fileAccess(s: OpacState, staff: boolean): OpacFileAccess {
  return s.options.digital ? opacFileAccess(staff) : NO_FILES;
}

/** `/`, `/index.html`, `/opac.js`, `/opac.css`. */
const servePage: Handler = (s, _req, res, url) => {
  sendPageFile(res, s.files[url.pathname === '/index.html' ? '/' : url.pathname], url.pathname);
};

/** `GET /api/search`: one page of results, from the cache while the database is unchanged. */
const search: Handler = (s, req, res, url) => {
  const p = searchParams.parse(queryOf(url, ['q', 'series', 'subject', 'grade', 'offset', 'limit']));
  const q = p.q;
  const query = { q, seriesId: p.series, subject: p.subject, grade: p.grade, offset: p.offset, limit: p.limit };
  const staff = staffOf(s, req) !== null;
  // Spaces never change the answer (the search splits on them); a signed-in teacher sees more files.
  const key = JSON.stringify([staff, q.replace(/\s+/g, ' '), query.seriesId, query.subject, query.grade, query.offset, query.limit]);
  const data = s.searchCache.get(key, () => JSON.stringify(opacSearch(s.read, query, fileAccess(s, staff))));
  if (q) s.countSearch();
  sendJsonText(res, 200, data);
};

/** `GET /api/home`: new arrivals, upcoming activities, the filters. */
const home: Handler = (s, req, res) => sendJson(res, 200, opacHome(s.read, s.ctx.now(), fileAccess(s, staffOf(s, req) !== null)));

/** `GET /api/session`: whether a teacher is signed in. */
const session: Handler = (s, req, res) => sendJson(res, 200, { signedIn: staffOf(s, req) !== null });

/** `POST /api/signin`: card and PIN of a teacher or staff member; a session cookie on success. */
const signIn: Handler = async (s, req, res) => {
  if (!s.signInLimiter.take(req.socket.remoteAddress ?? '')) {
    return sendError(res, 429, 'Đăng nhập sai quá nhiều lần từ máy này; hãy đợi một phút rồi thử lại.');
  }
  const { card, pin } = signInBody.parse(await readJsonBody(req, BODY_LIMIT));
  const result = await signInStaff(s.ctx, card, pin, req.socket.remoteAddress ?? '');
  if (!result.ok) return sendError(res, 401, result.message);
  const token = crypto.randomBytes(32).toString('base64url');
  s.sessions.set(token, { readerId: result.readerId, expires: Date.now() + SESSION_HOURS * 3600_000, stamp: pinStamp(s.ctx.sql, result.readerId) });
  sendJson(res, 200, { signedIn: true }, {
    'set-cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_HOURS * 3600}`,
  });
};

/** `POST /api/signout`. */
const signOut: Handler = (s, req, res) => {
  const token = cookieOf(req, SESSION_COOKIE);
  if (token) s.sessions.delete(token);
  sendJson(res, 200, { signedIn: false }, { 'set-cookie': `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
};

/** `POST /api/suggestions`: a purchase suggestion, a few per device. */
const suggest: Handler = async (s, req, res) => {
  const body = suggestionBody.parse(await readJsonBody(req, BODY_LIMIT));
  if (!body.title) return sendError(res, 400, 'Hãy nhập tên sách muốn đề xuất.');
  if (!s.options.suggest) return sendError(res, 503, 'Thư viện chưa nhận đề xuất qua mạng.');
  if (!s.suggestLimiter.take(req.socket.remoteAddress ?? '')) {
    return sendError(res, 429, 'Máy này vừa gửi nhiều đề xuất; hãy đợi vài phút rồi gửi tiếp.');
  }
  await s.options.suggest(body);
  sendJson(res, 200, { ok: true, message: 'Đã gửi đề xuất tới thư viện. Cảm ơn bạn!' });
};

/** `GET /api/me`: "Của tôi", the signed-in teacher's own loans and reservations, her class's ready holds (services/opac/mine.ts); 401 for anyone else. */
const me: Handler = (s, req, res) => sendJson(res, 200, opacMyPage(s.read, sessionReader(s, req), s.ctx.now()));

/**
 * A teacher's write about her own reservations: her session (401 without), this address's rate, a body that names
 * nothing but what the route takes (400), then the service under her name; its refusals are its Vietnamese words.
 */
async function ownWrite<T>(s: OpacState, req: http.IncomingMessage, res: http.ServerResponse, body: z.ZodType<T>,
  run: (readerId: number, input: T) => unknown): Promise<void> {
  const readerId = sessionReader(s, req);
  if (!s.reserveLimiter.take(req.socket.remoteAddress ?? '')) {
    req.resume();
    return sendError(res, 429, 'Máy này vừa đặt trước, hủy nhiều lần; hãy đợi vài phút rồi thử lại.');
  }
  const parsed = body.safeParse(await readJsonBody(req, BODY_LIMIT));
  if (!parsed.success) return sendError(res, 400, 'Yêu cầu không hợp lệ: chỉ gửi sách cần đặt trước (hoặc lượt cần hủy và lý do hủy).');
  try {
    const answer = actingAs(opacActor(req.socket.remoteAddress ?? '', opacReaderName(s.read, readerId)), () => run(readerId, parsed.data));
    sendJson(res, 200, answer);
  } catch (error) {
    if (error instanceof AppError) {
      const status = error.code === 'NOT_FOUND' || error.code === 'TITLE_NOT_FOUND' ? 404 : error.code === 'VALIDATION' ? 400 : 409;
      return sendError(res, status, error.message);
    }
    throw error;
  }
}

/** `POST /api/reservations` `{titleId}`: she reserves a title (never for anyone else: no reader id is read). */
const reserve: Handler = (s, req, res) => ownWrite(s, req, res, reserveBody, (readerId, b) => opacReserve(s.ctx, readerId, b.titleId));

/** `POST /api/reservations/cancel` `{id, reason}`: she cancels one of her own reservations. */
const cancelOwn: Handler = (s, req, res) => ownWrite(s, req, res, cancelBody, (readerId, b) => opacCancel(s.ctx, readerId, b.id, b.reason));

/** `GET /api/titles/<id>`: a title's page. */
const titleDetail: Handler = (s, req, res, _url, id) => {
  const detail = opacTitleDetail(s.read, Number(id), fileAccess(s, staffOf(s, req) !== null));
  if (!detail) return sendError(res, 404, 'Không tìm thấy sách này.');
  sendJson(res, 200, detail);
};

/** `GET /files/<id>`: a digital file's bytes, by id only, for the visitor's access level. */
const digitalFile: Handler = (s, req, res, _url, id) => {
  const digital = s.options.digital;
  if (!digital) return sendError(res, 404, 'Không có tài liệu này trên mạng nội bộ.');
  for (const [k, v] of Object.entries({ ...COMMON_HEADERS, 'x-frame-options': 'SAMEORIGIN' })) res.setHeader(k, v);
  digital.send(Number(id), staffOf(s, req) !== null, req, res);
};

/** Every route the OPAC answers; nothing else is reachable. */
const ROUTES: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {
  '/': { GET: servePage },
  '/index.html': { GET: servePage },
  '/opac.js': { GET: servePage },
  '/opac.css': { GET: servePage },
  '/api/search': { GET: search },
  '/api/home': { GET: home },
  '/api/session': { GET: session },
  '/api/me': { GET: me },
  '/api/signin': { POST: signIn },
  '/api/signout': { POST: signOut },
  '/api/suggestions': { POST: suggest },
  '/api/reservations': { POST: reserve },
  '/api/reservations/cancel': { POST: cancelOwn },
};
/** Routes with one numeric id at the end. */
const ID_ROUTES: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {
  '/api/titles/': { GET: titleDetail },
  '/files/': { GET: digitalFile },
};

/** Opens the OPAC listener. */
export async function startOpacServer(options: OpacServerOptions): Promise<OpacServer> {
  const { ctx, read } = options;
  const limiter = new RateLimiter(options.burst ?? 300, options.perSecond ?? 150);
  const tarpit = new Tarpit(options.tarpitMs ?? 1000, options.tarpitPerAddress ?? 32, options.tarpitTotal ?? 512);
  let searches = 0;
  let searchDay = todayIso(ctx.now());

  const flush = () => {
    if (searches === 0) return;
    const n = searches;
    searches = 0;
    try {
      recordSearches(ctx, searchDay, n);
    } catch (error) {
      searches += n; // the desk held the database too long: count them next time
      console.error('[opac] đếm lượt tra cứu:', error);
    }
  };
  const state: OpacState = {
    options, ctx, read, files: pageFiles(),
    signInLimiter: new RateLimiter(10, 1 / 6),
    suggestLimiter: new RateLimiter(3, 1 / 120),
    reserveLimiter: new RateLimiter(20, 1 / 30),
    sessions: new Map(),
    searchCache: new OpacResultCache<string>(() => opacDataVersion(read), options.cacheEntries ?? 500),
    countSearch: () => {
      const day = todayIso(ctx.now());
      if (day !== searchDay) {
        flush();
        searchDay = day;
      }
      searches++;
    },
  };
  const flushTimer = setInterval(flush, 10_000);
  flushTimer.unref();
  const sweepTimer = setInterval(() => {
    limiter.sweep();
    const now = Date.now();
    for (const [k, s] of state.sessions) if (s.expires < now) state.sessions.delete(k);
  }, 60_000);
  sweepTimer.unref();

  const server = http.createServer(async (req, res) => {
    try {
      const address = req.socket.remoteAddress ?? '';
      if (!limiter.take(address)) {
        // Over its rate: the refusal waits (a flooding phone then costs about one answer a second per
        // connection, not thousands of refusals); past the caps of held answers the connection is just closed.
        req.resume();
        const held = tarpit.hold(address, res, () => {
          sendError(res, 429, 'Máy này gửi quá nhiều yêu cầu cùng lúc; hãy đợi vài giây rồi thử lại.', { 'retry-after': '2' });
        });
        if (!held) req.socket.destroy();
        return;
      }
      // Only the path is read from the request line; the Host header is never used for anything.
      const url = new URL(req.url ?? '/', 'http://opac.invalid');
      const method = req.method === 'HEAD' ? 'GET' : req.method ?? 'GET';
      let route = ROUTES[url.pathname];
      let param = '';
      if (!route) {
        const m = /^(\/api\/titles\/|\/files\/)(\d{1,9})$/.exec(url.pathname);
        if (m) {
          route = ID_ROUTES[m[1]];
          param = m[2];
        }
      }
      if (!route) {
        req.resume();
        return sendError(res, 404, 'Không có trang này.');
      }
      const handler = route[method as 'GET' | 'POST'];
      if (!handler) {
        req.resume();
        return sendError(res, 405, 'Trang này không nhận yêu cầu kiểu này.', { allow: Object.keys(route).join(', ') });
      }
      if (method === 'POST' && crossSite(req)) {
        req.resume();
        return sendError(res, 403, 'Yêu cầu này không đến từ trang tra cứu của thư viện.');
      }
      // Whatever a request writes names where it came from, never a desk account (db/actor.ts).
      await actingAs(opacActor(address), () => handler(state, req, res, url, param));
    } catch (error) {
      if (error instanceof HttpError) {
        if (!res.headersSent) sendError(res, error.status, error.message);
        return;
      }
      console.error('[opac]', error);
      if (!res.headersSent) sendError(res, 500, 'Máy chủ tra cứu gặp lỗi; hãy thử lại.');
      else res.destroy();
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxHeadersCount = 50;

  await listen(server, options.port, options.host);
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    host: options.host,
    flush,
    close: () => new Promise<void>((resolve) => {
      clearInterval(flushTimer);
      clearInterval(sweepTimer);
      tarpit.clear();
      flush();
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}
