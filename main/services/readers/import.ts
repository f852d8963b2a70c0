import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { ImportResult, ImportRowError, ReaderKind } from '../../../shared/contract/readers';
import { parseDate } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { parseCount } from '../../../shared/numbers';
import { cleanText, compareVi, fold } from '../../../shared/text';
import { writeAudit } from '../../db/queries/audit';
import * as readerQueries from '../../db/queries/readers';
import { transaction } from '../../db/sql';
import type { ServiceContext } from '../context';
import { readerChanges as describeReaderChanges } from '../audit/describe';
import { getSchool } from '../settings/school';
import { cardPrefix, classNameOf, gradeOfClass, isClassName, nextCardNumbers, readerChanges, readerSearchText } from './readers';

/** A row of a class list after parsing and validation, ready to store. */
export interface ImportedReader {
  row: number;
  kind: ReaderKind;
  code: string;
  fullName: string;
  birthDate: string | null;
  sex: string;
  className: string;
  grade: number | null;
  department: string;
  position: string;
  subject: string;
  phone: string;
  /** A teacher's lớp chủ nhiệm; undefined when the list has no such column (the library's value is kept). */
  homeroomClass?: string;
}

export interface ImportOptions {
  /** Parse, validate and compare only: nothing is written. */
  dryRun?: boolean;
  /** How many rows the preview carries (default 20). */
  previewRows?: number;
}

type Field = 'code' | 'fullName' | 'birthDate' | 'sex' | 'className' | 'grade' | 'department' | 'position' | 'subject' | 'phone' | 'kind' | 'homeroomClass';

/** Column headers as schools' management systems (SMAS, vnEdu, CSDL ngành) export them, folded. */
const HEADERS: Record<string, Field> = {
  'ma hoc sinh': 'code', 'ma hs': 'code', 'ma giao vien': 'code', 'ma gv': 'code', 'ma can bo': 'code', 'ma nhan vien': 'code',
  'ma doc gia': 'code', 'ma ban doc': 'code', 'ma dinh danh': 'code', 'ma': 'code',
  'ho va ten': 'fullName', 'ho ten': 'fullName', 'ten hoc sinh': 'fullName', 'ho ten hoc sinh': 'fullName', 'ho va ten hoc sinh': 'fullName',
  'ngay sinh': 'birthDate', 'ngay thang nam sinh': 'birthDate',
  'gioi tinh': 'sex',
  'lop': 'className', 'ten lop': 'className',
  'khoi': 'grade',
  'to chuyen mon': 'department', 'to': 'department', 'bo phan': 'department', 'to bo mon': 'department',
  'chuc vu': 'position',
  'lop chu nhiem': 'homeroomClass', 'chu nhiem lop': 'homeroomClass', 'chu nhiem': 'homeroomClass', 'gvcn lop': 'homeroomClass',
  'mon day': 'subject', 'mon': 'subject',
  'dien thoai': 'phone', 'so dien thoai': 'phone', 'sdt': 'phone',
  'loai': 'kind', 'doi tuong': 'kind',
};

/** Non-teaching positions make a reader "staff" (nhân viên), not "teacher". */
const STAFF_POSITIONS = ['nhan vien', 'ke toan', 'van thu', 'thu quy', 'bao ve', 'thiet bi', 'y te', 'thu vien', 'phuc vu', 'tap vu'];

