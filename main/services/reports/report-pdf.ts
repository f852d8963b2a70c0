import path from 'node:path';
import type { z } from 'zod';
import type { reportInput } from '../../../shared/contract/reports';
import type { FileResult } from '../../../shared/contract/define';
import { activityForms, type ActivityForm } from '../../../shared/contract/activities';
import { digitalForms, type DigitalForm } from '../../../shared/contract/enums';
import { formatDate, todayIso } from '../../../shared/dates';
import { formatAmount } from '../../../shared/number-words';
import { exportFileName } from '../../pdf/document';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { officialHeader, placeAndDate, signatureBlock, stack, textBlock } from '../../pdf/registers/blocks';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';
import { listActivities } from '../activities/activities';
import { formatBytes } from '../../../shared/numbers';
import { computeStatistics, defaultYear, periodOf } from './period-statistics';

/** Báo cáo tháng / học kỳ / năm in the shape schools send: bổ sung, hoạt động, số lượt, đề nghị. */
export async function printPeriodReport(ctx: ServiceContext, input: z.output<typeof reportInput>, out?: string): Promise<FileResult> {
  const school = getSchool(ctx.sql);
  const year = input.year ?? (await defaultYear(ctx.sql, ctx.now()));
  const p = periodOf(year, input.period, input.month);
  const today = todayIso(ctx.now());
  const s = computeStatistics(ctx.sql, p, today);
  const fmt = (iso: string) => formatDate(iso, school.dateStyle);
  const file = out ? path.resolve(out) : path.join(exportsDirIn(ctx.dataDir), exportFileName(`Bao cao thu vien ${p.label}`, 'pdf', ctx.now()));
  const activities = listActivities(ctx.sql).filter((a) => a.date >= p.from && a.date <= p.to).reverse();

  const seriesCols: TableColumn[] = [
    { title: 'Loại tài liệu', width: 50 },
    { title: 'Bản', width: 18, path: ['Nhập trong kỳ'], align: 'right', total: true },
    { title: 'Giá trị (đồng)', width: 26, path: ['Nhập trong kỳ'], align: 'right', total: true, money: true },
    { title: 'Bản', width: 18, path: ['Xuất trong kỳ'], align: 'right', total: true },
    { title: 'Giá trị (đồng)', width: 26, path: ['Xuất trong kỳ'], align: 'right', total: true, money: true },
    { title: 'Hiện có (bản)', width: 0, align: 'right', total: true },
  ];
  const seriesRows: TableRow[] = s.collectionBySeries.map((c) => {
    const a = s.added.find((x) => x.series === c.series), w = s.withdrawn.find((x) => x.series === c.series);
    return [`${c.name} (${c.series})`, a?.copies ?? 0, a?.value ?? 0, w?.copies ?? 0, w?.value ?? 0, c.copies];
  });
  const monthCols: TableColumn[] = [
    { title: 'Tháng', width: 24, align: 'center' },
    { title: 'Học sinh', width: 26, path: ['Lượt mượn về nhà'], align: 'right', total: true },
    { title: 'Giáo viên, nhân viên', width: 30, path: ['Lượt mượn về nhà'], align: 'right', total: true },
    { title: 'Lượt đọc tại chỗ', width: 30, align: 'right', total: true },
    { title: 'Lượt đến thư viện', width: 0, align: 'right', total: true },
  ];
  const monthRows: TableRow[] = s.months.map((m) => {
    const c = s.circulation.filter((x) => x.month === m);
    const sum = (f: (x: (typeof c)[number]) => number) => c.reduce((a, x) => a + Number(f(x)), 0);
    return [`${m.slice(5)}/${m.slice(0, 4)}`, sum((x) => (x.readerKind === 'student' ? x.loans : 0)), sum((x) => (x.readerKind !== 'student' ? x.loans : 0)),
      sum((x) => x.inLibrary), s.visits.find((v) => v.month === m)?.visits ?? 0];
  });
  const actCols: TableColumn[] = [
    { title: 'Ngày', width: 20, align: 'center' }, { title: 'Tên hoạt động', width: 70 }, { title: 'Hình thức', width: 32 },
    { title: 'Đối tượng', width: 28 }, { title: 'Số người', width: 0, align: 'right', total: true },
  ];
  const actRows: TableRow[] = activities.length
    ? activities.map((a) => [fmt(a.date), a.name, activityForms[a.form as ActivityForm] ?? a.form, a.audience, a.participants])
    : [{ span: 'Chưa ghi nhận hoạt động nào trong kỳ.', bold: false }];
  const digitalCols: TableColumn[] = [
    { title: 'Hình thức', width: 60 }, { title: 'Số tài liệu', width: 30, align: 'right', total: true },
    { title: 'Dung lượng', width: 36, align: 'right' }, { title: 'Lượt xem trong kỳ', width: 0, align: 'right', total: true },
  ];
  const digitalRows: TableRow[] = s.digital.resources
    ? (Object.keys(digitalForms) as DigitalForm[]).flatMap((form) => {
      const f = s.digital.byForm.find((x) => x.form === form);
      return f ? [[digitalForms[form], f.resources, form === 'link' ? '' : formatBytes(f.bytes), f.views]] : [];
    })
    : [{ span: 'Thư viện chưa có tài liệu số.', bold: false }];
  const removedViews = s.digital.views - s.digital.byForm.reduce((a, f) => a + f.views, 0);
  if (removedViews > 0) digitalRows.push(['Tài liệu đã gỡ', '', '', removedViews]);
  const topCols: TableColumn[] = [{ title: 'STT', width: 10, align: 'right' }, { title: 'Nhan đề', width: 110 }, { title: 'Tác giả', width: 45 }, { title: 'Lượt mượn', width: 0, align: 'right' }];
  const topRows: TableRow[] = s.topTitles.map((t, i) => [i + 1, t.title, t.authors, t.loans]);

  const intro = stack(officialHeader(school), textBlock(60, [
    { text: `BÁO CÁO CÔNG TÁC THƯ VIỆN ${p.label.toUpperCase()}`, bold: true, center: true, size: 13 },
    { text: `(Từ ngày ${fmt(p.from)} đến ngày ${fmt(p.to)})`, italic: true, center: true },
    { text: `I. Công tác bổ sung: trong kỳ thư viện nhập ${formatAmount(s.totals.added)} bản sách, thanh lọc ${formatAmount(s.totals.withdrawn)} bản. Kho hiện có ${formatAmount(s.totals.copiesInStock)} bản thuộc ${formatAmount(s.totals.titles)} đầu sách. Bạn đọc: ${formatAmount(s.readers.students)} học sinh, ${formatAmount(s.readers.teachers + s.readers.staff)} giáo viên, nhân viên.` },
    { text: `Tài liệu số: ${formatAmount(s.digital.resources)} tài liệu của ${formatAmount(s.digital.titles)} đầu sách (${formatAmount(s.digital.files)} tệp, ${formatAmount(s.digital.links)} liên kết), ${formatAmount(s.digital.views)} lượt xem trong kỳ; ${formatAmount(s.opacSearches.total)} lượt tra cứu qua mạng nội bộ.` },
    { text: `Số lượt: ${formatAmount(s.totals.loans)} lượt mượn, ${formatAmount(s.totals.inLibrary)} lượt đọc tại chỗ, ${formatAmount(s.totals.visits)} lượt đến thư viện; ${formatAmount(s.totals.activities)} hoạt động thư viện. Hiện có ${formatAmount(s.overdue.loans)} lượt mượn quá hạn.` },
  ]));
  const proposals = input.proposals.trim() || '……………………………………………………………………………………………';
  const outro = stack(textBlock(30, [{ text: 'IV. Đề nghị', bold: true }, { text: proposals }]), signatureBlock([
    { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: school.principal },
    { role: 'NGƯỜI BÁO CÁO', hint: '(Ký, ghi rõ họ tên)', name: school.librarian },
  ], placeAndDate(school, today)));
  const r = await renderRegister({
    file, title: `BÁO CÁO CÔNG TÁC THƯ VIỆN ${p.label.toUpperCase()}`, school, plainFirstPage: true,
    sections: [
      { heading: 'Bảng 1. Bổ sung và thanh lọc theo loại tài liệu', columns: seriesCols, rows: seriesRows, grandTotal: true, intro },
      { heading: 'II. Số lượt mượn, đọc theo tháng', columns: monthCols, rows: monthRows, grandTotal: true },
      { heading: 'Tài liệu số', columns: digitalCols, rows: digitalRows, grandTotal: s.digital.resources > 0 },
      { heading: 'Sách được mượn nhiều nhất', columns: topCols, rows: topRows },
      { heading: 'III. Hoạt động thư viện', columns: actCols, rows: actRows, grandTotal: activities.length > 0, outro },
    ],
    job: ctx.jobs.begin(input.jobId),
  });
  return { fileName: path.basename(r.path), path: r.path, pages: r.pages, bytes: r.bytes };
}
