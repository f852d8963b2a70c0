import http from 'node:http';

/**
 * Answers of the listeners for other machines (the school OPAC, the district union catalogue): JSON with
 * the same security headers, Vietnamese error messages, JSON bodies read with a size limit.
 */

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self'; "
  + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
export const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

/** An answer with a status and a Vietnamese message. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), extra);
}

/** A JSON answer already serialised (the search cache keeps the text). */
export function sendJsonText(res: http.ServerResponse, status: number, data: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...COMMON_HEADERS, 'content-security-policy': CSP, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(data)), ...extra,
  });
  res.end(data);
}

export function sendError(res: http.ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, { error: message }, extra);
}

export function readJsonBody(req: http.IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      reject(new HttpError(415, 'Yêu cầu phải gửi dữ liệu JSON.'));
      req.resume();
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      reject(new HttpError(413, 'Dữ liệu gửi lên quá dài.'));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        if (!failed) reject(new HttpError(413, 'Dữ liệu gửi lên quá dài.'));
        failed = true;
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (failed) return;
      try {
        const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, 'Dữ liệu gửi lên không đọc được.'));
      }
    });
    req.on('error', reject);
  });
}

/** A page file of a listener for other machines: the page itself is never cached, its script and style 5 minutes. */
export function sendPageFile(res: http.ServerResponse, file: { body: Buffer | string; type: string }, pathname: string): void {
  res.writeHead(200, {
    ...COMMON_HEADERS, 'content-security-policy': CSP, 'content-type': file.type, 'content-length': String(Buffer.byteLength(file.body)),
    'cache-control': pathname === '/' || pathname === '/index.html' ? 'no-cache' : 'public, max-age=300',
  });
  res.end(file.body);
}

/** Starts listening; a busy port or a bad address rejects instead of throwing later. */
export function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
