import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Protocol } from 'electron';
import type { ServiceContext } from './services/context';
import { resourceAnswer } from './server/resource-response';
import { APP_HOST, APP_SCHEME, RENDERER_CSP } from './security';

/**
 * The renderer's own scheme, app://kesach/: standard (relative URLs, an origin of its own) and
 * secure (like https, so the CSP's 'self' means exactly it). Must be registered before `app` is ready.
 */
export const APP_SCHEME_PRIVILEGES = [
  // stream: audio and video of the digital library play (and seek) from app://kesach/digital/<id>.
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/**
 * The file an app:// URL names inside the built renderer folder, or null: another host, a path that
 * climbs out of the folder (`..`, encoded or not), a folder, or a file that is not there.
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  try {
    // The real path too: a link inside the folder must not lead out of it.
    const real = fs.realpathSync(file);
    const realRel = path.relative(fs.realpathSync(root), real);
    if (realRel.startsWith('..') || path.isAbsolute(realRel) || !fs.statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/** Answers one app:// request: the file with its type and the CSP, or 404. */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const file = resolveAppFile(rendererDir, requestUrl);
  if (!file) return new Response('Không tìm thấy', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const body = await fs.promises.readFile(file);
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': RENDERER_CSP,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** app://kesach/digital/<id>: the resource id, or null for any other path. */
export function digitalIdOf(requestUrl: string): number | null {
  try {
    const url = new URL(requestUrl);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
    const m = /^\/digital\/([1-9]\d{0,9})$/.exec(url.pathname);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * A digital resource's bytes for the desktop app's preview (renderer/src/api.ts digitalUrl): by id
 * only, its stored type, nosniff, inline or attachment (?download=1), byte ranges (206/416) so media
 * seek — the same answers as the HTTP transport's /api/digital/<id> (main/server/resource-response.ts).
 */
export function serveDigital(ctx: ServiceContext, id: number, requestUrl: string, rangeHeader: string | null): Response {
  const download = new URL(requestUrl).searchParams.get('download') === '1';
  const answer = resourceAnswer(ctx, id, rangeHeader, () => true, download);
  const body = 'text' in answer ? answer.text : (Readable.toWeb(answer.open()) as ReadableStream<Uint8Array>);
  return new Response(body, { status: answer.status, headers: answer.headers });
}

/**
 * Serves app://kesach/: the built renderer folder, and /digital/<id> (a resource's bytes) once the
 * app's context exists (call once the app is ready).
 */
export function registerAppProtocol(protocol: Protocol, rendererDir: string, getContext: () => ServiceContext | null): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const digitalId = digitalIdOf(request.url);
    const ctx = getContext();
    if (digitalId !== null && ctx) return serveDigital(ctx, digitalId, request.url, request.headers.get('range'));
    return serveAppRequest(rendererDir, request.url);
  });
}