export function kindOfPosition(position: string, department: string): ReaderKind {
  const p = fold(position);
  if (p.includes('giao vien') || p.includes('hieu truong') || p.includes('to truong')) return 'teacher';
  if (STAFF_POSITIONS.some((s) => p.includes(s)) || fold(department) === 'van phong') return 'staff';
  return 'teacher';
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}-${String(value.getUTCDate()).padStart(2, '0')}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** Reads a .csv or .xlsx class list into header → text records (row numbers as a person sees them). */
export async function readTable(fileName: string, content: Buffer): Promise<{ headers: string[]; rows: { row: number; cells: string[] }[] }> {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.csv' || ext === '.txt') {
    const textContent = content.toString('utf8').replace(/^\uFEFF/, '');
    const parsed = Papa.parse<string[]>(textContent, { skipEmptyLines: false, delimitersToGuess: [',', ';', '\t'] });
    const data = parsed.data;
    const headers = (data[0] ?? []).map((h) => String(h));
    const rows = data.slice(1).map((cells, i) => ({ row: i + 2, cells: cells.map((c) => String(c ?? '')) }))
      .filter((r) => r.cells.some((c) => c.trim() !== ''));
    return { headers, rows };
  }
  if (ext === '.xlsx') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new AppError('IMPORT_UNREADABLE', `Không đọc được tệp Excel "${path.basename(fileName)}".`);
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new AppError('IMPORT_EMPTY', 'Tệp Excel không có trang tính nào.');
    const all: { row: number; cells: string[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(r.getCell(c).value));
      all.push({ row: rowNumber, cells });
    });
    // The header is the first row that names a code and a name column (lists often start with a title).
    const headerIndex = all.findIndex((r) => {
      const fields = r.cells.map((h) => HEADERS[fold(h)]);
      return fields.includes('code') && fields.includes('fullName');
    });
    if (headerIndex < 0) return { headers: all[0]?.cells ?? [], rows: [] };
    return { headers: all[headerIndex].cells, rows: all.slice(headerIndex + 1).filter((r) => r.cells.some((c) => c.trim() !== '')) };
  }
  throw new AppError('IMPORT_FORMAT', `Chỉ nhập được tệp .xlsx hoặc .csv (tệp đã chọn: ${path.basename(fileName)}).`);
}

/** Row-number columns ("STT") carry nothing to import and are not reported. */
const ROW_NUMBER_HEADERS = ['stt', 'tt', 'so thu tu'];

/** The headers of a class list that no field reads, as written in the file. */
export function unknownReaderColumns(headers: string[]): string[] {
  return headers.filter((h) => h.trim() !== '' && !HEADERS[fold(h)] && !ROW_NUMBER_HEADERS.includes(fold(h)));
}

