import { formatAmount } from '../../shared/number-words';
import { exportAll } from '../services/archive/export-all';
import { flag, UsageError, type CliCommand } from './types';

export const archiveCommands: CliCommand[] = [
  {
    name: 'export-all',
    usage: 'export-all --out FILE.zip [--db FILE]',
    summary: 'Xuất toàn bộ dữ liệu: mỗi bảng một tệp CSV (UTF-8, Excel mở được) trong một tệp .zip, kèm README mô tả các cột.',
    async run(args, ctx) {
      const out = flag(args, 'out');
      if (!out) throw new UsageError('Thiếu --out FILE.zip (tệp nén sẽ ghi ra).');
      if (!out.toLowerCase().endsWith('.zip')) throw new UsageError('Tệp ra phải có đuôi .zip, ví dụ --out du-lieu.zip.');
      const r = await exportAll(ctx!, out);
      console.log(`Đã xuất ${r.tables} bảng, ${formatAmount(r.rows)} dòng: ${r.path}`);
    },
  },
];
