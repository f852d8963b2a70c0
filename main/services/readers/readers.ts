import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { ReaderDto, ReaderKind } from '../../../shared/contract/readers';
import { AppError } from '../../../shared/errors';
import { compareVi, fold } from '../../../shared/text';
import { Reader } from '../../db/entities';
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
