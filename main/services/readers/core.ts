import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { ReaderDto, ReaderKind, RolloverPreview, RolloverRecordDto } from '../../../shared/contract/readers';
import { formatDate, nextSchoolYear, todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { compareVi, fold } from '../../../shared/text';
import { Reader, Rollover, Setting } from '../../db/entities';
import { audit } from '../audit';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings';
import { inTransaction } from '../transaction';

/** IME-safe card prefixes: consonants only, so a Telex/VNI input method never rewrites a scan. */
export function cardPrefix(kind: ReaderKind | string): string {
  return kind === 'student' ? 'HS' : 'GV';
}

export function formatCardNumber(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(6, '0')}`;
}

/** "6A1" → 6, "10A2" → 10; null when the class does not start with a grade. */
export function gradeOfClass(className: string): number | null {
  const m = /^(\d{1,2})/.exec(className);
  return m ? Number(m[1]) : null;
}

/** "6A1" → "7A1": the class a student moves to in the next school year. */
export function promoteClass(className: string): string {
  const g = gradeOfClass(className);
  return g === null ? className : `${g + 1}${className.slice(String(g).length)}`;
}

export function readerSearchText(r: { fullName: string; code: string; cardNumber: string; className: string; department: string }): string {
  return fold(`${r.fullName} ${r.code} ${r.cardNumber} ${r.className} ${r.department}`);
}

/** The next `count` free card numbers with this prefix (numbers only grow; a card is never reused). */
export async function nextCardNumbers(m: EntityManager, prefix: string, count: number): Promise<string[]> {
  const rows: { n: number | null }[] = await m.query(
    `SELECT MAX(CAST(substr(card_number, ${prefix.length + 1}) AS INTEGER)) AS n FROM reader WHERE card_number GLOB ?`, [`${prefix}[0-9]*`]);
  const start = Number(rows[0]?.n ?? 0) + 1;
  return Array.from({ length: count }, (_, i) => formatCardNumber(prefix, start + i));
}

export function toReaderDto(r: Reader): ReaderDto {
  return {
    id: r.id, kind: r.kind as ReaderKind, code: r.code, cardNumber: r.cardNumber, fullName: r.fullName, birthDate: r.birthDate,
    sex: r.sex, className: r.className, grade: r.grade, department: r.department, position: r.position, subject: r.subject,
    phone: r.phone, schoolYear: r.schoolYear, firstSchoolYear: r.firstSchoolYear, active: !!r.active, photo: r.photo,
    cardIssuedAt: r.cardIssuedAt,
  };
}

export async function getReader(ctx: ServiceContext, readerId: number): Promise<Reader> {
  const r = await ctx.db.getRepository(Reader).findOneBy({ id: readerId });
  if (!r) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  return r;
}

export interface ReaderQuery {
  q: string; kind: ReaderKind | 'all'; className: string; active: 'active' | 'inactive' | 'all'; limit: number; offset: number;
}

/** Search readers without diacritics (name, code, card number, class, department). */
export async function listReaders(ctx: ServiceContext, query: ReaderQuery): Promise<{ rows: ReaderDto[]; total: number }> {
  const qb = ctx.db.getRepository(Reader).createQueryBuilder('r');
  const words = fold(query.q).split(' ').filter(Boolean);
  words.forEach((w, i) => qb.andWhere(`r.search_text LIKE :w${i} ESCAPE '\\'`, { [`w${i}`]: `%${w.replace(/[\\%_]/g, (c) => '\\' + c)}%` }));
  if (query.kind !== 'all') qb.andWhere('r.kind = :kind', { kind: query.kind });
  if (query.className) qb.andWhere('r.class_name = :cls', { cls: query.className.toUpperCase() });
  if (query.active !== 'all') qb.andWhere('r.active = :active', { active: query.active === 'active' ? 1 : 0 });
  const total = await qb.getCount();
  const rows = await qb.orderBy('r.kind', 'DESC').addOrderBy('r.class_name').addOrderBy('r.id').getMany();
  // Vietnamese order by class, then given name (last word) as class lists are read.
  const given = (n: string) => n.split(' ').pop() ?? n;
  rows.sort((a, b) => compareVi(a.kind === 'student' ? a.className : 'ZZ' + a.department, b.kind === 'student' ? b.className : 'ZZ' + b.department)
    || compareVi(given(a.fullName), given(b.fullName)) || compareVi(a.fullName, b.fullName));
  return { rows: rows.slice(query.offset, query.offset + query.limit).map(toReaderDto), total };
}

export async function listClasses(ctx: ServiceContext): Promise<{ className: string; grade: number | null; students: number }[]> {
  const rows: { className: string; grade: number | null; n: number }[] = await ctx.db.query(
    `SELECT class_name AS className, grade, COUNT(*) AS n FROM reader WHERE kind = 'student' AND active = 1 AND class_name <> ''
     GROUP BY class_name, grade`);
  return rows.map((r) => ({ className: r.className, grade: r.grade, students: Number(r.n) })).sort((a, b) => compareVi(a.className, b.className));
}

export async function listDepartments(ctx: ServiceContext): Promise<{ department: string; readers: number }[]> {
  const rows: { department: string; n: number }[] = await ctx.db.query(
    `SELECT department, COUNT(*) AS n FROM reader WHERE kind <> 'student' AND active = 1 GROUP BY department`);
  return rows.map((r) => ({ department: r.department, readers: Number(r.n) })).sort((a, b) => compareVi(a.department, b.department));
}

const PHOTO_RE = /^data:image\/(jpeg|png);base64,([A-Za-z0-9+/=]+)$/;

export interface ReaderSaveInput {
  id?: number; kind: ReaderKind; code: string; fullName: string; birthDate: string | null; sex: string; className: string;
  department: string; position: string; subject: string; phone: string; active: boolean; photoDataUrl?: string | null;
}

/** Creates or edits one reader; a new reader gets the next card number of its kind. */
export async function saveReader(ctx: ServiceContext, input: ReaderSaveInput): Promise<ReaderDto> {
  const school = await getSchool(ctx.db);
  const stamp = ctx.now().toISOString();
  const className = input.kind === 'student' ? input.className.toUpperCase().replace(/\s+/g, '') : '';
  if (input.kind === 'student' && !/^\d{1,2}[A-Z]\d{0,2}$/.test(className)) {
    throw new AppError('READER_CLASS', 'Hãy nhập lớp của học sinh, ví dụ 6A1.');
  }
  let photo: string | null | undefined;
  let photoBytes: { file: string; data: Buffer } | null = null;
  if (input.photoDataUrl === null) photo = null;
  else if (input.photoDataUrl) {
    const m = PHOTO_RE.exec(input.photoDataUrl);
    if (!m) throw new AppError('READER_PHOTO', 'Ảnh phải là tệp JPEG hoặc PNG.');
    photoBytes = { file: `${fold(input.code).replace(/[^a-z0-9]/g, '')}-${Date.now()}.${m[1] === 'png' ? 'png' : 'jpg'}`, data: Buffer.from(m[2], 'base64') };
    photo = photoBytes.file;
  }
  const saved = await inTransaction(ctx.db, async (m) => {
    const repo = m.getRepository(Reader);
    const clash = await repo.findOneBy({ code: input.code });
    if (clash && clash.id !== input.id) throw new AppError('READER_EXISTS', `Đã có bạn đọc mã ${input.code} (${clash.fullName}).`);
    const fields = {
      kind: input.kind, code: input.code, fullName: input.fullName, birthDate: input.birthDate, sex: input.sex, className,
      grade: input.kind === 'student' ? gradeOfClass(className) : null, department: input.kind === 'student' ? '' : input.department,
      position: input.position, subject: input.subject, phone: input.phone, active: input.active, updatedAt: stamp,
      ...(photo !== undefined ? { photo } : {}),
    };
    if (input.id) {
      const existing = await repo.findOneBy({ id: input.id });
      if (!existing) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
      const merged = { ...existing, ...fields };
      merged.searchText = readerSearchText(merged);
      await repo.save(merged);
      return merged;
    }
    const [card] = await nextCardNumbers(m, cardPrefix(input.kind), 1);
    const row = repo.create({
      ...fields, cardNumber: card, photo: photo ?? null, schoolYear: school.schoolYear, firstSchoolYear: school.schoolYear,
      cardIssuedAt: stamp, createdAt: stamp,
      searchText: readerSearchText({ ...fields, cardNumber: card }),
    });
    return repo.save(row);
  });
  if (photoBytes) {
    const dir = path.join(ctx.dataDir, 'photos');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, photoBytes.file), photoBytes.data);
  }
  return toReaderDto(saved);
}

/** The reader's photo as a data URL (the renderer cannot read the data folder itself). */
export function readerPhotoDataUrl(ctx: ServiceContext, photo: string | null): string | null {
  if (!photo) return null;
  const file = path.join(ctx.dataDir, 'photos', path.basename(photo));
  if (!fs.existsSync(file)) return null;
  return `data:image/${photo.endsWith('.png') ? 'png' : 'jpeg'};base64,${fs.readFileSync(file).toString('base64')}`;
}

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
