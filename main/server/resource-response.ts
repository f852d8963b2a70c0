import type http from 'node:http';
import { AppError } from '../../shared/errors';
import type { ServiceContext } from '../services/context';
import { openResourceStream, statResource, type ResourceFile, type ResourceStream } from '../services/digital/resources';
import { parseRange } from '../services/digital/range';

/**
 * Answers a GET/HEAD for one digital resource's bytes, by id only: the stored detected type,
 * `X-Content-Type-Options: nosniff`, `Content-Disposition` (inline for PDF, audio, video and images,
 * attachment otherwise), byte ranges (206 / 416) so media can seek and PDFs load in pieces.
 * `allow` decides on the resource's access level before any byte is sent (the desk allows all;
 * the OPAC passes its own rule). Returns false when the resource was not served (404 / 403 sent).
 */
export function sendResource(
  ctx: ServiceContext,
  id: number,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  allow: (access: ResourceStream['access']) => boolean = () => true,
  /** Ask the browser to save the file rather than show it. */
  download = false,
): boolean {
  const fail = (status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(message);
    return false;
  };
  let whole: ResourceFile;
  try {
    whole = statResource(ctx, id);
  } catch (error) {
    if (error instanceof AppError) return fail(404, error.message);
    throw error;
  }
  if (!allow(whole.access)) return fail(403, 'Tài liệu này không mở được ở đây.');
  const range = parseRange(req.headers.range, whole.size);
  const headers: http.OutgoingHttpHeaders = {
    'content-type': whole.type,
    'x-content-type-options': 'nosniff',
    'content-disposition': `${download ? 'attachment' : whole.disposition}; filename*=UTF-8''${encodeURIComponent(whole.fileName)}`,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-cache',
    // Shown inside the desk's (or the OPAC's) own page only; Chrome's PDF viewer needs no more than this.
    'content-security-policy': "frame-ancestors 'self'",
  };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-range': `bytes */${whole.size}` });
    res.end('Đoạn dữ liệu yêu cầu nằm ngoài tệp.');
    return false;
  }
  const served = openResourceStream(ctx, id, range);
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${whole.size}`;
    headers['content-length'] = range.end - range.start + 1;
  } else headers['content-length'] = whole.size;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD') {
    served.stream.destroy();
    res.end();
    return true;
  }
  served.stream.on('error', () => res.destroy());
  res.on('close', () => served.stream.destroy());
  served.stream.pipe(res);
  return true;
}
