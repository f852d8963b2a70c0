import type { FileResult } from '../../../shared/contract/define';
import type { HoldNotice } from '../../../shared/contract/reservations';
import { AppError } from '../../../shared/errors';
import { compareVi } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as loans from '../../db/queries/circulation';
import { transaction } from '../../db/sql';
import { classSetListPdf } from '../../pdf/reminders';
import type { ServiceContext } from '../context';
import { gradeOfClass } from '../readers/readers';
import { getSchool } from '../settings/school';
import { expireDue, holdForNext } from '../reservations/hold-shelf';
import { formatAmount } from '../../../shared/number-words';

/** Students of a class in the order of the class list: given name, then full name (Vietnamese collation). */
export function byGivenName<T extends { fullName: string }>(a: T, b: T): number {
  const given = (n: string) => n.split(' ').pop() ?? n;
  return compareVi(given(a.fullName), given(b.fullName)) || compareVi(a.fullName, b.fullName);
}

/** SGK titles of the class's grade, with how many copies are on the shelf. */
export async function classSetTitles(ctx: ServiceContext, className: string) {
  const grade = gradeOfClass(className.toUpperCase());
  if (grade === null) throw new AppError('CLASS_INVALID', `Lớp "${className}" không hợp lệ.`);
  const label = await classSetLabel(ctx, className);
  return loans.classSetTitleRows(ctx.sql, label, grade)
    .sort((a, b) => compareVi(`${a.title} ${a.volume}`, `${b.title} ${b.volume}`));
}

async function classSetLabel(ctx: ServiceContext, className: string): Promise<string> {
  const school = getSchool(ctx.sql);
  return `SGK ${className.toUpperCase()} ${school.schoolYear}`;
}

export interface ClassSetShortage { titleId: number; title: string; missing: number; readers: { id: number; fullName: string }[] }
/** A student of the class who got no book from this class set, and why. */
export interface ClassSetLeftOut { id: number; fullName: string; reason: string }
export interface ClassSetLending {
  classSet: string; loans: number;
  /** Active students of the class; `received` of them got at least one book. */
  students: number; received: number;
  /** Class-list order: active students who got nothing, then students whose card is inactive. */
  notReceived: ClassSetLeftOut[];
  shortages: ClassSetShortage[];
  /** What the desk says: books lent, how many students received them, who got none and why. */
  message: string;
  file: FileResult;
}

const INACTIVE = 'thẻ thôi hoạt động';

/** "Toán 7, tập một; Ngữ văn 7" — or "3 đầu sách" when the list would be long. */
function titleList(titles: string[]): string {
  return titles.length <= 2 ? titles.join('; ') : `${titles.length} đầu sách`;
}

/** Why a student got nothing: every chosen title is already held, or ran out on the shelf, or both. */
function leftOutReason(held: string[], short: string[]): string {
  const parts = [
    held.length ? `đang giữ ${titleList(held)}` : '',
    short.length ? `hết bản trên kệ (${titleList(short)})` : '',
  ].filter(Boolean);
  return parts.join('; ');
}

/** The desk's sentence after a class set is lent (docs/domain.md, "Mượn bộ SGK theo lớp (class sets)"). */
export function classSetMessage(cls: string, r: Omit<ClassSetLending, 'message' | 'file'>): string {
  const active = r.notReceived.filter((x) => x.reason !== INACTIVE);
  const inactive = r.notReceived.length - active.length;
  const short = r.shortages.reduce((a, x) => a + x.missing, 0);
  const out = [`Đã cho lớp ${cls} mượn ${formatAmount(r.loans)} cuốn: ${formatAmount(r.received)}/${formatAmount(r.students)} học sinh nhận sách (${r.classSet}).`];
  if (active.length) {
    const who = active.length <= 5 ? `: ${active.map((x) => `${x.fullName} (${x.reason})`).join(', ')}` : ' (xem danh sách bên dưới)';
    out.push(`${formatAmount(active.length)} học sinh không nhận cuốn nào${who}.`);
  }
  if (inactive) out.push(`${formatAmount(inactive)} học sinh thôi hoạt động không được mượn.`);
  if (short) out.push(`Còn thiếu ${formatAmount(short)} cuốn trên kệ.`);
  return out.join(' ');
}

/**
 * Lends a textbook set to every active student of a class for the school year: one copy of each title
 * per student (students who already hold that title are skipped), due at the year's end. When copies run
 * short, what is on the shelf is lent in class-list order and the students who got none are listed per
 * title; only when not a single copy could be lent is it refused (nothing changes).
 */
