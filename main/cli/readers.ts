import path from 'node:path';
import { isSchoolYear } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import type { ImportRowError } from '../../shared/contract/readers';
import { rollover } from '../services/readers/core';
import { importReadersFile } from '../services/readers/import';
import { flag, UsageError, type CliCommand } from './types';

export const readersCommands: CliCommand[] = [
  {
    name: 'import-readers',
    usage: 'import-readers FILE [--db FILE] [--dry-run]',
    summary: 'Nhập danh sách học sinh hoặc giáo viên (.xlsx/.csv); có lỗi thì không nhập gì.',
    async run(args, ctx) {
      const file = args.positional[0];
      if (!file) throw new UsageError('Thiếu tệp danh sách: import-readers FILE --db DB');
      try {
        const r = await importReadersFile(ctx!, path.resolve(file), { dryRun: !!args.flags['dry-run'] });
        if (r.errors.length) {
          for (const e of r.errors) process.stderr.write(`${e.message}\n`);
          return 1;
        }
        console.log(`${r.written ? 'Đã nhập' : 'Xem trước'} ${r.total} bạn đọc (${r.students} học sinh, ${r.staff} giáo viên/nhân viên): ` +
          `${r.created} mới, ${r.updated} cập nhật, ${r.unchanged} không đổi.${r.classes.length ? ` Lớp: ${r.classes.join(', ')}.` : ''}`);
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          process.stderr.write(`Lỗi: ${error.message}\n`);
          for (const e of (Array.isArray(error.details) ? error.details : []) as ImportRowError[]) process.stderr.write(`  ${e.message}\n`);
          return 1;
        }
        throw error;
      }
    },
  },
  {
    name: 'rollover',
    usage: 'rollover --to 2027-2028 [--db FILE]',
    summary: 'Chuyển năm học: lên lớp (6A1 → 7A1), khối 9 thôi hoạt động, cấp lại thẻ; giữ lịch sử mượn.',
    async run(args, ctx) {
      const to = flag(args, 'to');
      if (!to || !isSchoolYear(to)) throw new UsageError('Cần --to NĂM-HỌC, ví dụ --to 2027-2028.');
      const r = await rollover(ctx!, to);
      console.log(`Đã chuyển từ năm học ${r.from} sang ${r.to}: ${r.promoted} học sinh lên lớp, ${r.graduated} học sinh khối cuối thôi hoạt động, ` +
        `${r.cardsReissued} thẻ được cấp lại.`);
    },
  },
];
