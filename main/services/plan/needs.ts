import type { Forecast, Plan, PlanNeed } from '../../../shared/contract/plan';
import { nextSchoolYear, schoolYearRange } from '../../../shared/dates';
import { formatAmount } from '../../../shared/number-words';
import { compareNatural, compareVi } from '../../../shared/text';
import * as q from '../../db/queries/plan';
import { AppError } from '../../../shared/errors';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { loadThresholds, selfCheckFigures } from '../selfcheck/selfcheck';
import { editablePlan, insertLinesSync, lineFromTitle, planView } from './plans';

/** Titles lent at least this many times per copy in the year are proposed for more copies. */
export const DEMAND_LOANS_PER_COPY = 4;
const DEMAND_LIMIT = 10;

/**
 * What the collection is missing this school year, each as a proposed plan line: copies lost and
 * weeded (replace them), titles lent the most per copy (bring them to DEMAND_LOANS_PER_COPY), the TT 16
 * gaps the self-assessment measures (books per student below the level's threshold; subjects whose
 * teachers lack a set of the SNV).
 */
export async function computeNeeds(ctx: ServiceContext, year: string): Promise<PlanNeed[]> {
  const sql = ctx.sql;
  const { from, to } = schoolYearRange(year);
  const toNext = `${year.slice(5)}-08-01`;
  const needs: PlanNeed[] = [];
  for (const t of q.lostTitlesBetween(sql, from, toNext)) {
    needs.push({ kind: 'lost', why: `${formatAmount(t.n)} bản mất trong năm học`, line: lineFromTitle(t, t.n, 'replace', 'Thay bản mất') });
  }
  for (const t of q.weededTitlesBetween(sql, from, to)) {
    needs.push({ kind: 'weeded', why: `${formatAmount(t.n)} bản thanh lọc trong năm học`, line: lineFromTitle(t, t.n, 'replace', 'Thay bản hư, thanh lọc') });
  }
  for (const t of q.mostLentPerCopy(sql, from, toNext, DEMAND_LIMIT)) {
    const perCopy = t.n / t.copies;
    const more = Math.ceil(t.n / DEMAND_LOANS_PER_COPY) - t.copies;
    if (perCopy < DEMAND_LOANS_PER_COPY || more < 1) continue;
    const ratio = perCopy.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
    needs.push({ kind: 'demand', why: `${formatAmount(t.n)} lượt mượn cho ${formatAmount(t.copies)} bản (${ratio} lượt/bản)`, line: lineFromTitle(t, more, 'other', 'Sách được mượn nhiều') });
  }
  // TT 16: the same figures and thresholds as the self-assessment.
  const f = selfCheckFigures(ctx.sql, year);
  const th = await loadThresholds(ctx.sql);
  const level = f.copiesPerStudent < th.copiesPerStudentL1 ? { n: 1, per: th.copiesPerStudentL1 } : f.copiesPerStudent < th.copiesPerStudentL2 ? { n: 2, per: th.copiesPerStudentL2 } : null;
  if (level && f.students > 0) {
    const gap = Math.ceil(f.students * level.per) - f.copies;
    if (gap > 0) {
      needs.push({
        kind: 'tt16', why: `${formatAmount(f.copies)} bản sách cho ${formatAmount(f.students)} học sinh; mức ${level.n} cần ${level.per.toLocaleString('vi-VN')} bản/học sinh`,
        line: {
          titleId: null, title: `Sách tham khảo, thiếu nhi bổ sung đạt mức ${level.n} TT 16`, authors: '', publisher: '', publicationYear: null, isbn: '',
          seriesCode: 'STK', quantity: gap, unitPrice: 0, reason: 'tt16', priority: 'normal', funding: 'Ngân sách', supplier: '',
          note: `Thiếu ${formatAmount(gap)} bản để đạt ${level.per.toLocaleString('vi-VN')} bản/HS`, suggestionId: null,
        },
      });
    }
  }
  for (const s of f.teacherSets) {
    const wanted = Math.ceil(s.teachers * th.teacherSetsPerSubject);
    if (s.sets >= wanted) continue;
    const t = q.scarcestTeacherTitle(sql, s.subject);
    const why = `Môn ${s.subject}: ${formatAmount(s.sets)} bộ sách giáo viên cho ${formatAmount(s.teachers)} giáo viên`;
    needs.push({
      kind: 'teacherSet', why,
      line: t ? lineFromTitle(t, wanted - s.sets, 'tt16', `Đủ bộ SGV môn ${s.subject}`) : {
        titleId: null, title: `Sách giáo viên môn ${s.subject}`, authors: '', publisher: '', publicationYear: null, isbn: '', seriesCode: 'SNV',
        quantity: wanted - s.sets, unitPrice: 0, reason: 'tt16', priority: 'normal', funding: 'Ngân sách', supplier: '', note: `Đủ bộ SGV môn ${s.subject}`, suggestionId: null,
      },
    });
  }
  return needs;
}

