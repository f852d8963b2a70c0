import type { SchoolInfo } from '../../shared/contract/settings';
import type { StocktakeCounts, StocktakeDto, StocktakeSeriesCounts } from '../../shared/contract/stocktake';
import { formatAmount } from '../../shared/number-words';
import type { PrintProgress } from './progress';
import { officialHeader, placeAndDate, signatureBlock, stack, textBlock } from './registers/blocks';
import { renderRegister, type RowStream, type TableColumn, type TableRow } from './registers/table';

/** Danh sách kiểm kê and biên bản kiểm kê (docs/domain.md, "Danh sách và biên bản kiểm kê"), drawn with the registers' table renderer. */

export interface StocktakePrintLine {
  code: string; classification: string; title: string; authors: string; publisher: string; year: number | null;
  result: 'present' | 'missing' | 'extra'; condition: string; seriesCode: string | null; seriesName: string | null;
  /** False for a copy of a series outside the stocktake (Thừa). */
  inScope: boolean;
}

/**
 * The lines of a danh sách kiểm kê in print order (series in scope, then Thừa), read while the pages are
 * drawn: a whole collection is never held at once. `count` lines in `runs` runs of one series (see
 * `lineGroup`); each run gets a heading row, and the pages are counted from both before drawing.
 */
export interface StocktakeLines {
  count: number;
  runs: number;
  chunks: AsyncIterable<StocktakePrintLine[]>;
}

/** Lines of one run share this key; a heading row starts each run. */
export function lineGroup(l: StocktakePrintLine): string {
  return `${l.inScope ? '' : 'x'}${l.seriesCode ?? ''}`;
}

/** How many runs of one series `lines` (already in print order) hold. */
export function countRuns(lines: StocktakePrintLine[]): number {
  let runs = 0;
  lines.forEach((l, i) => {
    if (i === 0 || lineGroup(l) !== lineGroup(lines[i - 1])) runs++;
  });
  return runs;
}

interface Common {
  file: string;
  school: SchoolInfo;
  stocktake: StocktakeDto;
  /** Formats an ISO date in the school's date style. */
  fmt: (iso: string | null | undefined) => string;
  /** Local calendar day of a stored timestamp (ISO date). */
  day: (stamp: string | null) => string | null;
  job?: PrintProgress;
}

export const STOCKTAKE_LIST_COLUMNS: TableColumn[] = [
  { title: 'Số ĐKCB', width: 21 },
  { title: 'Phân loại', width: 14 },
  { title: 'Nhan đề', width: 48 },
  { title: 'Tác giả', width: 24 },
  { title: 'NXB', width: 18 },
  { title: 'Năm', width: 9, align: 'center' },
  { title: 'Còn', width: 8, align: 'center', path: ['Kết quả'], total: true },
  { title: 'Mất', width: 8, align: 'center', path: ['Kết quả'], total: true },
  { title: 'Thừa', width: 8, align: 'center', path: ['Kết quả'], total: true },
  { title: 'Tình trạng', width: 0 },
];

function scopeText(s: StocktakeDto): string {
  return s.scope.length ? `loại sách ${s.scope.join(', ')}` : 'toàn bộ kho sách';
}

function subtitle(s: StocktakeDto): string {
  return `${s.name} — năm học ${s.schoolYear}${s.status === 'open' ? ' (đang kiểm kê)' : ''}`;
}

function lineRow(l: StocktakePrintLine): TableRow {
  return [l.code, l.classification, l.title, l.authors, l.publisher, l.year ?? '',
    l.result === 'present' ? 1 : 0, l.result === 'missing' ? 1 : 0, l.result === 'extra' ? 1 : 0, l.condition];
}

function groupHeading(l: StocktakePrintLine): TableRow {
  return {
    span: !l.seriesCode ? 'Thừa — mã không có trong kho sách' : l.inScope ? `Loại sách: ${l.seriesName} (${l.seriesCode})`
      : `Thừa — ngoài phạm vi kiểm kê: ${l.seriesName} (${l.seriesCode})`,
  };
}

/** The table rows of the lines, chunk by chunk: a heading row before each run of one series. */
function listRows(lines: StocktakeLines): RowStream {
  if (lines.count === 0) return { count: 1, chunks: (async function* () { yield [{ span: 'Chưa có bản sách nào được quét.', bold: false }]; })() };
  return {
    count: lines.count + lines.runs,
    chunks: (async function* () {
      let current: string | undefined;
      for await (const chunk of lines.chunks) {
        const rows: TableRow[] = [];
        for (const l of chunk) {
          const group = lineGroup(l);
          if (group !== current) {
            current = group;
            rows.push(groupHeading(l));
          }
          rows.push(lineRow(l));
        }
        yield rows;
      }
    })(),
  };
}

/** Danh sách kiểm kê: one ruled line per copy (Còn | Mất | Thừa), a heading per series, totals at the end. */
export async function printStocktakeList(spec: Common & { lines: StocktakeLines }) {
  const rows = listRows(spec.lines);
  const s = spec.stocktake;
  const intro = textBlock(12, [
    { text: `Phạm vi: ${scopeText(s)}. Bắt đầu ngày ${spec.fmt(spec.day(s.startedAt))}${s.closedAt ? `, kết thúc ngày ${spec.fmt(spec.day(s.closedAt))}` : ''}.`, italic: true, size: 10 },
  ]);
  const outro = signatureBlock([
    { role: 'NGƯỜI LẬP', hint: '(Ký, ghi rõ họ tên)', name: spec.school.librarian },
    { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: spec.school.principal },
  ], placeAndDate(spec.school, spec.day(s.closedAt ?? s.startedAt) ?? s.startedAt));
  return renderRegister({
    file: spec.file, title: 'DANH SÁCH KIỂM KÊ', school: spec.school, subtitle: subtitle(s),
    sections: [{ columns: STOCKTAKE_LIST_COLUMNS, rows, grandTotal: true, rowHeight: 5.6, fontSize: 8, intro, outro }],
    job: spec.job,
    // 100,000 lines of unique codes and titles: cached word layouts are what grows (peak RSS 310 → 233 MB at 100,000 copies).
    forgetLayoutsEvery: 1,
  });
}

