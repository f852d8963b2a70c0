import dns from 'node:dns/promises';
import net from 'node:net';
import { AppError } from '../../../shared/errors';
import { UNION_PUSH_PATH } from './protocol';

/**
 * Where a school may push: any `https://` server (its certificate is verified), plain `http://` only to a
 * loopback or private address — 127/8, 10/8, 172.16/12, 192.168/16, ::1, fc00::/7, localhost — where no
 * stranger sits between the school and the district. A name given with http:// is resolved first and
 * every address it gives must be private; the request then goes to that checked address.
 */

const EXAMPLE = 'ví dụ https://lienthong.phonggd.edu.vn/ hoặc http://192.168.1.10:8090/';

/** True for loopback and private (RFC 1918, unique local IPv6) addresses. */
export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return isPrivateAddress(mapped[1]);
  if (net.isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number);
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (net.isIPv6(ip)) {
    const lower = ip.toLowerCase();
    if (lower === '::1' || /^0*:(0*:)*0*1$/.test(lower)) return true;
    const first = lower.startsWith('::') ? 0 : parseInt(lower.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00;
  }
  return false;
}

/** The push URL of a server address as typed (trailing path kept as a prefix), or a Vietnamese refusal. */
export function unionPushUrl(server: string): URL {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw new AppError('UNION_ADDRESS', `Địa chỉ máy chủ liên thông "${server.trim()}" không đọc được (${EXAMPLE}).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('UNION_ADDRESS', `Địa chỉ máy chủ liên thông phải bắt đầu bằng https:// (${EXAMPLE}).`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError('UNION_ADDRESS', 'Địa chỉ máy chủ liên thông không được chứa tên, mật khẩu, khoá hay tham số (phần sau "?" hoặc "#"): '
      + 'khoá của trường được gửi riêng, không bao giờ nằm trong địa chỉ.');
  }
  const base = url.pathname.replace(/\/+$/, '');
  return new URL(`${url.protocol}//${url.host}${base}${UNION_PUSH_PATH}`);
}

/** The host as a bare name or address (IPv6 without brackets). */
const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

function refusePublic(url: URL, address?: string): never {
  const where = address && address !== hostOf(url) ? `${hostOf(url)} (${address})` : hostOf(url);
  throw new AppError('UNION_INSECURE', `Máy chủ liên thông ${where} không nằm trong mạng nội bộ: hãy dùng https:// `
    + '(http:// chỉ được dùng với địa chỉ nội bộ 10.x.x.x, 172.16–31.x.x, 192.168.x.x hoặc localhost).');
}

/**
 * Checks the address rule before anything is sent. For http:// returns the address to connect to (a name
 * resolved once and checked), so a name that resolves elsewhere on the next lookup cannot be used.
 */
export async function checkUnionAddress(url: URL): Promise<{ address: string | null }> {
  if (url.protocol === 'https:') return { address: null };
  const host = hostOf(url);
  if (net.isIP(host)) {
    if (!isPrivateAddress(host)) refusePublic(url);
    return { address: host };
  }
  if (host.toLowerCase() === 'localhost') return { address: '127.0.0.1' };
  let found: { address: string }[];
  try {
    found = await dns.lookup(host, { all: true });
  } catch {
    throw new AppError('UNION_UNREACHABLE', `Không tìm thấy máy chủ liên thông "${host}": kiểm tra địa chỉ và kết nối mạng.`);
  }
  const outside = found.find((a) => !isPrivateAddress(a.address));
  if (outside || found.length === 0) refusePublic(url, outside?.address);
  return { address: found[0].address };
}
