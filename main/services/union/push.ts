import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import tls from 'node:tls';
import { AppError } from '../../../shared/errors';
import type { ServiceContext } from '../context';
import { checkUnionAddress, unionPushUrl } from './address';
import { readUnionBatch, unionSummary } from './feed';
import { UNION_BATCH_MAX, UNION_KEY_HEADER, unionPushResponseSchema, type UnionPushRequest, type UnionPushResponse } from './protocol';
import { putUnionState, unionState } from './settings';

/**
 * The push to the district union catalogue (protocol.ts): only the titles the change feed holds after the
 * cursor the server acknowledged, in batches of at most UNION_BATCH_MAX records, the summary with the last
 * one. The acknowledged cursor is stored in the school's database after every batch, so a push cut at any
 * moment (a killed process, a dropped connection) starts again where the server is: the server upserts by
 * (school, title id), so sending a batch twice changes nothing. A server whose stored cursor is lower than
 * ours (its database was restored or rebuilt) answers 409 with its own, and we send again from there.
 */

export interface UnionTarget {
  /** The server's address as typed (https://…, or http:// inside the school network). */
  server: string;
  key: string;
  /** A PEM file of the district's own certificate authority, added to the system's. */
  caFile?: string | null;
  /** Per request (connect, send, answer). */
  timeoutMs?: number;
  /** Records per batch (tests and the bench use small ones); at most UNION_BATCH_MAX. */
  batchSize?: number;
  /** Called after each acknowledged batch (the CLI prints a line). */
  onBatch?: (progress: { batches: number; records: number; cursor: number }) => void;
}

export interface UnionPushResult {
  school: string;
  batches: number;
  records: number;
  /** Request bodies' size in bytes. */
  bytes: number;
  cursor: number;
  /** The server asked us to start again from its cursor (409). */
  restarted: boolean;
}

export const UNION_TIMEOUT_MS = 30_000;
const MAX_ANSWER = 64 * 1024;

interface Answer { status: number; text: string }

function networkError(error: NodeJS.ErrnoException & { reason?: string }, url: URL, timeoutMs: number): AppError {
  const host = url.host;
  const code = error.code ?? '';
  if (code === 'UNION_TIMEOUT') {
    return new AppError('UNION_TIMEOUT', `Máy chủ liên thông ${host} không trả lời sau ${Math.round(timeoutMs / 1000)} giây. Lần đồng bộ sau sẽ gửi tiếp từ chỗ đã dừng.`);
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME|UNABLE_TO_GET_ISSUER/.test(code) || /certificate/i.test(error.message)) {
    return new AppError('UNION_CERTIFICATE', `Chứng chỉ của máy chủ liên thông ${host} không được tin cậy (${code || error.message}). `
      + 'Nếu phòng GD&ĐT dùng chứng chỉ riêng, hãy chọn tệp chứng chỉ gốc (CA) của phòng trong Cài đặt → Liên thông. Chưa có gì được gửi.');
  }
  return new AppError('UNION_UNREACHABLE', `Không kết nối được máy chủ liên thông ${host} (${code || error.message}): kiểm tra địa chỉ và kết nối mạng. `
    + 'Lần đồng bộ sau sẽ gửi tiếp từ chỗ đã dừng.');
}

/** One POST with the key in its header; the answer's status and text (at most 64 KB). */
function post(url: URL, body: string, target: UnionTarget, address: string | null, ca: Buffer | null): Promise<Answer> {
  const timeoutMs = target.timeoutMs ?? UNION_TIMEOUT_MS;
  // http:// goes to the address checked by the rule, never to what a second lookup might give.
  const lookup: LookupFunction | undefined = address === null ? undefined : (_host, options, done) => {
    const family = address.includes(':') ? 6 : 4;
    if ((options as { all?: boolean }).all) (done as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else done(null, address, family);
  };
  return new Promise<Answer>((resolve, reject) => {
    const options: https.RequestOptions = {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), [UNION_KEY_HEADER]: target.key },
      lookup,
      agent: false,
      // Node's `ca` replaces the trusted roots: keep the system's and add the district's.
      ...(url.protocol === 'https:' && ca ? { ca: [...tls.rootCertificates, ca] } : {}),
    };
    const request = (url.protocol === 'https:' ? https : http).request(url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER) chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (e) => reject(networkError(e, url, timeoutMs)));
    });
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error('timeout'), { code: 'UNION_TIMEOUT' })));
    request.on('error', (e) => reject(networkError(e, url, timeoutMs)));
    request.end(body);
  });
}

function readCa(file: string | null | undefined): Buffer | null {
  if (!file) return null;
  try {
    const pem = fs.readFileSync(file);
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('not PEM');
    return pem;
  } catch {
    throw new AppError('UNION_CA_FILE', `Không đọc được tệp chứng chỉ gốc (CA) "${file}": cần một tệp PEM (bắt đầu bằng "-----BEGIN CERTIFICATE-----").`);
  }
}

function serverError(answer: Answer, url: URL): AppError {
  if (answer.status === 401 || answer.status === 403) {
    return new AppError('UNION_KEY', 'Khoá của trường không đúng hoặc đã bị thu hồi. Hãy hỏi phòng GD&ĐT khoá mới và nhập lại trong Cài đặt → Liên thông. Chưa có gì thay đổi.');
  }
  let said = '';
  try {
    const j = JSON.parse(answer.text) as { message?: unknown; error?: unknown };
    said = typeof j.message === 'string' ? j.message : typeof j.error === 'string' ? j.error : '';
  } catch { /* not JSON */ }
  if (answer.status === 404) return new AppError('UNION_NOT_A_SERVER', `${url.host} không phải máy chủ liên thông Kệ Sách (không có ${url.pathname}). Kiểm tra địa chỉ.`);
  if (answer.status === 413) return new AppError('UNION_SERVER', `Máy chủ liên thông từ chối gói dữ liệu quá lớn (413).${said ? ` ${said}` : ''}`);
  return new AppError('UNION_SERVER', `Máy chủ liên thông trả lời lỗi ${answer.status}${said ? `: ${said}` : ''}. Lần đồng bộ sau sẽ gửi tiếp từ chỗ đã dừng.`);
}