export async function lendClassSet(ctx: ServiceContext, className: string, titleIds: number[]): Promise<ClassSetLending> {
  const cls = className.toUpperCase();
  const school = getSchool(ctx.sql);
  const label = await classSetLabel(ctx, cls);
  const sql = ctx.sql;
  const stamp = ctx.now().toISOString();
  const result = transaction(sql, () => {
    const students = loans.activeStudentsOfClass(sql, cls).sort(byGivenName);
    if (!students.length) throw new AppError('CLASS_EMPTY', `Lớp ${cls} không có học sinh nào đang hoạt động.`);
    const plan: { titleId: number; readerIds: number[]; copies: number[] }[] = [];
    const shortages: ClassSetShortage[] = [];
    const nameOf = new Map(students.map((st) => [st.id, st.fullName]));
    // Per student: the chosen titles already held, and those the shelf ran out of.
    const held = new Map(students.map((st) => [st.id, [] as string[]]));
    const short = new Map(students.map((st) => [st.id, [] as string[]]));
    for (const titleId of titleIds) {
      const t = loans.titleName(sql, titleId);
      if (!t) throw new AppError('TITLE_NOT_FOUND', 'Không tìm thấy đầu sách đã chọn.');
      const name = `${t.title}${t.volume ? `, ${t.volume}` : ''}`;
      const has = new Set(loans.holdersOfTitle(sql, titleId));
      for (const st of students) if (has.has(st.id)) held.get(st.id)!.push(name);
      const readerIds = students.filter((s) => !has.has(s.id)).map((s) => s.id);
      const copies = loans.shelfCopiesOfTitle(sql, titleId);
      if (copies.length < readerIds.length) {
        const left = readerIds.slice(copies.length);
        for (const rid of left) short.get(rid)!.push(name);
        shortages.push({
          titleId, title: name, missing: readerIds.length - copies.length,
          readers: left.map((rid) => ({ id: rid, fullName: nameOf.get(rid) ?? '' })),
        });
      }
      plan.push({ titleId, readerIds: readerIds.slice(0, copies.length), copies });
    }
    if (shortages.length && plan.every((p) => p.readerIds.length === 0)) {
      throw new AppError('CLASS_SET_SHORT', `Trên kệ không còn bản nào để cho lớp ${cls} mượn: ${shortages.map((x) => `${x.title} thiếu ${x.missing} bản`).join('; ')}.`);
    }
    let lent = 0;
    const got = new Set<number>();
    for (const p of plan) {
      p.readerIds.forEach((readerId, i) => {
        loans.insertClassSetLoan(sql, p.copies[i], readerId, stamp, school.schoolYearEnd, label);
        got.add(readerId);
        lent++;
      });
    }
    const notReceived: ClassSetLeftOut[] = [
      ...students.filter((st) => !got.has(st.id)).map((st) => ({ id: st.id, fullName: st.fullName, reason: leftOutReason(held.get(st.id)!, short.get(st.id)!) })),
      ...loans.inactiveStudentsOfClass(sql, cls).sort(byGivenName).map((st) => ({ id: st.id, fullName: st.fullName, reason: INACTIVE })),
    ];
    writeAudit(sql, {
      action: 'loan.classSet', entity: 'loan', at: ctx.now(),
      details: {
        classSet: label, titleIds, loans: lent, students: students.length, received: got.size,
        notReceived: notReceived.map((x) => ({ readerId: x.id, reason: x.reason })),
        shortages: shortages.map((x) => ({ titleId: x.titleId, missing: x.missing, readerIds: x.readers.map((r) => r.id) })),
      },
    });
    return { loans: lent, students: students.length, received: got.size, notReceived, shortages };
  });
  const file = await classSetPdf(ctx, label);
  const lending = { classSet: label, ...result };
  return { ...lending, message: classSetMessage(cls, lending), file };
}

/** Takes a whole class set back in one operation. */
export function returnClassSet(ctx: ServiceContext, classSet: string): { returned: number; holds: HoldNotice[] } {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const open = loans.openClassSetLoans(sql, classSet);
    if (!open.length) throw new AppError('CLASS_SET_EMPTY', `Bộ ${classSet} không còn sách nào đang mượn.`);
    const stamp = ctx.now().toISOString();
    const holds: HoldNotice[] = [];
    if (open.some((l) => l.reserved)) expireDue(ctx, sql);
    for (const l of open) {
      const shelved = loans.returnClassSetLoan(sql, l, stamp);
      // Đặt trước: a returned copy of a title someone waits for goes to the hold shelf, not the shelf.
      const hold = shelved && l.reserved ? holdForNext(ctx, sql, { id: l.copyId, code: l.code, titleId: l.titleId, seriesCode: l.seriesCode }) : null;
      if (hold) holds.push(hold);
    }
    writeAudit(sql, { action: 'loan.classSet.return', entity: 'loan', at: ctx.now(), details: { classSet, returned: open.length } });
    if (holds.length) ctx.emit('reservations.changed', {});
    return { returned: open.length, holds };
  });
}

export function classSets(ctx: ServiceContext): loans.ClassSetSummaryRow[] {
  return loans.classSetSummaries(ctx.sql).sort((a, b) => b.open - a.open || compareVi(a.classSet, b.classSet));
}

/** The printed list of a class set: one row per student with the ĐKCB of each book and a signature box. */
export async function classSetPdf(ctx: ServiceContext, classSet: string): Promise<FileResult> {
  const rows = loans.classSetListRows(ctx.sql, classSet);
  if (!rows.length) throw new AppError('CLASS_SET_EMPTY', `Không có bộ sách ${classSet}.`);
  const school = getSchool(ctx.sql);
  return classSetListPdf(ctx, school, classSet, rows);
}
