import fs from 'node:fs';
import os from 'node:os';
import { formatDateTime } from '../../shared/dates';
import { formatNumber } from '../../shared/numbers';
import { listenErrorMessage } from '../server/opac-run';
import { startUnionServer } from '../server/union-http';
import { closeUnion, openUnion } from '../services/union/database';
import { UnionInputError, addSchool, listSchoolsForAdmin, revokeSchoolKey } from '../services/union/schools';
import type { UnionDb } from '../db/union/sql';
import { UsageError, flag, type CliCommand, type ParsedArgs } from './types';

/**
 * The district union catalogue's server side (`union init|add-school|list-schools|revoke-key|serve`).
 * These forms are called by scripts and documented in the README: keep them.
 */

function pgUrl(args: ParsedArgs): string {
  const url = flag(args, 'pg') ?? process.env.KESACH_UNION_PG;
  if (!url) throw new UsageError('Thiếu --pg postgres://người_dùng:mật_khẩu@máy:5432/tên_csdl (hoặc biến môi trường KESACH_UNION_PG).');
  return url;
}

/** Who ran an admin command, for the union's log. */
function operator(): string {
  return `dòng lệnh (${os.userInfo().username}@${os.hostname()})`;
}

async function withUnion<T>(args: ParsedArgs, fn: (db: UnionDb) => Promise<T>, migrate = false): Promise<T> {
  const { db } = await openUnion(pgUrl(args), { migrate }).catch(usage);
  try {
    return await fn(db).catch(usage);
  } finally {
    await closeUnion(db);
  }
}

/** A refusal about what was typed reads as usage (exit 2), like the other commands. */
function usage(error: unknown): never {
  if (error instanceof UnionInputError) throw new UsageError(error.message);
  throw error;
}

function nameOf(args: ParsedArgs): string {
  const name = flag(args, 'name');
  if (!name) throw new UsageError('Thiếu --name "Tên trường".');
  return name;
}

export const unionCommands: CliCommand[] = [
  {
    name: 'union init',
    usage: 'union init --pg URL',
    summary: 'Mục lục liên hợp (máy chủ của huyện): tạo hoặc nâng cấp các bảng trong PostgreSQL.',
    needsDb: false,
    async run(args) {
      const { db, applied } = await openUnion(pgUrl(args), { migrate: true }).catch(usage);
      await closeUnion(db);
      console.log(applied.length ? `Đã tạo/nâng cấp cơ sở dữ liệu liên thông (${applied.length} bước).` : 'Cơ sở dữ liệu liên thông đã ở phiên bản mới nhất.');
    },
  },
  {
    name: 'union add-school',
    usage: 'union add-school --pg URL --name "THCS An Vĩnh"',
    summary: 'Đăng ký một trường vào mục lục liên hợp; in khoá của trường ở dòng cuối (chỉ in một lần).',
    needsDb: false,
    async run(args) {
      const name = nameOf(args);
      const r = await withUnion(args, (db) => addSchool(db, name, operator()));
      console.log(r.renewed ? `Đã cấp khoá mới cho trường "${r.school}".` : `Đã đăng ký trường "${r.school}".`);
      console.log('Khoá chỉ in một lần, máy chủ chỉ lưu dạng băm: hãy chép ngay vào Cài đặt → Liên thông của trường.');
      console.log(r.key);
    },
  },
  {
    name: 'union list-schools',
    usage: 'union list-schools --pg URL',
    summary: 'Liệt kê các trường: số đầu sách, số bản, lần gửi gần nhất, khoá còn dùng hay đã thu hồi.',
    needsDb: false,
    async run(args) {
      const rows = await withUnion(args, (db) => listSchoolsForAdmin(db));
      if (!rows.length) {
        console.log('Chưa có trường nào. Thêm trường: union add-school --pg URL --name "Tên trường"');
        return;
      }
      for (const r of rows) {
        console.log(`${r.school} — ${formatNumber(r.titles)} đầu sách, ${formatNumber(r.copies)} bản — `
          + `${r.lastPush ? `gửi lần cuối ${formatDateTime(r.lastPush)}` : 'chưa gửi lần nào'} — ${r.canPush ? 'khoá đang dùng' : 'khoá đã thu hồi'}`);
      }
    },
  },
  {
    name: 'union revoke-key',
    usage: 'union revoke-key --pg URL --name "THCS An Vĩnh"',
    summary: 'Thu hồi khoá của một trường: từ nay trường đó gửi sẽ bị từ chối; sách đã gửi vẫn còn.',
    needsDb: false,
    async run(args) {
      const name = nameOf(args);
      const r = await withUnion(args, (db) => revokeSchoolKey(db, name, operator()));
      console.log(r.revoked ? `Đã thu hồi khoá của trường "${r.school}". Cấp khoá mới: union add-school --name "${r.school}".`
        : `Trường "${r.school}" không còn khoá nào đang dùng.`);
    },
  },
  {
    name: 'union serve',
    usage: 'union serve --pg URL [--host 0.0.0.0] [--port 8090] [--cert FILE --key FILE]',
    summary: 'Mở máy chủ liên thông (trang tra cứu chung, thống kê, nơi các trường gửi dữ liệu) đến khi bấm Ctrl+C. '
      + 'Mặc định nghe mọi địa chỉ của máy (các trường gửi qua mạng); --cert/--key: tự phục vụ HTTPS.',
    needsDb: false,
    async run(args) {
      const host = flag(args, 'host') ?? '0.0.0.0';
      const portText = flag(args, 'port') ?? '8090';
      if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError('--port là một số từ 0 đến 65535.');
      if (!/^(\d{1,3})(\.\d{1,3}){3}$/.test(host)) throw new UsageError('--host là một địa chỉ IPv4, ví dụ 0.0.0.0 hoặc 127.0.0.1.');
      const certFile = flag(args, 'cert');
      const keyFile = flag(args, 'key');
      if (!!certFile !== !!keyFile) throw new UsageError('--cert và --key đi cùng nhau (tệp chứng chỉ và tệp khoá riêng, dạng PEM).');
      let tls: { cert: Buffer; key: Buffer } | undefined;
      if (certFile && keyFile) {
        try { tls = { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }; } catch (e) {
          throw new UsageError(`Không đọc được tệp chứng chỉ: ${(e as Error).message}`);
        }
      }
      const { db } = await openUnion(pgUrl(args), { poolSize: 20 }).catch(usage);
      try {
        const server = await startUnionServer({ db, host, port: Number(portText), tls }).catch((error: NodeJS.ErrnoException) => {
          throw new Error(listenErrorMessage(error, host, Number(portText)));
        });
        console.log(`Mục lục liên hợp đang mở: ${server.url}`);
        console.log('Bấm Ctrl+C để dừng.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.close();
      } finally {
        await closeUnion(db);
      }
    },
  },
];