/** Parses and validates the rows of a class list. Errors are per row, in Vietnamese. */
export function parseReaderRows(headers: string[], rows: { row: number; cells: string[] }[]): { readers: ImportedReader[]; errors: ImportRowError[] } {
  const fields = headers.map((h) => HEADERS[fold(h)] as Field | undefined);
  const errors: ImportRowError[] = [];
  if (!fields.includes('code')) errors.push({ row: 1, message: 'Thiếu cột mã (Mã học sinh hoặc Mã giáo viên).' });
  if (!fields.includes('fullName')) errors.push({ row: 1, message: 'Thiếu cột "Họ và tên".' });
  if (errors.length) return { readers: [], errors };
  const isStudentList = fields.includes('className') || headers.some((h) => fold(h) === 'ma hoc sinh');
  const readers: ImportedReader[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const get = (f: Field) => {
      const i = fields.indexOf(f);
      return i >= 0 ? cleanText(cells[i] ?? '') : '';
    };
    const problems: string[] = [];
    const code = get('code').replace(/\s+/g, '');
    const fullName = get('fullName');
    if (!code) problems.push('thiếu mã');
    if (!fullName) problems.push('thiếu họ và tên');
    const birthRaw = get('birthDate');
    const birthDate = birthRaw ? parseDate(birthRaw) : null;
    if (birthRaw && !birthDate) problems.push(`ngày sinh "${birthRaw}" không hợp lệ (cần dạng ngày/tháng/năm)`);
    const sexRaw = fold(get('sex'));
    const sex = sexRaw === 'nam' ? 'nam' : sexRaw === 'nu' ? 'nu' : '';
    if (sexRaw && !sex) problems.push(`giới tính "${get('sex')}" không rõ (Nam hoặc Nữ)`);
    const className = classNameOf(get('className'));
    const department = get('department');
    const position = get('position');
    const kindRaw = fold(get('kind'));
    let kind: ReaderKind;
    if (kindRaw) {
      kind = kindRaw.startsWith('hoc sinh') ? 'student' : kindRaw.startsWith('giao vien') ? 'teacher' : 'staff';
    } else {
      kind = isStudentList ? 'student' : kindOfPosition(position, department);
    }
    let grade: number | null = null;
    if (kind === 'student') {
      if (!className) problems.push('thiếu lớp');
      else if (!isClassName(className)) problems.push(`lớp "${get('className')}" không hợp lệ (ví dụ 6A1)`);
      else grade = gradeOfClass(className);
      const gradeRaw = get('grade');
      const gradeRead = parseCount(gradeRaw, 1, 12);
      if (!gradeRead.ok) problems.push(`khối "${gradeRaw}" không đọc được (${gradeRead.reason})`);
      else if (gradeRead.value !== null && grade !== null && gradeRead.value !== grade) problems.push(`khối ${gradeRaw} không khớp với lớp ${className}`);
    }
    // A teacher's lớp chủ nhiệm, written like a pupil's class; an empty cell means she heads none.
    let homeroomClass: string | undefined;
    if (fields.includes('homeroomClass') && kind !== 'student') {
      homeroomClass = classNameOf(get('homeroomClass'));
      if (homeroomClass && !isClassName(homeroomClass)) problems.push(`lớp chủ nhiệm "${get('homeroomClass')}" không hợp lệ (ví dụ 7A2)`);
    }
    if (code) {
      const earlier = seen.get(code);
      if (earlier !== undefined) problems.push(`mã ${code} trùng với dòng ${earlier}`);
      else seen.set(code, row);
    }
    if (problems.length) {
      errors.push({ row, message: `Dòng ${row}: ${problems.join('; ')}.` });
      continue;
    }
    readers.push({
      row, kind, code, fullName, birthDate, sex, className: kind === 'student' ? className : '', grade,
      department: kind === 'student' ? '' : department, position: kind === 'student' ? '' : position,
      subject: get('subject'), phone: get('phone'), homeroomClass,
    });
  }
  if (!errors.length && readers.length === 0) errors.push({ row: 1, message: 'Tệp không có dòng dữ liệu nào.' });
  return { readers, errors };
}

type Reader = readerQueries.ReaderRow;
const COMPARED: (keyof ImportedReader & keyof Reader)[] = ['kind', 'fullName', 'birthDate', 'sex', 'className', 'grade', 'department', 'position', 'subject', 'phone', 'homeroomClass'];

function changes(existing: Reader, incoming: ImportedReader): Partial<Reader> {
  const diff: Partial<Reader> = {};
  for (const key of COMPARED) {
    let value = incoming[key];
    // Columns the file does not have keep what the library already knows.
    // (A staff list has no "Giới tính" column: re-importing it must not blank what the reader form recorded.)
    if ((key === 'subject' || key === 'phone' || key === 'sex') && value === '') continue;
    if (key === 'homeroomClass' && value === undefined) continue;
    if (key === 'birthDate' && value === null) value = existing.birthDate;
    if (existing[key] !== value) (diff as Record<string, unknown>)[key] = value;
  }
  if (!existing.active) diff.active = true;
  return diff;
}