function parseAnswer(answer: Answer): UnionPushResponse {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch { /* handled below */ }
  const r = unionPushResponseSchema.safeParse(json);
  if (!r.success) throw new AppError('UNION_PROTOCOL', 'Máy chủ liên thông trả lời không đúng giao thức (có thể là một phiên bản khác). Chưa ghi nhận lần đồng bộ này.');
  return r.data;
}

/**
 * Pushes what changed since the acknowledged cursor. Reads `ctx.sql` anew for every batch (a restore may swap
 * it); records the cursor after each acknowledged batch and the outcome in `union.state` (success or the
 * Vietnamese error, which is thrown again).
 */
export async function pushToUnion(ctx: ServiceContext, target: UnionTarget): Promise<UnionPushResult> {
  const url = unionPushUrl(target.server);
  const serverId = url.href;
  const batchSize = Math.min(Math.max(target.batchSize ?? UNION_BATCH_MAX, 1), UNION_BATCH_MAX);
  const startedAt = ctx.now();
  const remember = (change: Partial<ReturnType<typeof unionState>>) => {
    const sql = ctx.sql;
    putUnionState(sql, { ...unionState(sql), ...change }, ctx.now());
  };
  try {
    if (!target.key.trim()) throw new AppError('UNION_KEY', 'Chưa có khoá của trường: nhập khoá phòng GD&ĐT cấp trong Cài đặt → Liên thông.');
    // A header cannot carry anything else (Node would throw its own English error).
    if (!/^[\x21-\x7e]+$/.test(target.key)) {
      throw new AppError('UNION_KEY', 'Khoá của trường là một dãy ký tự không dấu, không có khoảng trắng: hãy chép nguyên văn dòng cuối phòng GD&ĐT gửi.');
    }
    const ca = url.protocol === 'https:' ? readCa(target.caFile) : null;
    const { address } = await checkUnionAddress(url);
    const stored = unionState(ctx.sql);
    let since = stored.server === serverId ? stored.cursor : 0;
    if (stored.server !== serverId) remember({ server: serverId, cursor: 0, school: null, fullPush: null });
    // From 0 (first push, after a restore, a new server, or a server that lost our pushes): a full push, whose
    // last batch lets the server remove the titles not in it. Its id is kept until that batch is acknowledged.
    let fullPush = stored.server === serverId ? stored.fullPush : null;
    const fullFromZero = () => {
      if (since !== 0 || fullPush !== null) return;
      fullPush = randomBytes(12).toString('base64url');
      remember({ server: serverId, fullPush });
    };
    fullFromZero();
    const result: UnionPushResult = { school: stored.server === serverId ? stored.school ?? '' : '', batches: 0, records: 0, bytes: 0, cursor: since, restarted: false };
    let restarts = 0;
    for (;;) {
      const sql = ctx.sql;
      const batch = readUnionBatch(sql, since, batchSize);
      const request: UnionPushRequest = {
        protocol: 1, since, cursor: batch.cursor, summary: batch.last ? unionSummary(sql, ctx.now()) : null, records: batch.records,
        ...(fullPush === null ? {} : { full: true, pushId: fullPush, last: batch.last }),
      };
      const body = JSON.stringify(request);
      const answer = await post(url, body, target, address, ca);
      result.bytes += Buffer.byteLength(body);
      if (answer.status === 409) {
        const { acknowledged } = parseAnswer(answer);
        if (acknowledged >= since || ++restarts > 3) throw new AppError('UNION_PROTOCOL', 'Máy chủ liên thông không nhận vị trí đồng bộ của trường. Hãy báo phòng GD&ĐT.');
        since = acknowledged;
        result.restarted = true;
        remember({ server: serverId, cursor: since });
        fullFromZero();
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) throw serverError(answer, url);
      const ack = parseAnswer(answer);
      if (ack.acknowledged !== batch.cursor) throw new AppError('UNION_PROTOCOL', 'Máy chủ liên thông ghi nhận một vị trí đồng bộ khác với vị trí đã gửi. Hãy báo phòng GD&ĐT.');
      result.batches += 1;
      result.records += batch.records.length;
      result.school = ack.school;
      result.cursor = ack.acknowledged;
      since = ack.acknowledged;
      remember({ server: serverId, cursor: since, school: ack.school, ...(batch.last ? { fullPush: null } : {}) });
      target.onBatch?.({ batches: result.batches, records: result.records, cursor: since });
      if (batch.last) break;
    }
    remember({ lastSuccessAt: startedAt.toISOString(), lastAttemptAt: startedAt.toISOString(), lastError: null, lastRecords: result.records });
    return result;
  } catch (error) {
    const message = error instanceof AppError ? error.message : `Đồng bộ liên thông không thành công: ${(error as Error).message}`;
    try {
      remember({ lastAttemptAt: startedAt.toISOString(), lastError: message });
    } catch { /* the database may be closing: the error still reaches the caller */ }
    throw error instanceof AppError ? error : new AppError('UNION_FAILED', message);
  }
}