export const STOCKTAKE_MINUTES_COLUMNS: TableColumn[] = [
  { title: 'Loại sách', width: 56 },
  { title: 'Số bản theo sổ', width: 20, align: 'right', total: true },
  { title: 'Tổng', width: 18, align: 'right', path: ['Còn'], total: true },
  { title: 'Trên kệ', width: 18, align: 'right', path: ['Còn'], total: true },
  { title: 'Đang cho mượn', width: 20, align: 'right', path: ['Còn'], total: true },
  { title: 'Đang giữ', width: 16, align: 'right', path: ['Còn'], total: true },
  { title: 'Mất', width: 16, align: 'right', total: true },
  { title: 'Thừa', width: 16, align: 'right', total: true },
  { title: 'Ghi chú', width: 0 },
];

function percent(part: number, whole: number): string {
  if (!whole) return '0';
  return (Math.round((part / whole) * 1000) / 10).toLocaleString('vi-VN');
}

/** Biên bản kiểm kê: official header, the committee, counts Còn / Mất / Thừa by series, signatures. */
export async function printStocktakeMinutes(spec: Common & { series: StocktakeSeriesCounts[]; totals: StocktakeCounts }) {
  const s = spec.stocktake;
  const t = spec.totals;
  const members = s.members.split('\n').map((m) => m.trim()).filter(Boolean);
  const rows: TableRow[] = spec.series.map((r) => [r.code ? `${r.name} (${r.code})` : r.name, r.expected, r.present, r.scanned, r.onLoan,
    r.held, r.missing, r.extra, r.expected ? `Mất ${percent(r.missing, r.expected)} %` : '']);
  const school = spec.school.schoolName.replace(/^TRƯỜNG/i, 'trường');
  const start = spec.fmt(spec.day(s.startedAt));
  const end = s.closedAt ? spec.fmt(spec.day(s.closedAt)) : '';
  const body = [
    `Hôm nay, ngày ${end || start}, tại thư viện ${school}, ban kiểm kê gồm: ${members.length ? members.join('; ') : '……………'}.`,
    `Đã tiến hành kiểm kê ${scopeText(s)} từ ngày ${start}${end ? ` đến ngày ${end}` : ''}, đối chiếu từng bản sách trên kệ và sách đang cho mượn với sổ đăng ký cá biệt.`,
    `Kết quả: theo sổ ${formatAmount(t.expected)} bản; còn ${formatAmount(t.present)} bản (trên kệ ${formatAmount(t.scanned)}, đang cho mượn ${formatAmount(t.onLoan)}${t.held ? `, đang giữ cho bạn đọc đặt trước ${formatAmount(t.held)}` : ''}); mất ${formatAmount(t.missing)} bản (${percent(t.missing, t.expected)} %); thừa ${formatAmount(t.extra)} bản.`,
    ...(s.note ? [`Ghi chú: ${s.note}`] : []),
    'Chi tiết theo loại sách ở bảng dưới đây; từng bản sách ghi trong danh sách kiểm kê kèm theo. Các bản mất chỉ được xuất khỏi kho bằng biên bản xuất sách riêng.',
  ];
  // 11 pt on A4 portrait flows about 110 characters a line, 4.7 mm a line, plus the title lines.
  const height = 16 + body.reduce((a, p) => a + 4.7 * Math.ceil(p.length / 110) + 0.8, 0);
  const intro = stack(officialHeader(spec.school), textBlock(height, [
    { text: 'BIÊN BẢN KIỂM KÊ KHO SÁCH THƯ VIỆN', bold: true, center: true, size: 14 },
    { text: `${s.name} — năm học ${s.schoolYear}${s.status === 'open' ? ' (tạm tính, đợt kiểm kê chưa kết thúc)' : ''}`, italic: true, center: true },
    ...body.map((text, i) => ({ text, bold: i === 2, italic: i === body.length - 1 })),
  ]));
  const outro = stack(
    textBlock(10, [{ text: 'Biên bản được lập thành 02 bản, thư viện giữ 01 bản, lưu văn phòng nhà trường 01 bản.', italic: true, size: 10.5 }]),
    signatureBlock([
      { role: 'NGƯỜI LẬP', hint: '(Ký, ghi rõ họ tên)', name: spec.school.librarian },
      { role: 'BAN KIỂM KÊ', hint: '(Ký, ghi rõ họ tên)' },
      { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: spec.school.principal },
    ], placeAndDate(spec.school, spec.day(s.closedAt ?? s.startedAt) ?? s.startedAt)),
  );
  return renderRegister({
    file: spec.file, title: 'BIÊN BẢN KIỂM KÊ', school: spec.school, plainFirstPage: true, subtitle: subtitle(s),
    sections: [{ columns: STOCKTAKE_MINUTES_COLUMNS, rows, grandTotal: true, rowHeight: 7, fontSize: 9.5, intro, outro }],
    job: spec.job,
  });
}
