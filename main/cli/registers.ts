import path from 'node:path';
import { printRegisterInput, registerKinds } from '../../shared/contract/registers';
import { reportInput } from '../../shared/contract/reports';
import { printRegister } from '../services/registers/print';
import { printPeriodReport } from '../services/reports/report-pdf';
import { printSelfCheck } from '../services/selfcheck/selfcheck';
import { flag, UsageError, type CliCommand, type ParsedArgs } from './types';
import { formatBytes, formatNumber } from '../../shared/numbers';

const REGISTER_KINDS: readonly string[] = registerKinds;

function common(args: ParsedArgs) {
  const out = flag(args, 'out');
  if (!out) throw new UsageError('Thiếu --out FILE.pdf.');
  const year = flag(args, 'year');
  if (year !== undefined && !/^\d{4}-\d{4}$/.test(year)) throw new UsageError('--year có dạng 2023-2024.');
  return { out: path.resolve(out), year };
}

function done(r: { path: string; pages?: number; bytes: number }) {
  console.log(`Đã in ${r.path} (${formatNumber(r.pages ?? 0)} trang, ${formatBytes(r.bytes)}).`);
}

export const registerCommands: CliCommand[] = [
  {
    name: 'print register',
    usage: 'print register dktq|dkcb|sgk|muon|nhap|xuat|mucluc|baochi [--series STK] [--year 2023-2024] [--readers student|teacher] [--class 6A1] [--roman] --out FILE.pdf',
    summary: 'In sổ đăng ký tổng quát, cá biệt, sách giáo khoa, sổ mượn, biên bản nhập/xuất, mục lục chữ cái, sổ đăng ký báo, tạp chí ra PDF.',
    async run(args, ctx) {
      const kind = args.positional[0];
      if (!kind || !REGISTER_KINDS.includes(kind)) throw new UsageError(`Hãy chọn loại sổ: ${REGISTER_KINDS.join('|')}.`);
      const { out, year } = common(args);
      const parsed = printRegisterInput.safeParse({
        kind, year, series: flag(args, 'series'), readerKind: flag(args, 'readers') === 'teacher' ? 'teacher' : 'student',
        className: flag(args, 'class'), dateStyle: args.flags.roman ? 'roman' : undefined,
        batchId: flag(args, 'batch') ? Number(flag(args, 'batch')) : undefined,
        withdrawalId: flag(args, 'withdrawal') ? Number(flag(args, 'withdrawal')) : undefined,
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'));
      done(await printRegister(ctx!, parsed.data, out));
    },
  },
  {
    name: 'print report',
    usage: 'print report year|term1|term2|month|selfcheck|selfcheck-minutes [--year 2023-2024] [--month 11] --out FILE.pdf',
    summary: 'In báo cáo năm/học kỳ/tháng, báo cáo và biên bản tự đánh giá (TT 16/2022) ra PDF.',
    async run(args, ctx) {
      const kind = args.positional[0];
      const { out, year } = common(args);
      if (kind === 'selfcheck' || kind === 'selfcheck-minutes') {
        done(await printSelfCheck(ctx!, { kind: kind === 'selfcheck' ? 'report' : 'minutes', year }, out));
        return;
      }
      if (!['year', 'term1', 'term2', 'month'].includes(kind ?? '')) throw new UsageError('Hãy chọn: year|term1|term2|month|selfcheck|selfcheck-minutes.');
      const parsed = reportInput.safeParse({ period: kind, year, month: flag(args, 'month') ? Number(flag(args, 'month')) : undefined });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'));
      done(await printPeriodReport(ctx!, parsed.data, out));
    },
  },
];
