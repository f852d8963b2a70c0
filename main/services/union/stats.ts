import ExcelJS from 'exceljs';
import { formatDateTime } from '../../../shared/dates';
import { schoolList } from '../../db/union/queries';
import { unionSql, type UnionDb } from '../../db/union/sql';
import { MONTH_FORMAT, excelDate } from '../xlsx-cells';
import { unionSummarySchema } from './protocol';

/** District figures per school: aggregated numbers only (nothing about a reader or a loan). */
export interface UnionSchoolStats {
  school: string;
  titles: number;
  copies: number;
  available: number;
  /** From the school's last summary (null before its first). */
  students: number | null;
  copiesPerStudent: number | null;
  digitalResources: number | null;
  /** 'YYYY-MM' → loans that month. */
  loansPerMonth: Record<string, number>;
  lastPush: string | null;
}

/** `GET /api/stats`: titles and copies as the union holds them, the rest from each school's summary. */
export async function unionStats(db: UnionDb): Promise<UnionSchoolStats[]> {
  return (await schoolList(unionSql(db))).map((r) => {
    const summary = unionSummarySchema.safeParse(r.summary);
    const s = summary.success ? summary.data : null;
    return {
      school: r.name,
      titles: r.titles,
      copies: r.copies,
      available: r.available,
      students: s ? s.students : null,
      copiesPerStudent: s && s.students > 0 ? Math.round((r.copies / s.students) * 10) / 10 : null,
      digitalResources: s ? s.digitalResources : null,
      loansPerMonth: s ? Object.fromEntries(Object.entries(s.loansPerMonth).sort(([a], [b]) => a.localeCompare(b))) : {},
      lastPush: r.last_push ? r.last_push.toISOString() : null,
    };
  });
}

const NUM = '#,##0';

/** The Excel for Phòng GD&ĐT: one sheet of figures per school, one of loans per month. */
export async function unionStatsWorkbook(db: UnionDb, now: Date): Promise<Buffer> {
  const stats = await unionStats(db);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kệ Sách — mục lục liên hợp';
  wb.created = now;
  const sheet = wb.addWorksheet('Thống kê theo trường');
  sheet.columns = [
    { header: 'Trường', key: 'school', width: 36 },
    { header: 'Số đầu sách', key: 'titles', width: 14, style: { numFmt: NUM } },
    { header: 'Số bản sách', key: 'copies', width: 14, style: { numFmt: NUM } },
    { header: 'Bản sách đang trên giá', key: 'available', width: 20, style: { numFmt: NUM } },
    { header: 'Số học sinh', key: 'students', width: 14, style: { numFmt: NUM } },
    { header: 'Bản sách / học sinh', key: 'perStudent', width: 18, style: { numFmt: '0.0' } },
    { header: 'Tài nguyên số', key: 'digital', width: 14, style: { numFmt: NUM } },
    { header: 'Lượt mượn (12 tháng gần nhất)', key: 'loans', width: 26, style: { numFmt: NUM } },
    { header: 'Lần gửi dữ liệu gần nhất', key: 'lastPush', width: 24 },
  ];
  const months = [...new Set(stats.flatMap((s) => Object.keys(s.loansPerMonth)))].sort();
  const recent = months.slice(-12);
  for (const s of stats) {
    sheet.addRow({
      school: s.school, titles: s.titles, copies: s.copies, available: s.available, students: s.students,
      perStudent: s.copiesPerStudent, digital: s.digitalResources,
      loans: recent.reduce((n, m) => n + (s.loansPerMonth[m] ?? 0), 0),
      lastPush: s.lastPush ? formatDateTime(s.lastPush) : 'Chưa gửi',
    });
  }
  const sum = (f: (s: UnionSchoolStats) => number | null) => stats.reduce((n, s) => n + (f(s) ?? 0), 0);
  const totalRow = sheet.addRow({
    school: 'Toàn huyện', titles: sum((s) => s.titles), copies: sum((s) => s.copies), available: sum((s) => s.available),
    students: sum((s) => s.students), digital: sum((s) => s.digitalResources),
    perStudent: sum((s) => s.students) > 0 ? Math.round((sum((s) => s.copies) / sum((s) => s.students)) * 10) / 10 : null,
    loans: stats.reduce((n, s) => n + recent.reduce((k, m) => k + (s.loansPerMonth[m] ?? 0), 0), 0),
  });
  totalRow.font = { bold: true };
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const loans = wb.addWorksheet('Lượt mượn theo tháng');
  loans.columns = [{ header: 'Trường', key: 'school', width: 36 }, ...months.map((m) => ({ header: '', key: m, width: 11, style: { numFmt: NUM } }))];
  const head = loans.getRow(1);
  months.forEach((m, i) => {
    const cell = head.getCell(i + 2);
    cell.value = excelDate(m);
    cell.numFmt = MONTH_FORMAT;
  });
  head.font = { bold: true };
  for (const s of stats) loans.addRow({ school: s.school, ...Object.fromEntries(months.map((m) => [m, s.loansPerMonth[m] ?? 0])) });
  loans.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
