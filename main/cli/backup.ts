import fs from 'node:fs';
import path from 'node:path';
import { formatBytes, formatLibraryCounts } from '../../shared/numbers';
import { backupNow, manifestWarnings, reportDamage } from '../services/backup/backups';
import { findDamage } from '../services/backup/check';
import { writeVerifiedCopy } from '../services/backup/copy';
import { restoreDatabase } from '../services/backup/restore';
import { acquireDatabaseLock } from '../services/backup/lock';
import type { RestoreResult } from '../../shared/contract/backup';
import { databaseFileIn, defaultDataDir } from '../paths';
import { flag, UsageError, type CliCommand } from './types';

export const backupCommands: CliCommand[] = [
  {
    name: 'backup',
    usage: 'backup --auto [--db FILE] | backup --out FILE [--db FILE]',
    summary: 'Sao lưu (an toàn cả khi ứng dụng đang chạy), rồi kiểm tra bản sao. --auto: vào thư mục backups/ cạnh cơ sở dữ liệu, ghi sổ và xoay vòng các bản tự động (7 ngày, 4 tuần, 12 tháng); --out: ra một tệp.',
    async run(args, ctx) {
      const out = flag(args, 'out');
      if (args.flags.auto === true || args.flags.auto === 'true') {
        if (out) throw new UsageError('Dùng --auto hoặc --out FILE, không dùng cả hai.');
        const entry = await backupNow(ctx!.databaseFile, 'auto', ctx!.now());
        const file = path.join(path.dirname(ctx!.databaseFile), 'backups', entry.file);
        console.log(`Đã sao lưu vào ${file} (${formatBytes(entry.bytes)}, đã kiểm tra: ${formatLibraryCounts(entry.counts!)}).`);
        if (entry.secondCopy === 'missing') console.log('Cảnh báo: không thấy thư mục sao lưu thứ hai (USB/ổ mạng); chưa chép được bản sao sang đó.');
        if (entry.secondCopy === 'failed') console.log('Cảnh báo: chép bản sao sang thư mục thứ hai không thành công.');
        for (const warning of manifestWarnings(ctx!.databaseFile)) console.log(`Cảnh báo: ${warning}`);
        return;
      }
      if (!out) throw new UsageError('Thiếu --auto hoặc --out FILE.');
      const target = path.resolve(out);
      if (fs.existsSync(target)) throw new UsageError(`Tệp ${target} đã có; hãy chọn tên khác.`);
      const copy = await writeVerifiedCopy(ctx!.databaseFile, target);
      console.log(`Đã sao lưu vào ${target} (${formatBytes(copy.bytes)}, đã kiểm tra: ${formatLibraryCounts(copy.counts)}).`);
    },
  },
  {
    name: 'restore',
    usage: 'restore FILE [--db FILE]',
    summary: 'Khôi phục từ một bản sao lưu (bị từ chối khi ứng dụng đang mở cơ sở dữ liệu). Bản sao được chép qua SQLite và kiểm tra; chính bản đã kiểm tra được đặt vào. Cơ sở dữ liệu hiện tại được sao lưu vào backups/ trước khi bị thay.',
    needsDb: false,
    async run(args) {
      const source = args.positional[0];
      if (!source) throw new UsageError('Thiếu tệp sao lưu: restore FILE --db DB');
      const dbFlag = flag(args, 'db');
      const databaseFile = dbFlag ? path.resolve(dbFlag) : databaseFileIn(defaultDataDir());
      const now = new Date();
      // Not while another program (the app, an OPAC) holds the database: refused before anything is touched.
      const program = 'Kệ Sách — dòng lệnh restore';
      const lock = acquireDatabaseLock(databaseFile, program, 'khôi phục');
      try {
        const problem = findDamage(databaseFile);
        if (problem) {
          const kept = reportDamage(databaseFile, problem, now);
          console.log(`Cơ sở dữ liệu hiện tại bị hỏng (${problem}); tệp hỏng được giữ lại tại ${kept.keptAs ?? databaseFile}.`);
        }
        const { result, database } = await restoreDatabase({ databaseFile, source, now, damaged: !!problem, program, close: async () => undefined });
        await database.close();
        report(databaseFile, result);
      } finally {
        lock.release();
      }
    },
  },
];

/** What the CLI says after a restore: the counts are those of the checked copy it installed. */
function report(databaseFile: string, result: RestoreResult): void {
  console.log(`Đã khôi phục ${databaseFile} từ ${result.restored}: ${formatLibraryCounts(result.counts)}.`);
  if (result.replacedKeptAs) console.log(`Dữ liệu trước khi khôi phục được giữ tại ${result.replacedKeptAs}.`);
  if (result.migrated.length) console.log(`Đã nâng cấp bản khôi phục lên phiên bản hiện tại (${result.migrated.length} bước).`);
}
