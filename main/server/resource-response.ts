import type http from 'node:http';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { ServiceContext } from '../services/context';
import { openResourceStream, statResource, type ResourceFile, type ResourceStream } from '../services/digital/resources';
import { parseRange } from '../services/digital/range';

const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** What to answer for one resource, whatever the transport: a refusal with its text, or the bytes to stream. */
export type ResourceAnswer =
  | { status: 403 | 404 | 416; headers: Record<string, string>; text: string }
  | { status: 200 | 206; headers: Record<string, string>; open: () => Readable };

/**
 * One digital resource's bytes, by id only: the stored detected type, `X-Content-Type-Options: nosniff`,
 * `Content-Disposition` (inline for PDF, audio, video and images, attachment otherwise), byte ranges
 * (206 / 416) so media can seek and PDFs load in pieces. `allow` decides on the resource's access level
 * before any byte is sent (the desk allows all; the OPAC passes its own rule). Used by the HTTP
 * transports (sendResource) and the desktop app's app:// scheme (main/app-protocol.ts).
 */
export function resourceAnswer(
  ctx: ServiceContext,
  id: number,
  rangeHeader: string | null | undefined,
  allow: (access: ResourceStream['access']) => boolean = () => true,
  /** Ask the browser to save the file rather than show it. */
  download = false,
): ResourceAnswer {
  let whole: ResourceFile;
  try {
    // Probed without opening a stream: a destroyed stream could still fail its open later (file removed meanwhile).
    whole = statResource(ctx, id);
  } catch (error) {
    if (error instanceof AppError) return { status: 404, headers: TEXT_HEADERS, text: error.message };
    throw error;
  }
  if (!allow(whole.access)) return { status: 403, headers: TEXT_HEADERS, text: 'Tài liệu này không mở được ở đây.' };
  const range = parseRange(rangeHeader ?? undefined, whole.size);
  const headers: Record<string, string> = {
    'content-type': whole.type,
    'x-content-type-options': 'nosniff',
    'content-disposition': `${download ? 'attachment' : whole.disposition}; filename*=UTF-8''${encodeURIComponent(whole.fileName)}`,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-cache',
    // Shown inside the desk's (or the OPAC's) own page only; Chrome's PDF viewer needs no more than this.
    'content-security-policy': "frame-ancestors 'self'",
  };
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-range': `bytes */${whole.size}` }, text: 'Đoạn dữ liệu yêu cầu nằm ngoài tệp.' };
  }
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${whole.size}`;
  headers['content-length'] = String(range ? range.end - range.start + 1 : whole.size);
  return { status: range ? 206 : 200, headers, open: () => openResourceStream(ctx, id, range).stream };
}

/** Answers a GET/HEAD over node:http (resourceAnswer). Returns false when the resource was not served (404 / 403 / 416 sent). */
export function sendResource(
  ctx: ServiceContext,
  id: number,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  allow: (access: ResourceStream['access']) => boolean = () => true,
  download = false,
): boolean {
  const answer = resourceAnswer(ctx, id, req.headers.range, allow, download);
  res.writeHead(answer.status, answer.headers);
  if ('text' in answer) {
    res.end(answer.text);
    return false;
  }
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = answer.open();
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
  return true;
}