/** "Toán 6 – Tập một (Kết nối…)" → grade 6, subject "Toán" (when the title itself has no grade or subject). */
export function gradeAndSubject(title: string, gradeLevel: number | null, subject: string): { grade: number | null; subject: string } {
  const m = /^(.*?)\s+(\d{1,2})(?!\d)/.exec(title);
  const grade = gradeLevel ?? (m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? Number(m[2]) : null);
  return { grade, subject: subject || (m ? m[1].trim() : title) };
}

/**
 * Dự trù SGK for the school year after `year`: for each grade and subject, next year's students (this
 * year's grade below, from the reader lists; the lowest grade, which has none below, keeps its own
 * count) minus the copies of each volume neither lost nor weeded → copies to buy. A subject's sets to
 * buy are its largest volume shortfall.
 */
export function textbookForecast(ctx: ServiceContext, year: string): Forecast {
  const sql = ctx.sql;
  const byGrade = new Map(q.activeStudentsByGrade(sql).map((g) => [g.grade, g.n]));
  const grades = [...byGrade.keys()];
  const lowest = grades.length ? Math.min(...grades) : 0;
  const highest = grades.length ? Math.max(...grades) : 0;
  const enrolment = grades.length ? Array.from({ length: highest - lowest + 1 }, (_, i) => lowest + i).map((g) => {
    const fromGrade = g === lowest ? g : g - 1;
    return { grade: g, fromGrade, students: byGrade.get(fromGrade) ?? 0 };
  }) : [];
  const students = new Map(enrolment.map((e) => [e.grade, e.students]));
  const rows: Forecast['rows'] = [];
  for (const t of q.sgkTitlesWithUsable(sql)) {
    const gs = gradeAndSubject(t.title, t.gradeLevel, t.subject);
    if (gs.grade === null || !students.has(gs.grade)) continue;
    const need = students.get(gs.grade)!;
    const usable = Number(t.usable);
    rows.push({
      grade: gs.grade, subject: gs.subject, titleId: t.titleId, title: t.volume ? `${t.title} – ${t.volume}` : t.title, authors: t.authors,
      publisher: t.publisher, seriesCode: t.seriesCode, unitPrice: t.coverPrice ?? 0, enrolment: need, usable, toBuy: Math.max(0, need - usable),
    });
  }
  rows.sort((a, b) => a.grade - b.grade || compareVi(a.subject, b.subject) || compareNatural(a.title, b.title));
  const sets: Forecast['sets'] = [];
  for (const r of rows) {
    const s = sets.find((x) => x.grade === r.grade && x.subject === r.subject);
    if (s) s.toBuy = Math.max(s.toBuy, r.toBuy);
    else sets.push({ grade: r.grade, subject: r.subject, toBuy: r.toBuy });
  }
  return { year, forYear: nextSchoolYear(year), enrolment, rows, sets };
}

/** The whole forecast in one step: a line "Dự trù SGK" per volume with copies to buy (the plan's year decides the forecast). */
export function addForecast(ctx: ServiceContext, planId: number): Plan {
  const sql = ctx.sql;
  const p = editablePlan(sql, planId);
  const f = textbookForecast(ctx, p.schoolYear);
  const lines = f.rows.filter((r) => r.toBuy > 0).map((r) => {
    const t = q.titleForLine(sql, r.titleId)!;
    return lineFromTitle(t, r.toBuy, 'sgk', `Dự trù năm học ${f.forYear}: khối ${r.grade}, ${formatAmount(r.enrolment)} HS, còn ${formatAmount(r.usable)} bản`);
  });
  if (!lines.length) throw new AppError('NOTHING_TO_ADD', `Dự trù SGK năm học ${f.forYear}: không cần mua thêm bản nào.`);
  transaction(sql, () => insertLinesSync(ctx, sql, planId, lines, 'plan.line.forecast', { forYear: f.forYear }));
  return planView(sql, planId);
}
