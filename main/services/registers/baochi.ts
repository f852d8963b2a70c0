import { languageLabel, schoolYearMonths } from '../../../shared/contract/periodicals';
import { AppError } from '../../../shared/errors';
import { compareVi } from '../../../shared/text';
import { placeAndDate, signatureBlock, stack } from '../../pdf/registers/blocks';
import { renderRegister, type Block, type TableColumn, type TableRow, type TableSection } from '../../pdf/registers/table';
import type { JobHandle } from '../context';
import { periodicalIssuesOfRange, periodicalsOfRange } from '../../db/queries/registers';
import { currentYear, yearRange, type RegisterEnv } from './common';

const DAYS = Array.from({ length: 31 }, (_, i) => i + 1);

/** Tháng | 1 … 31 (under "Ngày nhận") | Cộng — fits landscape A4 (277 mm). */
export const PERIODICAL_COLUMNS: TableColumn[] = [
  { title: 'Tháng', width: 17, align: 'center' },
  ...DAYS.map((d): TableColumn => ({ title: String(d), path: ['Số báo nhận theo ngày'], width: 7.9, align: 'center' })),
  { title: 'Cộng', width: 0, align: 'center', total: true },
];

/** Name, publisher, frequency, language and copies ordered above the grid. */
function periodicalHeader(p: { name: string; publisher: string; frequency: string; language: string; copiesOrdered: number }, year: string): Block {
  return {
    height: 17,
    draw(doc, x, y, width) {
      const half = width / 2;
      const line = (label: string, value: string, lx: number, ly: number, w: number) => {
        doc.font('serif').fontSize(10.5);
        const lw = doc.widthOfString(label);
        doc.text(label, lx, ly, { lineBreak: false });
        doc.font('serifBold').text(value || '…………', lx + lw, ly, { width: w - lw, lineBreak: false, ellipsis: true });
      };
      line('Tên báo, tạp chí: ', p.name, x, y, half + 80);
      line('Năm học: ', year, x + half + 90, y, half - 90);
      line('Cơ quan xuất bản: ', p.publisher, x, y + 15, half);
      line('Kỳ hạn xuất bản: ', p.frequency, x + half, y + 15, half);
      line('Ngôn ngữ: ', languageLabel(p.language), x, y + 30, half);
      line('Số bản đặt: ', String(p.copiesOrdered), x + half, y + 30, half);
    },
  };
}

/**
 * Sổ đăng ký báo, tạp chí: one page per periodical for a school year; rows are the months August → July,
 * columns the days 1–31 holding the issue number received that day, and "Cộng" the issues of the month.
 */
export async function printPeriodicalRegister(env: RegisterEnv, year: string | undefined, job: JobHandle) {
  const y = year ?? currentYear(env);
  const range = yearRange(y);
  const periodicals = periodicalsOfRange(env.sql, range).sort((a, b) => compareVi(a.name, b.name) || a.id - b.id);
  if (periodicals.length === 0) throw new AppError('NO_DATA', 'Chưa có báo, tạp chí nào trong sổ. Hãy thêm báo, tạp chí trước khi in.');
  const issues = periodicalIssuesOfRange(env.sql, range);
  const byKey = new Map<string, string>();
  for (const i of issues) byKey.set(`${i.pid}|${i.d}`, i.n);
  const months = schoolYearMonths(y);
  const signatures = signatureBlock([{ role: 'NGƯỜI LẬP SỔ', hint: '(Ký, ghi rõ họ tên)' }, { role: 'HIỆU TRƯỞNG', hint: '(Ký tên, đóng dấu)', name: env.school.principal }],
    placeAndDate(env.school, env.today));
  const sections: TableSection[] = periodicals.map((p) => {
    const rows: TableRow[] = months.map(([yy, mm]) => {
      const cells = DAYS.map((d) => byKey.get(`${p.id}|${yy}-${String(mm).padStart(2, '0')}-${String(d).padStart(2, '0')}`) ?? null);
      return [`${mm}/${yy}`, ...cells, cells.filter((c) => c !== null).length];
    });
    return {
      columns: PERIODICAL_COLUMNS, rows, grandTotal: true, numbered: false, rowHeight: 6.5, fontSize: 7.5,
      intro: stack(periodicalHeader(p, y)), outro: signatures,
    };
  });
  return renderRegister({
    file: env.out, title: 'SỔ ĐĂNG KÝ BÁO, TẠP CHÍ', landscape: true, school: env.school, subtitle: `Năm học ${y}`,
    cover: { title: 'SỔ ĐĂNG KÝ BÁO, TẠP CHÍ', lines: [`Năm học ${y}`, `Số báo, tạp chí: ${periodicals.length}`] },
    sections, job,
  });
}
