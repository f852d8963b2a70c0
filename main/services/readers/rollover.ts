import type { EntityManager } from 'typeorm';
import type { RolloverPreview, RolloverRecordDto } from '../../../shared/contract/readers';
import { formatDate, nextSchoolYear, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { compareVi } from '../../../shared/text';
import { Reader, Rollover, Setting } from '../../db/entities';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings';
import { inTransaction } from '../transaction';
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

/** The reader fields a rollover changes, as they were before it (stored for the undo). */
interface ReaderBefore {
  id: number; className: string; grade: number | null; active: number; schoolYear: string;
  cardIssuedAt: string | null; updatedAt: string; searchText: string;
}

interface RolloverPlan {
  from: string;
  /** Active readers the rollover touches (not yet in the target year). */
  readers: Reader[];
  promote: { reader: Reader; className: string; grade: number }[];
  leave: Reader[];
  classes: { from: string; to: string | null; students: number }[];
}

async function planRollover(m: EntityManager, from: string, to: string, lastGrade: number): Promise<RolloverPlan> {
  const readers = (await m.getRepository(Reader).find({ where: { active: true }, order: { id: 'ASC' } })).filter((r) => r.schoolYear !== to);
  const promote: RolloverPlan['promote'] = [];
  const leave: Reader[] = [];
  const classes = new Map<string, { from: string; to: string | null; students: number }>();
  for (const s of readers) {
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
  return { from, readers, promote, leave, classes: [...classes.values()].sort((a, b) => compareVi(a.from, b.from)) };
}

async function leavingLoans(m: EntityManager, leave: Reader[]): Promise<RolloverPreview['leavingLoans']> {
  if (!leave.length) return [];
  const ids = leave.map((r) => r.id);
  const rows: { readerId: number; fullName: string; className: string; cardNumber: string; accessionCode: string; title: string; volume: string; dueAt: string }[] =
    await m.query(
      `SELECT r.id AS readerId, r.full_name AS fullName, r.class_name AS className, r.card_number AS cardNumber,
              c.accession_code AS accessionCode, t.title AS title, t.volume AS volume, l.due_at AS dueAt
       FROM loan l JOIN reader r ON r.id = l.reader_id JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id
       WHERE l.returned_at IS NULL AND l.lost_at IS NULL AND l.reader_id IN (${ids.map(() => '?').join(',')})`, ids);
  const given = (n: string) => n.split(' ').pop() ?? n;
  return rows
    .map((r) => ({ readerId: r.readerId, fullName: r.fullName, className: r.className, cardNumber: r.cardNumber, accessionCode: r.accessionCode,
      title: r.volume ? `${r.title}. ${r.volume}` : r.title, dueAt: r.dueAt.slice(0, 10) }))
    .sort((a, b) => compareVi(a.className, b.className) || compareVi(given(a.fullName), given(b.fullName))
      || compareVi(a.fullName, b.fullName) || a.dueAt.localeCompare(b.dueAt) || compareVi(a.accessionCode, b.accessionCode));
}

/** What a rollover to `to` would do today; changes nothing. */
export async function previewRollover(ctx: ServiceContext, to: string, lastGrade = 9): Promise<RolloverPreview> {
  const school = await getSchool(ctx.db);
  const today = todayIso(ctx.now());
  const plan = await planRollover(ctx.db.manager, school.schoolYear, to, lastGrade);
  return {
    from: school.schoolYear, to,
    refusal: rolloverRefusal(school.schoolYear, to, today),
    warning: rolloverWarning(school.schoolYear, today),
    classes: plan.classes,
    promoted: plan.promote.length,
    leaving: plan.leave.length,
    cardsReissued: plan.readers.length - plan.leave.length,
    leavingLoans: await leavingLoans(ctx.db.manager, plan.leave),
  };
}

/**
 * School-year rollover: every active student moves up one grade (6A1 → 7A1), the last grade (9)
 * becomes inactive, active readers get their cards re-issued for the new year and the school year in
 * the settings moves on. Loans and history are untouched. Refused unless `to` is the next school year
 * (see rolloverRefusal) and `confirm` repeats it. What changed is stored in a rollover record, so the
 * last rollover can be undone exactly. One transaction.
 */
export async function rollover(ctx: ServiceContext, to: string, confirm: string, lastGrade = 9): Promise<{ from: string; to: string; promoted: number; graduated: number; cardsReissued: number }> {
  const stamp = ctx.now().toISOString();
  const today = todayIso(ctx.now());
  return inTransaction(ctx.db, async (m) => {
    // Raw rows: stored text exactly as it is (the entity layer would rewrite datetime formats).
    const [settingRow]: { value: string; updatedAt: string }[] = await m.query("SELECT value, updated_at AS updatedAt FROM setting WHERE key = 'school'");
    const school = await getSchool(ctx.db);
    const refusal = rolloverRefusal(school.schoolYear, to, today);
    if (refusal) throw new AppError('ROLLOVER_REFUSED', refusal);
    if (confirm.trim() !== to) throw new AppError('ROLLOVER_CONFIRM', `Hãy gõ đúng năm học mới "${to}" để xác nhận chuyển năm học.`);
    const pending: { n: number }[] = await m.query('SELECT COUNT(*) AS n FROM reader WHERE active = 1 AND school_year <> ?', [to]);
    const any: { n: number }[] = await m.query('SELECT COUNT(*) AS n FROM reader WHERE active = 1');
    if (Number(any[0].n) > 0 && Number(pending[0].n) === 0) {
      throw new AppError('ROLLOVER_DONE', `Bạn đọc đã được chuyển sang năm học ${to} rồi; không chuyển lần nữa.`);
    }
    const plan = await planRollover(m, school.schoolYear, to, lastGrade);
    const before: ReaderBefore[] = await m.query(
      `SELECT id, class_name AS className, grade, active, school_year AS schoolYear, card_issued_at AS cardIssuedAt,
              updated_at AS updatedAt, search_text AS searchText
       FROM reader WHERE active = 1 AND school_year <> ? ORDER BY id`, [to]);
    await m.insert(Rollover, {
      fromYear: school.schoolYear, toYear: to, at: stamp, readersBefore: JSON.stringify(before),
      settingsBefore: settingRow ? JSON.stringify({ value: settingRow.value, updatedAt: settingRow.updatedAt }) : null, undoneAt: null,
    });
    for (const s of plan.leave) await m.update(Reader, { id: s.id }, { active: false, updatedAt: stamp });
    for (const p of plan.promote) {
      await m.update(Reader, { id: p.reader.id }, {
        className: p.className, grade: p.grade, updatedAt: stamp,
        searchText: readerSearchText({ ...p.reader, className: p.className }),
      });
    }
    const reissued = await m.createQueryBuilder().update(Reader)
      .set({ schoolYear: to, cardIssuedAt: stamp, updatedAt: stamp })
      .where('active = 1 AND school_year <> :to', { to }).execute();
    const years = Number(to.slice(0, 4)) - Number(school.schoolYear.slice(0, 4));
    const next = { ...school, schoolYear: to, schoolYearStart: shiftYear(school.schoolYearStart, years), schoolYearEnd: shiftYear(school.schoolYearEnd, years) };
    await m.getRepository(Setting).save({ key: 'school', value: JSON.stringify(next), updatedAt: stamp });
    const promoted = plan.promote.length, graduated = plan.leave.length;
    await audit(m, { action: 'readers.rollover', entity: 'reader', details: { from: school.schoolYear, to, promoted, graduated }, at: ctx.now() });
    return { from: school.schoolYear, to, promoted, graduated, cardsReissued: reissued.affected ?? 0 };
  });
}

/** The most recent rollover, when it has not been undone yet (only the last one can be undone). */
export async function lastRollover(ctx: ServiceContext): Promise<RolloverRecordDto | null> {
  const [last] = await ctx.db.getRepository(Rollover).find({ order: { id: 'DESC' }, take: 1 });
  if (!last || last.undoneAt) return null;
  return { id: last.id, from: last.fromYear, to: last.toYear, at: last.at, readers: (JSON.parse(last.readersBefore) as unknown[]).length };
}

/**
 * Undoes the last rollover exactly: every reader it touched gets back its class, grade, active flag,
 * school year and card date, and the school settings are restored. Audited; one transaction.
 */
export async function undoRollover(ctx: ServiceContext, id: number): Promise<{ from: string; to: string; restored: number }> {
  const stamp = ctx.now().toISOString();
  return inTransaction(ctx.db, async (m) => {
    const repo = m.getRepository(Rollover);
    const [last] = await repo.find({ order: { id: 'DESC' }, take: 1 });
    if (!last || last.id !== id) throw new AppError('ROLLOVER_UNDO_NOT_LAST', 'Chỉ hoàn tác được lần chuyển năm học gần nhất.');
    if (last.undoneAt) throw new AppError('ROLLOVER_UNDO_DONE', `Lần chuyển sang năm học ${last.toYear} đã được hoàn tác rồi.`);
    const school = await getSchool(ctx.db);
    if (school.schoolYear !== last.toYear) {
      throw new AppError('ROLLOVER_UNDO_YEAR', `Năm học hiện tại là ${school.schoolYear}, không còn là ${last.toYear}: không hoàn tác lần chuyển năm học này được.`);
    }
    const before = JSON.parse(last.readersBefore) as ReaderBefore[];
    // Raw SQL so every stored value comes back byte for byte (no datetime conversion).
    for (const r of before) {
      await m.query(
        `UPDATE reader SET class_name = ?, grade = ?, active = ?, school_year = ?, card_issued_at = ?, updated_at = ?, search_text = ? WHERE id = ?`,
        [r.className, r.grade, r.active, r.schoolYear, r.cardIssuedAt, r.updatedAt, r.searchText, r.id]);
    }
    const settings = last.settingsBefore ? (JSON.parse(last.settingsBefore) as { value: string; updatedAt: string }) : null;
    await m.query("DELETE FROM setting WHERE key = 'school'");
    if (settings) await m.query("INSERT INTO setting (key, value, updated_at) VALUES ('school', ?, ?)", [settings.value, settings.updatedAt]);
    await repo.update({ id: last.id }, { undoneAt: stamp });
    await audit(m, { action: 'readers.rollover.undo', entity: 'reader', details: { from: last.toYear, to: last.fromYear, readers: before.length, rolloverId: last.id }, at: ctx.now() });
    return { from: last.toYear, to: last.fromYear, restored: before.length };
  });
}
