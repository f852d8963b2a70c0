import type { FileResult } from '../../../shared/contract/define';
import { AppError } from '../../../shared/errors';
import { compareVi } from '../../../shared/text';
import { rawConnection } from '../../db/data-source';
import { classSetListPdf } from '../../pdf/reminders';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { gradeOfClass } from '../readers/readers';
import { getSchool } from '../settings';
import { inTransaction } from '../transaction';

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
  const rows: { titleId: number; title: string; volume: string; subject: string; available: number; alreadyLent: number }[] = await ctx.db.query(
    `SELECT t.id AS titleId, t.title, t.volume, t.subject,
       (SELECT COUNT(*) FROM copy c WHERE c.title_id = t.id AND c.status = 'available') AS available,
       (SELECT COUNT(*) FROM loan l JOIN copy c ON c.id = l.copy_id WHERE c.title_id = t.id AND l.class_set = ? AND l.returned_at IS NULL AND l.lost_at IS NULL) AS alreadyLent
     FROM title t JOIN collection_series s ON s.id = t.series_id
     WHERE s.register_group = 'SGK'
       AND (t.grade_level = ? OR (t.grade_level IS NULL AND (' ' || t.title || ' ') LIKE '% ' || ? || ' %'))`, [label, grade, String(grade)]);
  return rows.map((r) => ({ ...r, available: Number(r.available), alreadyLent: Number(r.alreadyLent) }))
    .sort((a, b) => compareVi(`${a.title} ${a.volume}`, `${b.title} ${b.volume}`));
}

async function classSetLabel(ctx: ServiceContext, className: string): Promise<string> {
  const school = await getSchool(ctx.db);
  return `SGK ${className.toUpperCase()} ${school.schoolYear}`;
}

export interface ClassSetShortage { titleId: number; title: string; missing: number; readers: { id: number; fullName: string }[] }

/**
 * Lends a textbook set to every active student of a class for the school year: one copy of each title
 * per student (students who already hold that title are skipped), due at the year's end. When copies run
 * short, what is on the shelf is lent in class-list order and the students who got none are listed per
 * title; only when not a single copy could be lent is it refused (nothing changes).
 */
