import fs from 'node:fs';
import path from 'node:path';
import { formatAmount } from '../../shared/number-words';
import { formatBytes } from '../../shared/numbers';
import { marcFormatOf } from '../services/catalogue/marc-codec';
import { exportMarc } from '../services/catalogue/marc-export';
import { importMarcFile } from '../services/catalogue/marc-import';
import { printImportError } from './catalogue';
import { UsageError, type CliCommand } from './types';

const FORMAT_LABELS = { iso2709: 'ISO 2709', marcxml: 'MARCXML' } as const;

export const marcCommands: CliCommand[] = [
  {
    name: 'export-marc',
    usage: 'export-marc FILE --db DB',
    summary: 'Xuất danh mục ra MARC 21 (UTF-8): ISO 2709 khi FILE có đuôi .mrc, MARCXML khi có đuôi .xml; mỗi đầu sách một bản ghi, mỗi bản sách chưa thanh lọc một trường 852.',
    async run(args, ctx) {
      const file = args.positional[0];
      if (!file) throw new UsageError('Thiếu tệp: export-marc FILE.mrc|FILE.xml --db DB');
      marcFormatOf(file);
      const r = await exportMarc(ctx!, path.resolve(file));
      console.log(`Đã xuất ${formatAmount(r.records)} bản ghi MARC 21 (${FORMAT_LABELS[r.format]}, ${formatAmount(r.holdings)} bản sách) ra ${r.path} (${formatBytes(r.bytes)}).`);
      return 0;
    },
  },
  {
    name: 'import-marc',
    usage: 'import-marc FILE --db DB [--dry-run]',
    summary: 'Nhập bản ghi MARC 21 (.mrc hoặc .xml, của Kệ Sách, Koha, SLiMS, Libol); cả tệp hoặc không bản ghi nào; --dry-run chỉ xem trước.',
    async run(args, ctx) {
      // "--dry-run FILE" reads FILE as the flag's value: take it back as the file.
      const dryFlag = args.flags['dry-run'];
      const file = args.positional[0] ?? (typeof dryFlag === 'string' ? dryFlag : undefined);
      if (!file) throw new UsageError('Thiếu tệp: import-marc FILE --db DB [--dry-run]');
      const dryRun = dryFlag !== undefined && dryFlag !== 'false';
      const full = path.resolve(file);
      if (!fs.existsSync(full)) throw new UsageError(`Không tìm thấy tệp ${file}.`);
      try {
        const r = await importMarcFile(ctx!, path.basename(full), { content: fs.readFileSync(full), dryRun });
        const what = `${formatAmount(r.records)} bản ghi (${FORMAT_LABELS[r.format]}): ${formatAmount(r.titles)} đầu sách mới, `
          + `${formatAmount(r.matched)} đầu sách đã có, ${formatAmount(r.copies)} bản sách mới`
          + ` (giữ ${formatAmount(r.keptCodes)} số ĐKCB, cấp mới ${formatAmount(r.newCodes)} số)`;
        console.log(r.dryRun ? `Xem trước, chưa ghi gì: ${what}.` : `Đã nhập ${what}.`);
        if (r.already) console.log(`  ${formatAmount(r.already)} bản đã có trong kho, không nhập lại.`);
        if (r.lost) console.log(`  ${formatAmount(r.lost)} bản sách được ghi là mất.`);
        if (r.withdrawnSkipped) console.log(`  Bỏ qua ${formatAmount(r.withdrawnSkipped)} bản đã thanh lọc ở thư viện cũ.`);
        if (r.batch) console.log(`  Phiếu nhập số ${r.batch.registerNumber}: ${formatAmount(r.batch.copies)} bản, ${r.batch.codeRanges}`);
        return 0;
      } catch (error) {
        return printImportError(error);
      }
    },
  },
];
