import path from 'node:path';
import { formatDate, isSchoolYear } from '../../shared/dates';
import { formatAmount } from '../../shared/number-words';
import { AppError } from '../../shared/errors';
import type { ImportRowError } from '../../shared/contract/readers';
import { lastRollover, previewRollover, rollover, undoRollover } from '../services/readers/rollover';
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
        for (const c of r.unknownColumns) process.stderr.write(`Chú ý: Cột '${c}' không được nhập.\n`);
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
    usage: 'rollover --to 2027-2028 [--db FILE] [--dry-run] | rollover --undo [--db FILE]',
    summary: 'Chuyển năm học: in bản xem trước (lớp cũ → lớp mới, khối 9 thôi hoạt động và sách họ còn mượn) rồi chuyển; --dry-run chỉ xem trước; --undo hoàn tác lần chuyển gần nhất.',
    async run(args, ctx) {
      try {
        if (args.flags.undo) {
          const last = await lastRollover(ctx!);
          if (!last) {
            process.stderr.write('Lỗi: Không có lần chuyển năm học nào để hoàn tác.\n');
            return 1;
          }
          const r = await undoRollover(ctx!, last.id);
          console.log(`Đã hoàn tác lần chuyển năm học ${r.to} → ${r.from}: ${formatAmount(r.restored)} bạn đọc trở lại như trước, năm học hiện tại là ${r.to}.`);
          return 0;
        }
        const to = flag(args, 'to');
        if (!to || !isSchoolYear(to)) throw new UsageError('Cần --to NĂM-HỌC, ví dụ --to 2027-2028.');
        const p = await previewRollover(ctx!, to);
        if (p.refusal) {
          process.stderr.write(`Lỗi: ${p.refusal}\n`);
          return 1;
        }
        console.log(`Chuyển năm học ${p.from} → ${p.to}:`);
        for (const c of p.classes) console.log(`  ${c.from} → ${c.to ?? 'thôi hoạt động'} (${formatAmount(c.students)} học sinh)`);
        console.log(`${formatAmount(p.promoted)} học sinh lên lớp, ${formatAmount(p.leaving)} học sinh khối cuối thôi hoạt động, ${formatAmount(p.cardsReissued)} thẻ được cấp lại (${formatAmount(p.cardsReissuedStudents)} học sinh, ${formatAmount(p.cardsReissuedStaff)} cán bộ).`);
        if (p.leavingLoans.length) {
          console.log(`Học sinh thôi hoạt động còn mượn ${formatAmount(p.leavingLoans.length)} bản sách:`);
          for (const l of p.leavingLoans) console.log(`  ${l.fullName} (${l.className}, ${l.cardNumber}) — ${l.accessionCode} ${l.title}, hạn trả ${formatDate(l.dueAt)}`);
        }
        // The typed year is --to itself: scripts keep working; the warning is printed, not asked.
        if (p.warning) console.log(`Cảnh báo: ${p.warning}`);
        if (args.flags['dry-run']) {
          console.log('Xem trước: chưa thay đổi gì.');
          return 0;
        }
        const r = await rollover(ctx!, to, to);
        console.log(`Đã chuyển từ năm học ${r.from} sang ${r.to}: ${formatAmount(r.promoted)} học sinh lên lớp, ${formatAmount(r.graduated)} học sinh khối cuối thôi hoạt động, ` +
          `${formatAmount(r.cardsReissued)} thẻ được cấp lại. Hoàn tác: rollover --undo.`);
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          process.stderr.write(`Lỗi: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
    },
  },
];
