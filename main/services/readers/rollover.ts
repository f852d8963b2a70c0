import type { RolloverPreview, RolloverRecordDto } from '../../../shared/contract/readers';
import { accountById, helpersEndingBy, setAccountDisabled } from '../../db/queries/accounts';
import { closeSessionsOf, forgetAccounts } from '../session/sessions';
import { formatDate, nextSchoolYear, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { compareVi } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as readers from '../../db/queries/readers';
import { putSettingValue, restoreSettingRow, settingRow, type SettingRow } from '../../db/queries/settings';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { schoolOf } from '../settings/school';
import { gradeOfClass, promoteClass, readerSearchText } from './readers';

function shiftYear(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
}

/**
 * Why a rollover from `current` to `to` on `today` is refused, or null. Only the year after the
 * current one, and only when that year starts (1 September) at most twelve months from today — so a
 * second click the same day (or a mistyped year) cannot move the readers on again.
 */
export function rolloverRefusal(current: string, to: string, today: string): string | null {
  const next = nextSchoolYear(current);
  if (to !== next) {
    return `Năm học hiện tại là ${current}: chỉ chuyển được sang năm học ${next}, không chuyển sang ${to}.`;
  }
  const start = `${to.slice(0, 4)}-09-01`;
  const limit = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  if (start > limit) {
    return `Năm học ${to} bắt đầu ngày ${formatDate(start)}, hơn 12 tháng sau hôm nay (${formatDate(today)}): chưa chuyển sang năm học này được.`;
  }
  return null;
}

/** A warning when the rollover runs outside June–September (mid-year), or null. */
export function rolloverWarning(from: string, today: string): string | null {
  const month = Number(today.slice(5, 7));
  if (month >= 6 && month <= 9) return null;
  return `Hôm nay là ${formatDate(today)}, giữa năm học ${from}. Thường chỉ chuyển năm học vào tháng 6 – tháng 9, khi năm học cũ đã kết thúc.`;
}

type Reader = readers.ReaderRow;

interface RolloverPlan {
  from: string;
  /** Active readers the rollover touches (not yet in the target year). */
  readers: Reader[];
  promote: { reader: Reader; className: string; grade: number }[];
  leave: Reader[];
  classes: { from: string; to: string | null; students: number }[];
}

function planRollover(sql: Sql, from: string, to: string, lastGrade: number): RolloverPlan {
  const active = readers.activeReaders(sql).filter((r) => r.schoolYear !== to);
  const promote: RolloverPlan['promote'] = [];
  const leave: Reader[] = [];
  const classes = new Map<string, { from: string; to: string | null; students: number }>();
  for (const s of active) {
    if (s.kind !== 'student') continue;
    const grade = s.grade ?? gradeOfClass(s.className);
    if (grade === null) continue;
    const target = grade >= lastGrade ? null : promoteClass(s.className);
    if (target === null) leave.push(s);
    else promote.push({ reader: s, className: target, grade: grade + 1 });
    const entry = classes.get(s.className) ?? { from: s.className, to: target, students: 0 };
    entry.students++;
    classes.set(s.className, entry);
  }
  return { from, readers: active, promote, leave, classes: [...classes.values()].sort((a, b) => compareVi(a.from, b.from)) };
}

function leavingLoans(sql: Sql, leave: Reader[]): RolloverPreview['leavingLoans'] {
  const rows = readers.openLoansOf(sql, leave.map((r) => r.id));
  const given = (n: string) => n.split(' ').pop() ?? n;
  return rows
    .map((r) => ({ readerId: r.readerId, fullName: r.fullName, className: r.className, cardNumber: r.cardNumber, accessionCode: r.accessionCode,
      title: r.volume ? `${r.title}. ${r.volume}` : r.title, dueAt: r.dueAt.slice(0, 10) }))
    .sort((a, b) => compareVi(a.className, b.className) || compareVi(given(a.fullName), given(b.fullName))
      || compareVi(a.fullName, b.fullName) || a.dueAt.localeCompare(b.dueAt) || compareVi(a.accessionCode, b.accessionCode));
}

/** What a rollover to `to` would do today; changes nothing. */
export function previewRollover(ctx: ServiceContext, to: string, lastGrade = 9): RolloverPreview {
  const sql = ctx.sql;
  const school = schoolOf(settingRow(sql, 'school')?.value);
  const today = todayIso(ctx.now());
  const plan = planRollover(sql, school.schoolYear, to, lastGrade);
  return {
    from: school.schoolYear, to,
    refusal: rolloverRefusal(school.schoolYear, to, today),
    warning: rolloverWarning(school.schoolYear, today),
    classes: plan.classes,
    promoted: plan.promote.length,
    leaving: plan.leave.length,
    cardsReissued: plan.readers.length - plan.leave.length,
    cardsReissuedStudents: plan.readers.filter((r) => r.kind === 'student').length - plan.leave.length,
    cardsReissuedStaff: plan.readers.filter((r) => r.kind !== 'student').length,
    leavingLoans: leavingLoans(sql, plan.leave),
    // Pupil helpers whose school year ends with this one: the rollover disables their accounts (issue 20).
    helpersEnding: helpersEndingBy(sql, school.schoolYearEnd).map((a) => ({ id: a.id, name: a.name, card: a.card, schoolYearEnd: a.schoolYearEnd })),
  };
}

/**
 * School-year rollover: every active student moves up one grade (6A1 → 7A1), the last grade (9)
 * becomes inactive, active readers get their cards re-issued for the new year and the school year in
 * the settings moves on. Loans and history are untouched. Refused unless `to` is the next school year
 * (see rolloverRefusal) and `confirm` repeats it. What changed is stored in a rollover record, so the
 * last rollover can be undone exactly. One transaction.
 */
export function rollover(ctx: ServiceContext, to: string, confirm: string, lastGrade = 9): { from: string; to: string; promoted: number; graduated: number; cardsReissued: number } {
  const stamp = ctx.now().toISOString();
  const today = todayIso(ctx.now());
  const sql = ctx.sql;
  return transaction(sql, () => {
    // The setting row exactly as stored, so the undo gives back the same text.
    const setting = settingRow(sql, 'school');
    const school = schoolOf(setting?.value);
    const refusal = rolloverRefusal(school.schoolYear, to, today);
    if (refusal) throw new AppError('ROLLOVER_REFUSED', refusal);
    if (confirm.trim() !== to) throw new AppError('ROLLOVER_CONFIRM', `Hãy gõ đúng năm học mới "${to}" để xác nhận chuyển năm học.`);
    const counts = readers.activeReaderCounts(sql, to);
    if (counts.active > 0 && counts.pending === 0) {
      throw new AppError('ROLLOVER_DONE', `Bạn đọc đã được chuyển sang năm học ${to} rồi; không chuyển lần nữa.`);
    }
    const plan = planRollover(sql, school.schoolYear, to, lastGrade);
    // A pupil helper's account ends with the school year: disabled (never deleted; the Nhật ký names it), sessions ended below.
    const helpers = helpersEndingBy(sql, school.schoolYearEnd);
    readers.insertRollover(sql, {
      fromYear: school.schoolYear, toYear: to, readersBefore: JSON.stringify(readers.readersBeforeRollover(sql, to)),
      settingsBefore: setting ? JSON.stringify({ value: setting.value, updatedAt: setting.updatedAt }) : null,
      accountsDisabled: JSON.stringify(helpers.map((h) => h.id)),
    }, stamp);
    for (const s of plan.leave) readers.deactivateReader(sql, s.id, stamp);
    for (const p of plan.promote) {
      readers.promoteReader(sql, p.reader.id, p.className, p.grade, readerSearchText({ ...p.reader, className: p.className }), stamp);
    }
    const cardsReissued = readers.reissueCards(sql, to, stamp);
    const years = Number(to.slice(0, 4)) - Number(school.schoolYear.slice(0, 4));
    const next = { ...school, schoolYear: to, schoolYearStart: shiftYear(school.schoolYearStart, years), schoolYearEnd: shiftYear(school.schoolYearEnd, years) };
    putSettingValue(sql, 'school', JSON.stringify(next), ctx.now());
    const promoted = plan.promote.length, graduated = plan.leave.length;
    for (const h of helpers) setAccountDisabled(sql, h.id, true);
    if (helpers.length) {
      writeAudit(sql, { action: 'account.helpers.end', entity: 'account', details: { count: helpers.length, ids: helpers.map((h) => h.id), names: helpers.map((h) => h.name) }, at: ctx.now() });
    }
    if (helpers.length) forgetAccounts(sql);
    for (const h of helpers) closeSessionsOf(ctx, h.id);
    writeAudit(sql, { action: 'readers.rollover', entity: 'reader', details: { from: school.schoolYear, to, promoted, graduated }, at: ctx.now() });
    return { from: school.schoolYear, to, promoted, graduated, cardsReissued };
  });
}

/** The most recent rollover, when it has not been undone yet (only the last one can be undone). */
export function lastRollover(ctx: ServiceContext): RolloverRecordDto | null {
  const last = readers.lastRolloverRow(ctx.sql);
  if (!last || last.undoneAt) return null;
  return {
    id: last.id, from: last.fromYear, to: last.toYear, at: readers.isoOfDatetime(last.at) ?? last.at, readers: (JSON.parse(last.readersBefore) as unknown[]).length,
    helpersDisabled: (JSON.parse(last.accountsDisabled) as number[]).length,
  };
}

/**
 * Undoes the last rollover exactly: every reader it touched gets back its class, grade, active flag,
 * school year and card date, the school settings are restored and the pupil helpers' accounts it disabled are
 * enabled again. Audited; one transaction.
 */
export function undoRollover(ctx: ServiceContext, id: number): { from: string; to: string; restored: number } {
  const stamp = ctx.now().toISOString();
  const sql = ctx.sql;
  return transaction(sql, () => {
    const last = readers.lastRolloverRow(sql);
    if (!last || last.id !== id) throw new AppError('ROLLOVER_UNDO_NOT_LAST', 'Chỉ hoàn tác được lần chuyển năm học gần nhất.');
    if (last.undoneAt) throw new AppError('ROLLOVER_UNDO_DONE', `Lần chuyển sang năm học ${last.toYear} đã được hoàn tác rồi.`);
    const school = schoolOf(settingRow(sql, 'school')?.value);
    if (school.schoolYear !== last.toYear) {
      throw new AppError('ROLLOVER_UNDO_YEAR', `Năm học hiện tại là ${school.schoolYear}, không còn là ${last.toYear}: không hoàn tác lần chuyển năm học này được.`);
    }
    const before = JSON.parse(last.readersBefore) as readers.ReaderBefore[];
    for (const r of before) readers.restoreReader(sql, r);
    restoreSettingRow(sql, 'school', last.settingsBefore ? (JSON.parse(last.settingsBefore) as SettingRow) : null);
    // The helpers' accounts it disabled come back with their school year; one disabled by hand since stays as it is.
    const helpers = (JSON.parse(last.accountsDisabled) as number[]).map((id) => accountById(sql, id)).filter((a) => a?.disabled);
    for (const h of helpers) setAccountDisabled(sql, h!.id, false);
    if (helpers.length) {
      writeAudit(sql, { action: 'account.helpers.restore', entity: 'account', details: { count: helpers.length, ids: helpers.map((h) => h!.id), names: helpers.map((h) => h!.name) }, at: ctx.now() });
      forgetAccounts(sql);
    }
    readers.markRolloverUndone(sql, last.id, stamp);
    writeAudit(sql, { action: 'readers.rollover.undo', entity: 'reader', details: { from: last.toYear, to: last.fromYear, readers: before.length, rolloverId: last.id }, at: ctx.now() });
    return { from: last.toYear, to: last.fromYear, restored: before.length };
  });
}
