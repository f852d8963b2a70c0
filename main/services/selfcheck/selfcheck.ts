import path from 'node:path';
import { selfCheckThresholds, type SelfCheck, type SelfCheckThresholds } from '../../../shared/contract/selfcheck';
import type { FileResult } from '../../../shared/contract/define';
import { daysBetween, formatDate, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { writeAudit } from '../../db/queries/audit';
import { currentActor } from '../actor';
import { putSettingValue } from '../../db/queries/settings';
import { transaction, type Sql } from '../../db/sql';
import {
  activeStudents, activeTeachersBySubject, activitiesBetween, bookDaysBetween, booksInStock, confirmedBatchCount, copiesInStock, copyCount,
  inLibraryUsesBetween, loanBreakdownBetween, loansBetween, periodicalsOrdering, teacherSetsOf, visitsBetween,
  insertSelfcheckApproval, latestSelfcheckApproval,
} from '../../db/queries/selfcheck';
import { formatAmount } from '../../../shared/number-words';
import { digitalResourceCount, digitalViewsBetween } from '../../db/queries/digital';
import { exportFileName } from '../../pdf/document';
import { renderRegister, type TableColumn, type TableRow } from '../../pdf/registers/table';
import { officialHeader, placeAndDate, signatureBlock, stack, textBlock, type Signer } from '../../pdf/registers/blocks';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';
import { getSetting, putSettingAudited } from '../settings/store';
import { defaultYear, periodOf } from '../reports/period-statistics';

/** TT 16/2022: five standards × mức 1 / mức 2. Measured criteria come from data; the rest is a checklist. */
interface CriterionDef {
  id: string;
  level: 1 | 2;
  text: string;
  /** The figure, its threshold, how it reads, and what was counted (shown beside it on screen and in print). */
  measure?: (f: SelfCheck['figures'], t: SelfCheckThresholds) => { value: number; threshold: number; display: string; basis: string };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
/** Ratios keep two decimals, Vietnamese style (1.234,56); whole numbers go through formatAmount (1.234). */
const fmt2 = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
const int = formatAmount;

/** What "bản sách / học sinh" divides. */
const copiesBasis = (f: SelfCheck['figures']) =>
  `${int(f.copies)} bản sách trong kho (không tính bản mất, đã thanh lọc${f.inStock !== f.copies ? `, ${int(f.inStock - f.copies)} tài liệu không phải sách` : ''}) ÷ ${int(f.students)} học sinh đang học`;

/** The scarcest subject's teacher sets, the one the criterion measures. */
function lowestTeacherSets(f: SelfCheck['figures']) {
  if (!f.teacherSets.length) return null;
  return f.teacherSets.map((s) => ({ ...s, ratio: ratio(s.sets, s.teachers) })).reduce((a, b) => (b.ratio < a.ratio ? b : a));
}

/** What "lượt mượn bình quân trên một học sinh" counts and what it leaves out (docs/domain.md). */
function loansBasis(f: SelfCheck['figures']): string {
  const left = [
    f.loansExcluded.classSets ? `${int(f.loansExcluded.classSets)} SGK mượn theo lớp` : '',
    f.loansExcluded.staff ? `${int(f.loansExcluded.staff)} lượt của giáo viên, nhân viên` : '',
    f.inLibrary ? `${int(f.inLibrary)} lượt đọc tại chỗ` : '',
  ].filter(Boolean);
  return `${int(f.loans)} lượt mượn về nhà của học sinh ÷ ${int(f.students)} học sinh${left.length ? `; không tính ${left.join(', ')}` : ''}`;
}

const loansPerStudent = (level: 1 | 2) => (f: SelfCheck['figures'], t: SelfCheckThresholds) => {
  const v = ratio(f.loans, f.students);
  return { value: v, threshold: level === 1 ? t.loansPerStudentL1 : t.loansPerStudentL2, display: `${fmt2(v)} lượt/HS`, basis: loansBasis(f) };
};

export const STANDARDS: { id: string; name: string; criteria: CriterionDef[] }[] = [
  {
    id: 'tc1', name: 'Tiêu chuẩn 1: Tài nguyên thông tin', criteria: [
      { id: 'tc1.sach-hs', level: 1, text: 'Số bản sách bình quân trên một học sinh', measure: (f, t) => ({ value: f.copiesPerStudent, threshold: t.copiesPerStudentL1, display: `${fmt2(f.copiesPerStudent)} bản/HS`, basis: copiesBasis(f) }) },
      { id: 'tc1.bo-gv', level: 1, text: 'Sách giáo viên: số bộ trên một giáo viên mỗi môn (môn thấp nhất)', measure: (f, t) => {
        const low = lowestTeacherSets(f);
        const v = low ? low.ratio : 0;
        return {
          value: v, threshold: t.teacherSetsPerSubject, display: `${fmt2(v)} bộ/GV`,
          basis: low ? `môn ${low.subject}: ${int(low.sets)} bộ sách giáo viên ÷ ${int(low.teachers)} giáo viên (môn thấp nhất trong ${int(f.teacherSets.length)} môn)` : 'chưa có giáo viên nào ghi môn dạy',
        };
      } },
      { id: 'tc1.xu-ly', level: 1, text: 'Tài nguyên được biên mục, phân loại, xếp giá khoa học' },
      { id: 'tc1.sach-hs-2', level: 2, text: 'Số bản sách bình quân trên một học sinh (mức 2)', measure: (f, t) => ({ value: f.copiesPerStudent, threshold: t.copiesPerStudentL2, display: `${fmt2(f.copiesPerStudent)} bản/HS`, basis: copiesBasis(f) }) },
      { id: 'tc1.tai-lieu-so', level: 2, text: 'Tài nguyên số của thư viện (tài liệu số)', measure: (f, t) => ({ value: f.digitalResources, threshold: t.digitalResourcesL2, display: `${int(f.digitalResources)} tài liệu`, basis: 'tài liệu số hiện có (tệp và liên kết)' }) },
      { id: 'tc1.bao', level: 2, text: 'Báo, tạp chí (đầu báo có đủ số bản đặt)', measure: (f, t) => ({ value: f.periodicals, threshold: t.periodicalTitlesL2, display: `${int(f.periodicals)} đầu`, basis: `đầu báo, tạp chí đang đặt, mỗi đầu từ ${int(t.periodicalCopiesL2)} bản trở lên` }) },
    ],
  },
  {
    id: 'tc2', name: 'Tiêu chuẩn 2: Cơ sở vật chất', criteria: [
      { id: 'tc2.dien-tich', level: 1, text: 'Phòng đọc ≥ 50 m², vị trí thuận tiện, đủ ánh sáng' },
      { id: 'tc2.khu-doc', level: 1, text: 'Có khu vực đọc cho học sinh và cho giáo viên' },
      { id: 'tc2.mo', level: 2, text: 'Có không gian đọc mở, tủ sách lớp học hoặc khu đọc ngoài trời' },
    ],
  },
  {
    id: 'tc3', name: 'Tiêu chuẩn 3: Thiết bị chuyên dùng', criteria: [
      { id: 'tc3.gia-tu', level: 1, text: 'Đủ giá, tủ, bàn ghế đọc; máy tính kết nối Internet' },
      { id: 'tc3.phan-mem', level: 1, text: 'Có phần mềm quản lý thư viện' },
      { id: 'tc3.so', level: 2, text: 'Có máy quét mã vạch, thiết bị đọc số, thư viện số' },
    ],
  },
  {
    id: 'tc4', name: 'Tiêu chuẩn 4: Hoạt động thư viện', criteria: [
      { id: 'tc4.hoat-dong', level: 1, text: 'Số hoạt động khuyến đọc đã tổ chức trong năm học', measure: (f, t) => ({ value: f.activities, threshold: t.activitiesL1, display: `${int(f.activities)} hoạt động`, basis: 'hoạt động thư viện đã ghi trong năm học' }) },
      { id: 'tc4.muon', level: 1, text: 'Lượt mượn bình quân trên một học sinh', measure: loansPerStudent(1) },
      { id: 'tc4.ngay-sach', level: 1, text: 'Tổ chức Ngày Sách và Văn hóa đọc Việt Nam (21/4)' },
      { id: 'tc4.hoat-dong-2', level: 2, text: 'Số hoạt động khuyến đọc (mức 2)', measure: (f, t) => ({ value: f.activities, threshold: t.activitiesL2, display: `${int(f.activities)} hoạt động`, basis: 'hoạt động thư viện đã ghi trong năm học' }) },
      { id: 'tc4.muon-2', level: 2, text: 'Lượt mượn bình quân trên một học sinh (mức 2)', measure: loansPerStudent(2) },
      { id: 'tc4.tai-lieu-so', level: 2, text: 'Lượt sử dụng tài liệu số trong năm học', measure: (f, t) => ({ value: f.digitalViews, threshold: t.digitalViewsL2, display: `${int(f.digitalViews)} lượt xem`, basis: 'lượt xem tài liệu số trong năm học (kể cả tài liệu đã gỡ)' }) },
    ],
  },
  {
    id: 'tc5', name: 'Tiêu chuẩn 5: Quản lý thư viện', criteria: [
      { id: 'tc5.so-sach', level: 1, text: 'Hồ sơ, sổ sách thư viện được lập đầy đủ (số sổ có dữ liệu)', measure: (f) => {
        const kept = f.registers.filter((r) => r.entries > 0).length;
        const empty = f.registers.filter((r) => r.entries === 0).map((r) => r.name);
        return {
          value: kept, threshold: f.registers.length, display: `${int(kept)}/${int(f.registers.length)} sổ`,
          basis: empty.length ? `chưa có dữ liệu: ${empty.join(', ')}` : `cả ${int(f.registers.length)} sổ đều có dữ liệu`,
        };
      } },
      { id: 'tc5.ke-hoach', level: 1, text: 'Có kế hoạch hoạt động thư viện năm học được phê duyệt' },
      { id: 'tc5.nhan-su', level: 1, text: 'Người làm công tác thư viện được đào tạo, bồi dưỡng nghiệp vụ' },
      { id: 'tc5.cntt', level: 2, text: 'Ứng dụng CNTT trong quản lý; tự đánh giá, báo cáo đúng hạn' },
    ],
  },
];

interface Answers { [id: string]: { checked: boolean; evidence: string } }

export async function loadThresholds(sql: Sql): Promise<SelfCheckThresholds> {
  return selfCheckThresholds.parse(getSetting(sql, 'selfcheck.thresholds', {}));
}

export function selfCheckFigures(sql: Sql, year: string): SelfCheck['figures'] {
  const p = periodOf(year);
  const students = activeStudents(sql);
  // "Trong kho" is shared/stock.ts's definition, the same as Thống kê and `stats --json`; TT 16's
  // "bản sách / học sinh" counts the books among them (series whose material is 'sach').
  const inStock = copiesInStock(sql);
  const copies = booksInStock(sql);
  const teacherSets = activeTeachersBySubject(sql).map((t) => ({ subject: t.subject, teachers: t.teachers, sets: teacherSetsOf(sql, t.subject) }));
  const toNext = `${Number(year.slice(5)) }-08-01`;
  const loans = loanBreakdownBetween(sql, p.from, toNext);
  return {
    students, inStock, copies, copiesPerStudent: ratio(copies, students),
    loans: loans.students, loansExcluded: { classSets: loans.classSets, staff: loans.staff },
    visits: visitsBetween(sql, p.from, toNext),
    // Lượt đọc tại chỗ, as Thống kê counts it: in-library loans and copies scanned in "Ghi lượt đọc" mode.
    inLibrary: loans.inLibrary + inLibraryUsesBetween(sql, p.from, toNext),
    activities: activitiesBetween(sql, p.from, p.to),
    periodicals: periodicalsOrdering(sql, 1),
    digitalResources: digitalResourceCount(sql),
    digitalViews: digitalViewsBetween(sql, p.from.slice(0, 7), p.to.slice(0, 7)),
    teacherSets,
    registers: [
      { name: 'Sổ đăng ký tổng quát', entries: confirmedBatchCount(sql) },
      { name: 'Sổ đăng ký cá biệt', entries: copyCount(sql) },
      { name: 'Sổ mượn sách', entries: loansBetween(sql, p.from, toNext) },
      { name: 'Sổ theo dõi hoạt động thư viện', entries: activitiesBetween(sql, p.from, p.to) },
    ],
  };
}

export async function getSelfCheck(ctx: ServiceContext, year?: string): Promise<SelfCheck> {
  const y = year ?? (await defaultYear(ctx.sql, ctx.now()));
  const thresholds = await loadThresholds(ctx.sql);
  const answers = getSetting<Answers>(ctx.sql, `selfcheck:${y}`, {});
  const figures = selfCheckFigures(ctx.sql, y);
  const sql = ctx.sql;
  const p = periodOf(y);
  const bookDay = bookDaysBetween(sql, p.from, p.to);
  const periodicalsOk = periodicalsOrdering(sql, thresholds.periodicalCopiesL2);
  figures.periodicals = periodicalsOk;
  const standards = STANDARDS.map((s) => {
    const criteria = s.criteria.map((c) => {
      const a = answers[c.id] ?? { checked: false, evidence: '' };
      const m = c.measure?.(figures, thresholds);
      const measure = m ? { ...m, met: m.value >= m.threshold } : null;
      const checked = c.id === 'tc4.ngay-sach' ? a.checked || bookDay > 0 : a.checked;
      return { id: c.id, level: c.level, text: c.text, measure, checked, evidence: a.evidence, met: measure ? measure.met : checked };
    });
    const l1 = criteria.filter((c) => c.level === 1).every((c) => c.met);
    const l2 = l1 && criteria.filter((c) => c.level === 2).every((c) => c.met);
    return { id: s.id, name: s.name, level: l2 ? 2 : l1 ? 1 : 0, criteria };
  });
  const school = getSchool(ctx.sql);
  const deadline = `${y.slice(5)}-${school.reportDeadline}`;
  return {
    year: y, standards, overall: Math.min(...standards.map((s) => s.level)), figures, thresholds, deadline,
    daysLeft: daysBetween(todayIso(ctx.now()), deadline),
    approval: latestSelfcheckApproval(sql, y) ?? null,
  };
}

/**
 * The Ban giám hiệu approves the year's self-assessment, or returns it to the librarian with a note. The deciding
 * account is recorded (and printed under the principal's signature line); a later decision replaces it, the earlier
 * ones stay in the table and the Nhật ký.
 */
export async function approveSelfCheck(ctx: ServiceContext, input: { year: string; action: 'approve' | 'return'; note: string }): Promise<SelfCheck> {
  const actor = currentActor();
  const sql = ctx.sql;
  const note = input.note.normalize('NFC').trim();
  if (input.action === 'return' && !note) throw new AppError('BAD_INPUT', 'Hãy ghi lý do trả lại để người lập báo cáo biết cần sửa gì.');
  transaction(sql, () => {
    const status = input.action === 'approve' ? 'approved' : 'returned';
    const id = insertSelfcheckApproval(sql, input.year, {
      status, accountId: actor?.accountId ?? null, name: actor?.name || 'Thủ thư', roleLabel: actor?.roleLabel ?? '', at: ctx.now().toISOString(), note,
    });
    writeAudit(sql, { action: `selfcheck.${input.action}`, entity: 'selfcheck', entityId: id, details: { year: input.year, note }, at: ctx.now() });
  });
  return getSelfCheck(ctx, input.year);
}

export async function saveSelfCheck(ctx: ServiceContext, input: { year: string; answers: Answers; thresholds?: SelfCheckThresholds }): Promise<SelfCheck> {
  const known = new Set(STANDARDS.flatMap((s) => s.criteria.map((c) => c.id)));
  const answers: Answers = {};
  for (const [id, a] of Object.entries(input.answers)) if (known.has(id)) answers[id] = { checked: a.checked, evidence: a.evidence.normalize('NFC').trim() };
  const before = getSetting<Answers>(ctx.sql, `selfcheck:${input.year}`, {});
  const checked = (a: Answers) => Object.values(a).filter((x) => x.checked).length;
  const sql = ctx.sql;
  transaction(sql, () => {
    putSettingAudited(ctx.sql, `selfcheck:${input.year}`, answers, ctx.now(), {
      action: 'selfcheck.save', details: { year: input.year, checked: [checked(before), checked(answers)], thresholds: !!input.thresholds },
    });
    if (input.thresholds) putSettingValue(sql, 'selfcheck.thresholds', JSON.stringify(input.thresholds), ctx.now());
  });
  return getSelfCheck(ctx, input.year);
}

/** "3.254 bản trong kho", naming the books apart only when the library also holds other materials. */
function stockPhrase(f: SelfCheck['figures']): string {
  return f.inStock === f.copies ? `${int(f.inStock)} bản sách trong kho` : `${int(f.inStock)} bản trong kho, trong đó ${int(f.copies)} bản sách`;
}

/** "527 lượt mượn về nhà của học sinh (không tính 420 SGK mượn theo lớp, 62 lượt của giáo viên, nhân viên)". */
function loansPhrase(f: SelfCheck['figures']): string {
  const left = [
    f.loansExcluded.classSets ? `${int(f.loansExcluded.classSets)} SGK mượn theo lớp` : '',
    f.loansExcluded.staff ? `${int(f.loansExcluded.staff)} lượt của giáo viên, nhân viên` : '',
  ].filter(Boolean);
  return `${int(f.loans)} lượt mượn về nhà của học sinh${left.length ? ` (không tính ${left.join(', ')})` : ''}`;
}

/** The principal's signature: the approving account's name when the self-assessment was approved in the app. */
function approverSigner(role: string, sc: SelfCheck, principal: string): Signer {
  const approved = sc.approval?.status === 'approved' ? sc.approval : null;
  return {
    role, hint: '(Ký tên, đóng dấu)', name: approved ? approved.name : principal,
    note: approved ? `Đã duyệt trên Kệ Sách ngày ${formatDate(approved.at.slice(0, 10))}` : undefined,
  };
}

const LEVEL = (n: number) => (n === 0 ? 'Chưa đạt' : `Mức ${n}`);

export async function printSelfCheck(ctx: ServiceContext, input: { kind: 'report' | 'minutes'; year?: string; jobId?: string }, out?: string): Promise<FileResult> {
  const sc = await getSelfCheck(ctx, input.year);
  const school = getSchool(ctx.sql);
  const today = todayIso(ctx.now());
  const file = out ? path.resolve(out) : path.join(exportsDirIn(ctx.dataDir), exportFileName(input.kind === 'report' ? `Bao cao tu danh gia ${sc.year}` : `Bien ban tu danh gia ${sc.year}`, 'pdf', ctx.now()));
  const f = sc.figures;
  const conclusion = `Kết luận: thư viện ${school.schoolName.replace(/^TRƯỜNG/i, 'trường')} tự đánh giá ${sc.overall === 0 ? 'CHƯA ĐẠT mức độ 1' : `ĐẠT MỨC ĐỘ ${sc.overall}`} theo Thông tư 16/2022/TT-BGDĐT (mức chung là mức thấp nhất của 5 tiêu chuẩn).`;
  let r;
  if (input.kind === 'report') {
    const columns: TableColumn[] = [
      { title: 'Tiêu chí', width: 78 }, { title: 'Mức', width: 10, align: 'center' }, { title: 'Số liệu', width: 26 },
      { title: 'Yêu cầu', width: 16, align: 'right' }, { title: 'Đạt', width: 13, align: 'center' }, { title: 'Minh chứng', width: 0 },
    ];
    const rows: TableRow[] = [];
    for (const s of sc.standards) {
      rows.push({ span: `${s.name} — ${LEVEL(s.level)}` });
      for (const c of s.criteria) {
        rows.push([c.text, c.level, c.measure?.display ?? (c.checked ? 'Đã có' : 'Chưa có'), c.measure ? `≥ ${fmt2(c.measure.threshold)}` : '', c.met ? 'Đạt' : 'Chưa đạt', c.evidence]);
        // What the figure counted, right under it (a full-width row: the criterion column is too narrow).
        if (c.measure) rows.push({ span: `      Cách tính: ${c.measure.basis}.`, bold: false });
      }
    }
    const intro = stack(officialHeader(school), textBlock(58, [
      { text: `BÁO CÁO TỰ ĐÁNH GIÁ THƯ VIỆN TRƯỜNG HỌC`, bold: true, center: true, size: 14 },
      { text: `Năm học ${sc.year} — theo Thông tư 16/2022/TT-BGDĐT`, italic: true, center: true },
      { text: `Số liệu: ${int(f.students)} học sinh; ${stockPhrase(f)} (${fmt2(f.copiesPerStudent)} bản/học sinh); ${loansPhrase(f)}; ${int(f.visits)} lượt đến thư viện; ${int(f.inLibrary)} lượt đọc tại chỗ; ${int(f.activities)} hoạt động khuyến đọc; ${int(f.periodicals)} đầu báo, tạp chí đủ số bản; ${int(f.digitalResources)} tài liệu số, ${int(f.digitalViews)} lượt xem tài liệu số.` },
      { text: `Sách giáo viên theo môn: ${f.teacherSets.map((t) => `${t.subject} ${int(t.sets)} bộ/${int(t.teachers)} GV`).join('; ') || 'chưa có số liệu'}.` },
    ]));
    r = await renderRegister({
      file, title: `BÁO CÁO TỰ ĐÁNH GIÁ NĂM HỌC ${sc.year}`, school, plainFirstPage: true,
      sections: [{ columns, rows, rowHeight: 7, numbered: false, intro, outro: stack(textBlock(14, [{ text: conclusion, bold: true }]), signatureBlock([
        { role: 'NGƯỜI LẬP BÁO CÁO', hint: '(Ký, ghi rõ họ tên)', name: school.librarian },
        // The account that approved it in Kệ Sách (issue 20) is the name under the signature line.
        approverSigner('HIỆU TRƯỞNG PHÊ DUYỆT', sc, school.principal),
      ], placeAndDate(school, today))) }],
      job: ctx.jobs.begin(input.jobId),
    });
  } else {
    const columns: TableColumn[] = [
      { title: 'STT', width: 10, align: 'right' }, { title: 'Tiêu chuẩn', width: 80 }, { title: 'Mức 1', width: 22, align: 'center' },
      { title: 'Mức 2', width: 22, align: 'center' }, { title: 'Kết luận', width: 0, align: 'center' },
    ];
    const rows: TableRow[] = sc.standards.map((s, i) => {
      const l1 = s.criteria.filter((c) => c.level === 1).every((c) => c.met), l2 = s.criteria.filter((c) => c.level === 2).every((c) => c.met);
      return [i + 1, s.name, l1 ? 'Đạt' : 'Chưa đạt', l2 ? 'Đạt' : 'Chưa đạt', LEVEL(s.level)];
    });
    const intro = stack(officialHeader(school), textBlock(62, [
      { text: 'BIÊN BẢN TỰ ĐÁNH GIÁ THƯ VIỆN', bold: true, center: true, size: 14 },
      { text: `Năm học ${sc.year}`, italic: true, center: true },
      { text: `Hôm nay, ${placeAndDate(school, today).replace(/^[^,]*, /, '')}, tại ${school.schoolName.replace(/^TRƯỜNG/i, 'trường')}, hội đồng tự đánh giá thư viện gồm: ông/bà ${school.principal || '……………'} – Hiệu trưởng, chủ tịch hội đồng; ông/bà ${school.librarian || '……………'} – người làm công tác thư viện, thư ký; và các thành viên: ……………………………………………… đã tiến hành tự đánh giá thư viện theo Thông tư 16/2022/TT-BGDĐT.` },
      { text: `Căn cứ số liệu: ${stockPhrase(f)}, ${fmt2(f.copiesPerStudent)} bản sách/học sinh; ${loansPhrase(f)}; ${int(f.visits)} lượt đến thư viện; ${int(f.inLibrary)} lượt đọc tại chỗ; ${int(f.activities)} hoạt động khuyến đọc. Kết quả từng tiêu chuẩn như sau:` },
    ]));
    r = await renderRegister({
      file, title: `BIÊN BẢN TỰ ĐÁNH GIÁ NĂM HỌC ${sc.year}`, school, plainFirstPage: true,
      sections: [{ columns, rows, rowHeight: 8, numbered: false, intro, outro: stack(textBlock(14, [{ text: conclusion, bold: true }]), signatureBlock([
        { role: 'THƯ KÝ', hint: '(Ký, ghi rõ họ tên)', name: school.librarian },
        approverSigner('CHỦ TỊCH HỘI ĐỒNG', sc, school.principal),
      ], placeAndDate(school, today))) }],
      job: ctx.jobs.begin(input.jobId),
    });
  }
  return { fileName: path.basename(r.path), path: r.path, pages: r.pages, bytes: r.bytes };
}
