import { generateDemo } from '../services/demo';
import { inStockOf, summaryStats } from '../services/stats/collection-counts';
import { formatAmount } from '../../shared/number-words';
import { formatNumber } from '../../shared/numbers';
import { flag, UsageError, type CliCommand } from './types';

export const databaseCommands: CliCommand[] = [
  {
    name: 'init',
    usage: 'init [--db FILE]',
    summary: 'Tạo mới hoặc nâng cấp cơ sở dữ liệu (sao lưu trước khi nâng cấp).',
    exclusive: 'khởi tạo hay nâng cấp',
    async run(_args, ctx) {
      console.log(`Cơ sở dữ liệu sẵn sàng: ${ctx!.databaseFile}`);
    },
  },
  {
    name: 'demo',
    usage: 'demo [--db FILE] [--seed N] [--copies N] [--students N] [--loans N]',
    summary: 'Tạo dữ liệu mẫu của một thư viện trường THCS (cơ sở dữ liệu phải trống).',
    exclusive: 'tạo dữ liệu mẫu',
    async run(args, ctx) {
      const num = (name: string) => (flag(args, name) !== undefined ? Number(flag(args, name)) : undefined);
      const seed = num('seed') ?? 1;
      if (!Number.isInteger(seed)) throw new UsageError('--seed phải là số nguyên.');
      const started = Date.now();
      const r = await generateDemo(ctx!.sql, {
        seed, copies: num('copies'), students: num('students'), teachers: num('teachers'), loans: num('loans'), titles: num('titles'),
        now: ctx!.now(),
      });
      const n = formatNumber;
      console.log(`Đã tạo dữ liệu mẫu (${n(Math.round((Date.now() - started) / 100) / 10)} s): ${n(r.titles)} đầu sách, ${n(r.copies)} bản sách, ` +
        `${n(r.students)} học sinh, ${n(r.staff)} giáo viên/nhân viên, ${n(r.loans)} lượt mượn, ${n(r.visits)} lượt đến thư viện, ${n(r.inLibraryUses)} lượt đọc tại chỗ, ${n(r.withdrawn)} bản đã thanh lọc.`);
    },
  },
  {
    name: 'stats',
    usage: 'stats [--db FILE] [--json]',
    summary: 'Số liệu tổng quát: đầu sách, bản sách, bạn đọc, lượt mượn, lượt đến thư viện.',
    async run(args, ctx) {
      const s = await summaryStats(ctx!.sql, ctx!.now());
      if (args.flags.json) {
        process.stdout.write(JSON.stringify(s) + '\n');
        return;
      }
      const f = formatAmount;
      console.log(`Đầu sách: ${f(s.titles)}`);
      console.log(`Bản sách: ${f(s.copies.total)}; trong kho ${f(inStockOf(s))} (sẵn sàng ${f(s.copies.available)}, đang mượn ${f(s.copies.onLoan)}, đang giữ ${f(s.copies.held)}); đã thanh lọc ${f(s.copies.withdrawn)}, mất ${f(s.copies.lost)}`);
      console.log(`Bạn đọc: ${f(s.readers.students)} học sinh, ${f(s.readers.staff)} giáo viên/nhân viên (${f(s.readers.active)} đang hoạt động)`);
      console.log(`Lượt mượn: ${f(s.loans.open)} đang mượn (${f(s.loans.overdue)} quá hạn), ${f(s.loans.closed)} đã trả`);
      console.log(`Lượt đến thư viện: ${f(s.visits)}`);
      console.log(`Tài liệu số: ${f(s.digital.resources)} (${f(s.digital.views)} lượt xem)`);
      console.log(`Đặt trước: ${f(s.reservations.waiting)} đang chờ, ${f(s.reservations.ready)} sách đang giữ`);
    },
  },
];
