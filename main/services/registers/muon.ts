import { compareVi } from '../../../shared/text';
import { renderRegister, type TableColumn, type TableRow, type TableSection } from '../../pdf/registers/table';
import { placeAndDate, signatureBlock } from '../../pdf/registers/blocks';
import { currentYear, yearRange, type RegisterEnv } from './common';
import type { JobHandle } from '../context';
import { loansOfReaders } from '../../db/queries/registers';

/** Sổ mượn sách (docs/domain.md, "Sổ mượn sách"): per reader; the signature columns stay blank for ink. */
export const LOAN_COLUMNS: TableColumn[] = [
  { title: 'STT', width: 9, align: 'right' },
  { title: 'Nhan đề', width: 62 },
  { title: 'Số ĐKCB', width: 22 },
  { title: 'Ngày', width: 18, path: ['Mượn'], align: 'center' },
  { title: 'Ký nhận', width: 19, path: ['Mượn'] },
  { title: 'Ngày', width: 18, path: ['Nhận trả'], align: 'center' },
  { title: 'Ký', width: 19, path: ['Nhận trả'] },
  { title: 'Ghi chú', width: 0 },
];

const KIND_NOTE: Record<string, string> = { long: 'Mượn dài hạn', inLibrary: 'Đọc tại chỗ', short: '' };

export async function printLoanRegister(env: RegisterEnv, readerKind: 'student' | 'teacher', className: string | undefined, year: string | undefined, job: JobHandle) {
  const { sql, fmt } = env;
  const y = year ?? currentYear(env);
  const kinds = readerKind === 'teacher' ? ['teacher', 'staff'] : ['student'];
  const loans = loansOfReaders(sql, kinds, yearRange(y), className);
  const byReader = new Map<number, typeof loans>();
  for (const l of loans) byReader.set(l.readerId, [...(byReader.get(l.readerId) ?? []), l]);
  const readers = [...byReader.values()].map((ls) => ls[0]).sort((a, b) =>
    compareVi(readerKind === 'teacher' ? a.department : a.className, readerKind === 'teacher' ? b.department : b.className)
    || compareVi(a.name.split(' ').pop() ?? '', b.name.split(' ').pop() ?? '') || compareVi(a.name, b.name));
  const sections: TableSection[] = [];
  let section: TableSection | null = null;
  for (const r of readers) {
    const group = readerKind === 'teacher' ? '' : r.className;
    if (!section || (className === undefined && readerKind === 'student' && section.heading !== `LỚP ${group}`)) {
      section = { heading: readerKind === 'teacher' ? 'GIÁO VIÊN, NHÂN VIÊN' : `LỚP ${group}`, columns: LOAN_COLUMNS, rows: [], rowHeight: 6.5 };
      sections.push(section);
    }
    const rows: TableRow[] = [{ span: `${r.name} — ${readerKind === 'teacher' ? `Tổ ${r.department || '…'}` : `Lớp ${r.className}`} — Thẻ ${r.card}` }];
    (byReader.get(r.readerId) ?? []).forEach((l, i) => rows.push([
      i + 1, l.volume ? `${l.title}. ${l.volume}` : l.title, l.code, fmt(l.checkout.slice(0, 10)), '', fmt(l.returned?.slice(0, 10)), '',
      [KIND_NOTE[l.kind] ?? '', l.lost ? 'Mất' : '', l.note].filter(Boolean).join('; '),
    ]));
    section.rows.push(...rows);
  }
  if (sections.length === 0) sections.push({ columns: LOAN_COLUMNS, rows: [{ span: 'Không có lượt mượn nào trong năm học này.', bold: false }] });
  sections[sections.length - 1].outro = signatureBlock([
    { role: 'CÁN BỘ THƯ VIỆN', hint: '(Ký, ghi rõ họ tên)', name: env.school.librarian },
  ], placeAndDate(env.school, env.today));
  const who = readerKind === 'teacher' ? 'Giáo viên, nhân viên' : className ? `Học sinh lớp ${className}` : 'Học sinh';
  return renderRegister({
    file: env.out,
    title: `SỔ MƯỢN SÁCH ${readerKind === 'teacher' ? 'GIÁO VIÊN' : 'HỌC SINH'}`,
    school: env.school,
    subtitle: `${who} — năm học ${y}`,
    cover: { title: `SỔ MƯỢN SÁCH\n${readerKind === 'teacher' ? 'GIÁO VIÊN' : 'HỌC SINH'}`, lines: [who, `Năm học ${y}`] },
    sections,
    job,
  });
}
