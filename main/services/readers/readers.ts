import fs from 'node:fs';
import path from 'node:path';
import type { ReaderDto, ReaderKind } from '../../../shared/contract/readers';
import { AppError } from '../../../shared/errors';
import { compareVi, fold } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as readers from '../../db/queries/readers';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { getSchool } from '../settings/school';

/** IME-safe card prefixes: consonants only, so a Telex/VNI input method never rewrites a scan. */
export function cardPrefix(kind: ReaderKind | string): string {
  return kind === 'student' ? 'HS' : 'GV';
}

export function formatCardNumber(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(6, '0')}`;
}

/** "6A1" → 6, "10A2" → 10; null when the class does not start with a grade. */
/** A class as the school writes it: grade 6–12, a letter, maybe a number (6A1, 10A2). */
const CLASS_NAME = /^([6-9]|1[0-2])[A-Z]\d{0,2}$/;
/** A class as typed or imported, in the one written form ("7 a2" → "7A2"). */
export const classNameOf = (text: string) => text.toUpperCase().replace(/\s+/g, '');
/** Whether a class (after classNameOf) is one: a pupil's class or a teacher's lớp chủ nhiệm, in the form and in a list alike. */
export const isClassName = (className: string) => CLASS_NAME.test(className);

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
export function nextCardNumbers(sql: Sql, prefix: string, count: number): string[] {
  const start = readers.maxCardNumber(sql, prefix) + 1;
  return Array.from({ length: count }, (_, i) => formatCardNumber(prefix, start + i));
}

/** A reader as the desk and the screens see it (a stored row, or anything shaped like one). */
export type ReaderRecord = Omit<readers.ReaderRow, 'active' | 'searchText'> & { active: boolean | number };

export function toReaderDto(r: ReaderRecord): ReaderDto {
  return {
    id: r.id, kind: r.kind as ReaderKind, code: r.code, cardNumber: r.cardNumber, fullName: r.fullName, birthDate: r.birthDate,
    sex: r.sex, className: r.className, grade: r.grade, department: r.department, homeroomClass: r.homeroomClass ?? '', position: r.position, subject: r.subject,
    phone: r.phone, schoolYear: r.schoolYear, firstSchoolYear: r.firstSchoolYear, active: !!r.active, photo: r.photo,
    cardIssuedAt: r.cardIssuedAt,
  };
}

export function getReader(ctx: ServiceContext, readerId: number): readers.ReaderRow {
  const r = readers.readerById(ctx.sql, readerId);
  if (!r) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
  return r;
}

export interface ReaderQuery {
  q: string; kind: ReaderKind | 'all'; className: string; active: 'active' | 'inactive' | 'all'; limit: number; offset: number;
}

/** Search readers without diacritics (name, code, card number, class, department). */
export function listReaders(ctx: ServiceContext, query: ReaderQuery): { rows: ReaderDto[]; total: number } {
  const rows = readers.searchReaders(ctx.sql, {
    words: fold(query.q).split(' ').filter(Boolean),
    kind: query.kind === 'all' ? null : query.kind,
    className: query.className ? query.className.toUpperCase() : null,
    active: query.active === 'all' ? null : query.active === 'active',
  });
  // Vietnamese order by class, then given name (last word) as class lists are read.
  const given = (n: string) => n.split(' ').pop() ?? n;
  rows.sort((a, b) => compareVi(a.kind === 'student' ? a.className : 'ZZ' + a.department, b.kind === 'student' ? b.className : 'ZZ' + b.department)
    || compareVi(given(a.fullName), given(b.fullName)) || compareVi(a.fullName, b.fullName));
  return { rows: rows.slice(query.offset, query.offset + query.limit).map(toReaderDto), total: rows.length };
}

export function listClasses(ctx: ServiceContext): readers.ClassCount[] {
  return readers.classCounts(ctx.sql).map((r) => ({ ...r, students: Number(r.students) })).sort((a, b) => compareVi(a.className, b.className));
}

export function listDepartments(ctx: ServiceContext): readers.DepartmentCount[] {
  return readers.departmentCounts(ctx.sql).map((r) => ({ ...r, readers: Number(r.readers) })).sort((a, b) => compareVi(a.department, b.department));
}

const PHOTO_RE = /^data:image\/(jpeg|png);base64,([A-Za-z0-9+/=]+)$/;

export interface ReaderSaveInput {
  id?: number; kind: ReaderKind; code: string; fullName: string; birthDate: string | null; sex: string; className: string;
  department: string; position: string; subject: string; phone: string; active: boolean; photoDataUrl?: string | null;
  /** Lớp chủ nhiệm (teachers and staff; absent: left as it is). */
  homeroomClass?: string;
}

/** The reader fields the Nhật ký names when they change, in the order it lists them. */
const AUDITED_READER_FIELDS = ['code', 'fullName', 'className', 'department', 'homeroomClass', 'kind', 'birthDate', 'sex', 'position',
  'subject', 'phone', 'active'] as const;

/** What changed on a reader, field by field: `{ className: ['6A1', '6A2'] }` (old, new). */
export function readerChanges(before: Pick<readers.ReaderRow, (typeof AUDITED_READER_FIELDS)[number]>,
  after: Partial<Pick<readers.ReaderRow, (typeof AUDITED_READER_FIELDS)[number]>>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of AUDITED_READER_FIELDS) {
    if (!(key in after)) continue;
    const a = before[key] ?? null;
    const b = after[key] ?? null;
    if (a !== b && !(key === 'active' && Boolean(a) === Boolean(b))) out[key] = [a, b];
  }
  return out;
}

/** Creates or edits one reader; a new reader gets the next card number of its kind. */
export async function saveReader(ctx: ServiceContext, input: ReaderSaveInput): Promise<ReaderDto> {
  const school = getSchool(ctx.sql);
  const stamp = ctx.now().toISOString();
  const className = input.kind === 'student' ? classNameOf(input.className) : '';
  if (input.kind === 'student' && !isClassName(className)) {
    throw new AppError('READER_CLASS', 'Hãy nhập lớp của học sinh, ví dụ 6A1.');
  }
  // A pupil heads no class; a teacher's lớp chủ nhiệm is written like a pupil's class (7A2), or left empty.
  const homeroom = input.kind === 'student' ? '' : input.homeroomClass === undefined ? undefined : classNameOf(input.homeroomClass);
  if (homeroom && !isClassName(homeroom)) {
    throw new AppError('READER_HOMEROOM', 'Lớp chủ nhiệm phải viết như lớp của học sinh, ví dụ 7A2 (để trống nếu thầy cô không chủ nhiệm lớp nào).');
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
  const sql = ctx.sql;
  const saved = transaction(sql, () => {
    const clash = readers.readerByCode(sql, input.code);
    if (clash && clash.id !== input.id) throw new AppError('READER_EXISTS', `Đã có bạn đọc mã ${input.code} (${clash.fullName}).`);
    const fields = {
      kind: input.kind, code: input.code, fullName: input.fullName, birthDate: input.birthDate, sex: input.sex, className,
      grade: input.kind === 'student' ? gradeOfClass(className) : null, department: input.kind === 'student' ? '' : input.department,
      position: input.position, subject: input.subject, phone: input.phone, active: input.active,
    };
    if (input.id) {
      const existing = readers.readerById(sql, input.id);
      if (!existing) throw new AppError('READER_NOT_FOUND', 'Không tìm thấy bạn đọc này.');
      readers.updateReader(sql, existing.id, { ...fields, searchText: readerSearchText({ ...existing, ...fields }) }, stamp);
      if (homeroom !== undefined) readers.setHomeroomClass(sql, existing.id, homeroom);
      if (photo !== undefined) readers.setReaderPhoto(sql, existing.id, photo);
      const after = readers.readerById(sql, existing.id)!;
      const changes = readerChanges(existing, after);
      if (photo !== undefined && photo !== existing.photo) changes.photo = [existing.photo ? 'có ảnh' : 'chưa có ảnh', photo ? 'ảnh mới' : 'xóa ảnh'];
      if (Object.keys(changes).length) {
        writeAudit(sql, { action: 'reader.update', entity: 'reader', entityId: existing.id, at: ctx.now(),
          details: { readerId: existing.id, card: after.cardNumber, name: after.fullName, changes } });
      }
      return after;
    }
    const [card] = nextCardNumbers(sql, cardPrefix(input.kind), 1);
    const id = readers.insertReader(sql, {
      ...fields, cardNumber: card, photo: photo ?? null, schoolYear: school.schoolYear,
      searchText: readerSearchText({ ...fields, cardNumber: card }),
    }, stamp);
    if (homeroom) readers.setHomeroomClass(sql, id, homeroom);
    writeAudit(sql, { action: 'reader.create', entity: 'reader', entityId: id, at: ctx.now(),
      details: { readerId: id, card, name: fields.fullName, code: fields.code, className: fields.className || fields.department } });
    return readers.readerById(sql, id)!;
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
