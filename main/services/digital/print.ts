import path from 'node:path';
import type { FileResult } from '../../../shared/contract/define';
import type { DigitalAccess, DigitalForm } from '../../../shared/contract/digital';
import { formatDate, todayIso } from '../../../shared/dates';
import { formatAmount } from '../../../shared/number-words';
import { compareVi } from '../../../shared/text';
import { exportFileName } from '../../pdf/document';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { officialHeader, placeAndDate, signatureBlock, stack, textBlock } from '../../pdf/registers/blocks';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';
import { accessLabel, formLabel, listDigital } from './resources';
import { formatBytes } from '../../../shared/numbers';

/**
 * Danh mục tài liệu số: every resource (or those of one form / access level), grouped by title in
 * Vietnamese order, with the official header and the librarian's and principal's signatures.
 */
export async function printDigitalCatalogue(ctx: ServiceContext, input: { form?: DigitalForm; access?: DigitalAccess; jobId?: string }, out?: string): Promise<FileResult> {
  const school = getSchool(ctx.sql);
  const today = todayIso(ctx.now());
  const list = listDigital(ctx, { form: input.form, access: input.access })
    .sort((a, b) => compareVi(a.title, b.title) || a.id - b.id);
  const file = out ? path.resolve(out) : path.join(exportsDirIn(ctx.dataDir), exportFileName('Danh muc tai lieu so', 'pdf', ctx.now()));
  const columns: TableColumn[] = [
    { title: 'STT', width: 10, align: 'right' },
    { title: 'Đầu sách', width: 52 },
    { title: 'Tài liệu', width: 50 },
    { title: 'Hình thức', width: 26 },
    { title: 'Định dạng', width: 16, align: 'center' },
    { title: 'Dung lượng', width: 20, align: 'right' },
    { title: 'Môn', width: 24 },
    { title: 'Khối', width: 10, align: 'center' },
    { title: 'Truy cập', width: 22 },
    { title: 'Lượt xem', width: 0, align: 'right', total: true },
  ];
  const rows: TableRow[] = list.length
    ? list.map((r, i) => [
      i + 1, r.authors ? `${r.title} — ${r.authors}` : r.title, r.kind === 'link' ? `${r.name} (${r.url})` : r.name, formLabel(r.form), r.typeLabel,
      r.kind === 'file' ? formatBytes(r.size) : '', r.subject, r.grade ?? '', accessLabel(r.access), r.views,
    ])
    : [{ span: 'Chưa có tài liệu số nào.', bold: false }];
  const files = list.filter((r) => r.kind === 'file');
  const scope = [input.form ? `hình thức ${formLabel(input.form).toLowerCase()}` : '', input.access ? `quyền truy cập "${accessLabel(input.access)}"` : '']
    .filter(Boolean).join(', ');
  const intro = stack(officialHeader(school), textBlock(34, [
    { text: 'DANH MỤC TÀI LIỆU SỐ', bold: true, center: true, size: 14 },
    { text: `(Tính đến ngày ${formatDate(today, school.dateStyle)}${scope ? `; ${scope}` : ''})`, italic: true, center: true },
    { text: `Tổng số: ${formatAmount(list.length)} tài liệu số của ${formatAmount(new Set(list.map((r) => r.titleId)).size)} đầu sách; ${formatAmount(files.length)} tệp (${formatBytes(files.reduce((a, r) => a + r.size, 0))}), ${formatAmount(list.length - files.length)} liên kết.` },
  ]));
  const outro = signatureBlock([
    { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: school.principal },
    { role: 'NGƯỜI LẬP', hint: '(Ký, ghi rõ họ tên)', name: school.librarian },
  ], placeAndDate(school, today));
  const r = await renderRegister({
    file, title: 'DANH MỤC TÀI LIỆU SỐ', school, landscape: true, plainFirstPage: true,
    sections: [{ columns, rows, numbered: false, grandTotal: list.length > 0, intro, outro }],
    job: ctx.jobs.begin(input.jobId),
  });
  return { fileName: path.basename(r.path), path: r.path, pages: r.pages, bytes: r.bytes };
}
