import path from 'node:path';
import { AppError } from '../../shared/errors';
import { exportCatalogue } from '../services/catalogue/export';
import { importCatalogueFile, SOURCE_LABELS, unknownColumnMessage } from '../services/catalogue/import';
import { UsageError, type CliCommand } from './types';
import { formatBytes } from '../../shared/numbers';

/** Prints an import error with every row it names, returns the exit code. */
export function printImportError(error: unknown): number {
  if (error instanceof AppError) {
    process.stderr.write(`Lỗi: ${error.message}\n`);
    const details = error.details as { errors?: { message: string }[]; unknownColumns?: string[] } | undefined;
    for (const r of (details?.errors ?? []).slice(5)) process.stderr.write(`  ${r.message}\n`);
    for (const c of details?.unknownColumns ?? []) process.stderr.write(`Chú ý: ${unknownColumnMessage(c)}\n`);
    return 1;
  }
  throw error;
}

export const catalogueCommands: CliCommand[] = [
  {
    name: 'import-catalogue',
    usage: 'import-catalogue FILE --db DB',
    summary: 'Nhập danh mục sách từ tệp .xlsx hoặc .csv (cả tệp hoặc không dòng nào; cấp số ĐKCB hoặc giữ cột "Số ĐKCB").',
    async run(args, ctx) {
      const file = args.positional[0];
      if (!file) throw new UsageError('Thiếu tệp: import-catalogue FILE --db DB');
      try {
        const r = await importCatalogueFile(ctx!, path.resolve(file));
        console.log(`Đã nhập ${r.titles} đầu sách, ${r.copies} bản sách.`);
        for (const c of r.unknownColumns) console.log(`Chú ý: ${unknownColumnMessage(c)}`);
        for (const b of r.batches) {
          console.log(`  Phiếu nhập số ${b.registerNumber} (${SOURCE_LABELS[b.source] ?? b.source}): ${b.copies} bản, ${b.codeRanges}`);
        }
        return 0;
      } catch (error) {
        return printImportError(error);
      }
    },
  },
  {
    name: 'export-catalogue',
    usage: 'export-catalogue FILE.xlsx --db DB',
    summary: 'Xuất danh mục đầu sách và bản sách ra tệp Excel (.xlsx).',
    async run(args, ctx) {
      const file = args.positional[0];
      if (!file || !file.toLowerCase().endsWith('.xlsx')) throw new UsageError('Cần tên tệp .xlsx: export-catalogue FILE.xlsx --db DB');
      const r = await exportCatalogue(ctx!, path.resolve(file));
      console.log(`Đã xuất danh mục ra ${r.path} (${formatBytes(r.bytes)}).`);
      return 0;
    },
  },
];