export async function lendClassSet(ctx: ServiceContext, className: string, titleIds: number[]): Promise<{ classSet: string; loans: number; students: number; file: FileResult; shortages: ClassSetShortage[] }> {
  const cls = className.toUpperCase();
  const school = await getSchool(ctx.db);
  const label = await classSetLabel(ctx, cls);
  const raw = rawConnection(ctx.db);
  const stamp = ctx.now().toISOString();
  const result = await inTransaction(ctx.db, async (m) => {
    const students = (raw.prepare(`SELECT id, full_name AS fullName FROM reader WHERE kind = 'student' AND active = 1 AND class_name = ?`)
      .all(cls) as { id: number; fullName: string }[]).sort(byGivenName);
    if (!students.length) throw new AppError('CLASS_EMPTY', `Lớp ${cls} không có học sinh nào đang hoạt động.`);
    const holders = raw.prepare(`SELECT l.reader_id AS readerId FROM loan l JOIN copy c ON c.id = l.copy_id
      WHERE c.title_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`);
    const shelf = raw.prepare(`SELECT c.id FROM copy c WHERE c.title_id = ? AND c.status = 'available'
      AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.copy_id = c.id AND l.returned_at IS NULL AND l.lost_at IS NULL)
      ORDER BY c.series_id, c.accession_number`);
    const titleName = raw.prepare('SELECT title, volume FROM title WHERE id = ?');
    const plan: { titleId: number; readerIds: number[]; copies: number[] }[] = [];
    const shortages: ClassSetShortage[] = [];
    const nameOf = new Map(students.map((st) => [st.id, st.fullName]));
    for (const titleId of titleIds) {
      const t = titleName.get(titleId) as { title: string; volume: string } | undefined;
      if (!t) throw new AppError('TITLE_NOT_FOUND', 'Không tìm thấy đầu sách đã chọn.');
      const has = new Set((holders.all(titleId) as { readerId: number }[]).map((h) => h.readerId));
      const readerIds = students.filter((s) => !has.has(s.id)).map((s) => s.id);
      const copies = (shelf.all(titleId) as { id: number }[]).map((c) => c.id);
      if (copies.length < readerIds.length) {
        shortages.push({
          titleId, title: `${t.title}${t.volume ? `, ${t.volume}` : ''}`, missing: readerIds.length - copies.length,
          readers: readerIds.slice(copies.length).map((rid) => ({ id: rid, fullName: nameOf.get(rid) ?? '' })),
        });
      }
      plan.push({ titleId, readerIds: readerIds.slice(0, copies.length), copies });
    }
    if (shortages.length && plan.every((p) => p.readerIds.length === 0)) {
      throw new AppError('CLASS_SET_SHORT', `Trên kệ không còn bản nào để cho lớp ${cls} mượn: ${shortages.map((x) => `${x.title} thiếu ${x.missing} bản`).join('; ')}.`);
    }
    const ins = raw.prepare(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at, renewals, class_set, note) VALUES (?, ?, 'long', ?, ?, 0, ?, '')`);
    const upd = raw.prepare(`UPDATE copy SET status = 'onLoan' WHERE id = ?`);
    let loans = 0;
    for (const p of plan) {
      p.readerIds.forEach((readerId, i) => {
        ins.run(p.copies[i], readerId, stamp, school.schoolYearEnd, label);
        upd.run(p.copies[i]);
        loans++;
      });
    }
    await audit(m, {
      action: 'loan.classSet', entity: 'loan', at: ctx.now(),
      details: { classSet: label, titleIds, loans, shortages: shortages.map((x) => ({ titleId: x.titleId, missing: x.missing, readerIds: x.readers.map((r) => r.id) })) },
    });
    return { loans, students: students.length, shortages };
  });
  const file = await classSetPdf(ctx, label);
  return { classSet: label, ...result, file };
}

/** Takes a whole class set back in one operation. */
export async function returnClassSet(ctx: ServiceContext, classSet: string): Promise<{ returned: number }> {
  const raw = rawConnection(ctx.db);
  return inTransaction(ctx.db, async (m) => {
    const open = raw.prepare(`SELECT id, copy_id AS copyId FROM loan WHERE class_set = ? AND returned_at IS NULL AND lost_at IS NULL`).all(classSet) as { id: number; copyId: number }[];
    if (!open.length) throw new AppError('CLASS_SET_EMPTY', `Bộ ${classSet} không còn sách nào đang mượn.`);
    const stamp = ctx.now().toISOString();
    const ret = raw.prepare('UPDATE loan SET returned_at = ? WHERE id = ?');
    // Never back into stock when the copy is on a biên bản xuất (same rule as the desk's return).
    const upd = raw.prepare(`UPDATE copy SET status = 'available' WHERE id = ? AND status = 'onLoan' AND withdrawal_id IS NULL`);
    for (const l of open) {
      ret.run(stamp, l.id);
      upd.run(l.copyId);
    }
    await audit(m, { action: 'loan.classSet.return', entity: 'loan', at: ctx.now(), details: { classSet, returned: open.length } });
    return { returned: open.length };
  });
}

export async function classSets(ctx: ServiceContext) {
  const rows: { classSet: string; className: string; students: number; open: number; returned: number }[] = await ctx.db.query(
    `SELECT l.class_set AS classSet, MIN(r.class_name) AS className, COUNT(DISTINCT l.reader_id) AS students,
       SUM(CASE WHEN l.returned_at IS NULL AND l.lost_at IS NULL THEN 1 ELSE 0 END) AS open,
       SUM(CASE WHEN l.returned_at IS NOT NULL THEN 1 ELSE 0 END) AS returned
     FROM loan l JOIN reader r ON r.id = l.reader_id WHERE l.class_set IS NOT NULL GROUP BY l.class_set`);
  return rows.map((r) => ({ ...r, students: Number(r.students), open: Number(r.open), returned: Number(r.returned) }))
    .sort((a, b) => b.open - a.open || compareVi(a.classSet, b.classSet));
}

/** The printed list of a class set: one row per student with the ĐKCB of each book and a signature box. */
export async function classSetPdf(ctx: ServiceContext, classSet: string): Promise<FileResult> {
  const rows: { readerId: number; fullName: string; className: string; code: string; title: string; volume: string; returnedAt: string | null }[] = await ctx.db.query(
    `SELECT r.id AS readerId, r.full_name AS fullName, r.class_name AS className, c.accession_code AS code, t.title, t.volume, l.returned_at AS returnedAt
     FROM loan l JOIN reader r ON r.id = l.reader_id JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id
     WHERE l.class_set = ? AND l.lost_at IS NULL`, [classSet]);
  if (!rows.length) throw new AppError('CLASS_SET_EMPTY', `Không có bộ sách ${classSet}.`);
  const school = await getSchool(ctx.db);
  return classSetListPdf(ctx, school, classSet, rows);
}