/** Imports (or previews) a class list from bytes. All-or-nothing: any row error writes nothing. */
export async function importReadersData(ctx: ServiceContext, fileName: string, content: Buffer, options: ImportOptions = {}): Promise<ImportResult> {
  const table = await readTable(fileName, content);
  const { readers, errors } = parseReaderRows(table.headers, table.rows);
  const school = getSchool(ctx.sql);
  const sql = ctx.sql;
  const existing = new Map(readerQueries.readersByCodes(sql, readers.map((r) => r.code)).map((r) => [r.code, r]));
  const plan = readers.map((r) => {
    const old = existing.get(r.code);
    const diff = old ? changes(old, r) : null;
    const action: 'create' | 'update' | 'unchanged' = !old ? 'create' : Object.keys(diff!).length ? 'update' : 'unchanged';
    return { r, old, diff, action };
  });
  const classes = [...new Set(readers.filter((r) => r.kind === 'student').map((r) => r.className))].sort(compareVi);
  const result: ImportResult = {
    total: readers.length,
    created: plan.filter((p) => p.action === 'create').length,
    updated: plan.filter((p) => p.action === 'update').length,
    unchanged: plan.filter((p) => p.action === 'unchanged').length,
    students: readers.filter((r) => r.kind === 'student').length,
    staff: readers.filter((r) => r.kind !== 'student').length,
    classes,
    errors,
    unknownColumns: unknownReaderColumns(table.headers),
    // An update says what it changes, in the words of the Nhật ký ("lớp 6A1 → 7A1; họ tên … → …").
    preview: plan.slice(0, options.previewRows ?? 20).map(({ r, old, diff, action }) => ({
      row: r.row, code: r.code, fullName: r.fullName, kind: r.kind, className: r.className, department: r.department, birthDate: r.birthDate, action,
      changes: old && diff ? describeReaderChanges(readerChanges(old, diff)) : '',
    })),
    written: false,
  };
  if (options.dryRun) return result;
  if (errors.length) {
    throw new AppError('IMPORT_INVALID', `Tệp có ${errors.length} dòng lỗi nên chưa nhập bạn đọc nào. Hãy sửa rồi nhập lại.`, errors);
  }
  const stamp = ctx.now().toISOString();
  transaction(sql, () => {
    const creates = plan.filter((p) => p.action === 'create');
    const byPrefix = new Map<string, typeof creates>();
    for (const p of creates) {
      const prefix = cardPrefix(p.r.kind);
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), p]);
    }
    for (const [prefix, list] of byPrefix) {
      const cards = nextCardNumbers(sql, prefix, list.length);
      list.forEach(({ r }, i) => {
        const id = readerQueries.insertReader(sql, {
          kind: r.kind, code: r.code, cardNumber: cards[i], fullName: r.fullName, birthDate: r.birthDate, sex: r.sex,
          className: r.className, grade: r.grade, department: r.department, position: r.position, subject: r.subject, phone: r.phone,
          searchText: readerSearchText({ fullName: r.fullName, code: r.code, cardNumber: cards[i], className: r.className, department: r.department }),
          schoolYear: school.schoolYear, active: true, photo: null,
        }, stamp);
        if (r.homeroomClass) readerQueries.setHomeroomClass(sql, id, r.homeroomClass);
      });
    }
    const updates = plan.filter((x) => x.action === 'update');
    for (const p of updates) {
      const merged = { ...p.old!, ...p.diff! };
      readerQueries.updateReader(sql, p.old!.id, { ...merged, searchText: readerSearchText(merged) }, stamp);
      if (p.diff!.homeroomClass !== undefined) readerQueries.setHomeroomClass(sql, p.old!.id, p.diff!.homeroomClass);
    }
    // One row for the whole list: how many came in, how many changed (and what, reader by reader).
    writeAudit(sql, { action: 'readers.import', entity: 'reader', at: ctx.now(), details: {
      file: path.basename(fileName), created: result.created, updated: result.updated, unchanged: result.unchanged, classes,
      changed: updates.map((p) => ({ code: p.old!.code, name: p.old!.fullName, changes: readerChanges(p.old!, p.diff!) })),
    } });
  });
  result.written = true;
  return result;
}

/**
 * Imports a class list (.xlsx or .csv) from a file path: students (Mã học sinh, Họ và tên, Ngày sinh,
 * Giới tính, Lớp) or staff (Mã giáo viên, Họ và tên, Tổ chuyên môn, Chức vụ, Lớp chủ nhiệm). Re-importing updates
 * readers by code, never duplicates; any row error writes nothing and throws AppError IMPORT_INVALID.
 */
export async function importReadersFile(ctx: ServiceContext, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  if (!fs.existsSync(file)) throw new AppError('IMPORT_NOT_FOUND', `Không tìm thấy tệp ${file}.`);
  return importReadersData(ctx, file, fs.readFileSync(file), options);
}
