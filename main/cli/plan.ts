import path from 'node:path';
import { schoolYear } from '../../shared/contract/define';
import { formatAmount } from '../../shared/number-words';
import { AppError } from '../../shared/errors';
import type { ServiceContext } from '../services/context';
import { unknownColumnMessage } from '../services/catalogue/import';
import { latestPlanOfYear, planForYear } from '../services/plan/plans';
import { exportPlanXlsx, printPlan } from '../services/plan/print';
import { importQuotation } from '../services/plan/quotation';
import { printImportError } from './catalogue';
import { flag, UsageError, type CliCommand, type ParsedArgs } from './types';
import { formatBytes, formatNumber } from '../../shared/numbers';

function yearOf(args: ParsedArgs, usage: string): string {
  const year = flag(args, 'year');
  if (!year) throw new UsageError(`Thiếu --year: ${usage}`);
  const r = schoolYear.safeParse(year);
  if (!r.success) throw new UsageError(r.error.issues[0].message);
  return year;
}

function existingPlan(ctx: ServiceContext, year: string) {
  const p = latestPlanOfYear(ctx, year);
  if (!p) throw new AppError('NOT_FOUND', `Năm học ${year} chưa có kế hoạch mua sắm.`);
  return p;
}

export const planCommands: CliCommand[] = [
  {
    name: 'plan import',
    usage: 'plan import FILE --year 2026-2027 --db DB',
    summary: 'Thêm các dòng của báo giá (.xlsx hoặc .csv) vào kế hoạch mua sắm năm học (cả tệp hoặc không dòng nào).',
    async run(args, ctx) {
      const usage = 'plan import FILE --year 2026-2027 --db DB';
      const file = args.positional[0];
      if (!file) throw new UsageError(`Thiếu tệp: ${usage}`);
      const year = yearOf(args, usage);
      try {
        const plan = planForYear(ctx!, year);
        const r = await importQuotation(ctx!, plan.id, path.resolve(file));
        console.log(`Đã thêm ${r.lines} dòng, ${formatAmount(r.copies)} bản, ${formatAmount(r.amount)} đ vào kế hoạch năm học ${year} (phiên bản ${plan.version}).`);
        for (const c of r.unknownColumns) console.log(`Chú ý: ${unknownColumnMessage(c)}`);
        return 0;
      } catch (error) {
        return printImportError(error);
      }
    },
  },
  {
    name: 'print plan',
    usage: 'print plan --year 2026-2027 --out FILE.pdf --db DB',
    summary: 'In kế hoạch mua sắm, bổ sung sách, tài liệu của năm học (phiên bản mới nhất) ra PDF.',
    async run(args, ctx) {
      const usage = 'print plan --year 2026-2027 --out FILE.pdf --db DB';
      const out = flag(args, 'out');
      if (!out) throw new UsageError(`Thiếu --out FILE.pdf: ${usage}`);
      const r = await printPlan(ctx!, existingPlan(ctx!, yearOf(args, usage)).id, { out });
      console.log(`Đã in ${r.path} (${formatNumber(r.pages ?? 0)} trang, ${formatBytes(r.bytes)}).`);
    },
  },
  {
    name: 'export-plan',
    usage: 'export-plan FILE.xlsx --year 2026-2027 --db DB',
    summary: 'Xuất kế hoạch mua sắm của năm học ra tệp Excel cho kế toán.',
    async run(args, ctx) {
      const usage = 'export-plan FILE.xlsx --year 2026-2027 --db DB';
      const file = args.positional[0];
      if (!file || !file.toLowerCase().endsWith('.xlsx')) throw new UsageError(`Cần tên tệp .xlsx: ${usage}`);
      const r = await exportPlanXlsx(ctx!, existingPlan(ctx!, yearOf(args, usage)).id, file);
      console.log(`Đã xuất kế hoạch ra ${r.path} (${formatBytes(r.bytes)}).`);
    },
  },
];
