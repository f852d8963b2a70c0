import { prepared, type Sql } from '../sql';

/**
 * Readers (bạn đọc) and the school-year rollover: data access only. Datetime columns are written as
 * TypeORM wrote them ("YYYY-MM-DD HH:MM:SS.sss", UTC), so rows read the same whoever wrote them.
 */

/** A reader as stored; `active` read back as a boolean and `cardIssuedAt` as an ISO time. */
export interface ReaderRow {
  id: number; kind: string; code: string; cardNumber: string; fullName: string; searchText: string; birthDate: string | null;
  sex: string; className: string; grade: number | null; department: string; position: string; subject: string; phone: string;
  schoolYear: string; firstSchoolYear: string; active: boolean; photo: string | null; cardIssuedAt: string | null;
  /** Lớp chủ nhiệm of a teacher ('' for none). */
  homeroomClass: string;
}

/** What a save or an import writes on an existing reader. */
export interface ReaderFields {
  kind: string; code: string; fullName: string; birthDate: string | null; sex: string; className: string; grade: number | null;
  department: string; position: string; subject: string; phone: string; active: boolean; searchText: string;
}

/** A new reader: its fields, its card and the school year it is registered in. */
export interface NewReader extends ReaderFields {
  cardNumber: string; photo: string | null; schoolYear: string;
}

export interface ClassCount { className: string; grade: number | null; students: number }
export interface DepartmentCount { department: string; readers: number }

export interface ReaderFilter {
  /** Folded words that must all appear in the search text. */
  words: string[]; kind: string | null; className: string | null; active: boolean | null;
}

/** An open loan of a reader (for the rollover preview). */
export interface OpenLoanRow {
  readerId: number; fullName: string; className: string; cardNumber: string; accessionCode: string; title: string; volume: string; dueAt: string;
}

/** The reader columns a rollover changes, exactly as stored (kept for the undo). */
export interface ReaderBefore {
  id: number; className: string; grade: number | null; active: number; schoolYear: string;
  cardIssuedAt: string | null; updatedAt: string; searchText: string;
}

export interface RolloverRow {
  id: number; fromYear: string; toYear: string; at: string; settingsBefore: string | null; readersBefore: string; undoneAt: string | null;
  /** JSON array of the account ids the rollover disabled. */
  accountsDisabled: string;
}

const READER = `SELECT id, kind, code, card_number AS cardNumber, full_name AS fullName, search_text AS searchText, birth_date AS birthDate,
  sex, class_name AS className, grade, department, position, subject, phone, school_year AS schoolYear,
  first_school_year AS firstSchoolYear, active, photo, card_issued_at AS cardIssuedAt, homeroom_class AS homeroomClass FROM reader`;

const statements = (sql: Sql) => ({
  byId: sql.prepare(`${READER} WHERE id = ?`),
  byCode: sql.prepare(`${READER} WHERE code = ?`),
  byCodes: sql.prepare(`${READER} WHERE code IN (SELECT value FROM json_each(?))`),
  // Every word must appear in the folded search text (LIKE with \ escaping %, _ and \ in the word).
  search: sql.prepare(`${READER} r
    WHERE NOT EXISTS (SELECT 1 FROM json_each(@words) w WHERE r.search_text NOT LIKE '%' || w.value || '%' ESCAPE '\\')
      AND (@kind IS NULL OR r.kind = @kind) AND (@className IS NULL OR r.class_name = @className)
      AND (@active IS NULL OR r.active = @active)
    ORDER BY r.kind DESC, r.class_name, r.id`),
  classes: sql.prepare(`SELECT class_name AS className, grade, COUNT(*) AS students FROM reader
    WHERE kind = 'student' AND active = 1 AND class_name <> '' GROUP BY class_name, grade`),
  departments: sql.prepare(`SELECT department, COUNT(*) AS readers FROM reader WHERE kind <> 'student' AND active = 1 GROUP BY department`),
  maxCard: sql.prepare(`SELECT MAX(CAST(substr(card_number, length(@prefix) + 1) AS INTEGER)) AS n FROM reader
    WHERE card_number GLOB @prefix || '[0-9]*'`),
  insert: sql.prepare(`INSERT INTO reader (kind, code, card_number, full_name, search_text, birth_date, sex, class_name, grade, department,
      position, subject, phone, school_year, first_school_year, active, photo, card_issued_at, created_at, updated_at)
    VALUES (@kind, @code, @cardNumber, @fullName, @searchText, @birthDate, @sex, @className, @grade, @department,
      @position, @subject, @phone, @schoolYear, @schoolYear, @active, @photo, @at, @at, @at)`),
  update: sql.prepare(`UPDATE reader SET kind = @kind, code = @code, full_name = @fullName, search_text = @searchText, birth_date = @birthDate,
    sex = @sex, class_name = @className, grade = @grade, department = @department, position = @position, subject = @subject,
    phone = @phone, active = @active, updated_at = @at WHERE id = @id`),
  setPhoto: sql.prepare('UPDATE reader SET photo = ? WHERE id = ?'),
  setHomeroom: sql.prepare('UPDATE reader SET homeroom_class = ? WHERE id = ?'),
  // Rollover
  activeReaders: sql.prepare(`${READER} WHERE active = 1 ORDER BY id`),
  openLoans: sql.prepare(`SELECT r.id AS readerId, r.full_name AS fullName, r.class_name AS className, r.card_number AS cardNumber,
      c.accession_code AS accessionCode, t.title AS title, t.volume AS volume, l.due_at AS dueAt
    FROM loan l JOIN reader r ON r.id = l.reader_id JOIN copy c ON c.id = l.copy_id JOIN title t ON t.id = c.title_id
    WHERE l.returned_at IS NULL AND l.lost_at IS NULL AND l.reader_id IN (SELECT value FROM json_each(?))`),
  countActive: sql.prepare('SELECT COUNT(*) AS n FROM reader WHERE active = 1'),
  countPending: sql.prepare('SELECT COUNT(*) AS n FROM reader WHERE active = 1 AND school_year <> ?'),
  before: sql.prepare(`SELECT id, class_name AS className, grade, active, school_year AS schoolYear, card_issued_at AS cardIssuedAt,
      updated_at AS updatedAt, search_text AS searchText
    FROM reader WHERE active = 1 AND school_year <> ? ORDER BY id`),
  deactivate: sql.prepare('UPDATE reader SET active = 0, updated_at = ? WHERE id = ?'),
  promote: sql.prepare('UPDATE reader SET class_name = ?, grade = ?, search_text = ?, updated_at = ? WHERE id = ?'),
  reissue: sql.prepare('UPDATE reader SET school_year = @to, card_issued_at = @at, updated_at = @at WHERE active = 1 AND school_year <> @to'),
  restore: sql.prepare(`UPDATE reader SET class_name = @className, grade = @grade, active = @active, school_year = @schoolYear,
    card_issued_at = @cardIssuedAt, updated_at = @updatedAt, search_text = @searchText WHERE id = @id`),
  lastRollover: sql.prepare(`SELECT id, from_year AS fromYear, to_year AS toYear, at, settings_before AS settingsBefore,
    readers_before AS readersBefore, undone_at AS undoneAt, accounts_disabled AS accountsDisabled FROM rollover ORDER BY id DESC LIMIT 1`),
  insertRollover: sql.prepare(`INSERT INTO rollover (from_year, to_year, at, readers_before, settings_before, undone_at, accounts_disabled)
    VALUES (@fromYear, @toYear, @at, @readersBefore, @settingsBefore, NULL, @accountsDisabled)`),
  markUndone: sql.prepare('UPDATE rollover SET undone_at = ? WHERE id = ?'),
});
const q = (sql: Sql) => prepared(sql, statements);

/** The text TypeORM writes into a `datetime` column for this ISO time. */
const datetime = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');

/** A stored `datetime` read back as an ISO time (TypeORM's text is UTC without a zone). */
export function isoOfDatetime(text: string | null): string | null {
  if (!text) return null;
  const d = new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

type StoredReader = Omit<ReaderRow, 'active'> & { active: number };
const readerOf = (r: StoredReader): ReaderRow => ({ ...r, active: !!r.active, cardIssuedAt: isoOfDatetime(r.cardIssuedAt) });

export function readerById(sql: Sql, id: number): ReaderRow | undefined {
  const row = q(sql).byId.get(id) as StoredReader | undefined;
  return row && readerOf(row);
}

export function readerByCode(sql: Sql, code: string): ReaderRow | undefined {
  const row = q(sql).byCode.get(code) as StoredReader | undefined;
  return row && readerOf(row);
}

export function readersByCodes(sql: Sql, codes: string[]): ReaderRow[] {
  return codes.length ? (q(sql).byCodes.all(JSON.stringify(codes)) as StoredReader[]).map(readerOf) : [];
}

/** Readers matching the filter, by kind (students first), class, id. */
export function searchReaders(sql: Sql, filter: ReaderFilter): ReaderRow[] {
  const words = filter.words.map((w) => w.replace(/[\\%_]/g, (c) => '\\' + c));
  return (q(sql).search.all({
    words: JSON.stringify(words), kind: filter.kind, className: filter.className, active: filter.active === null ? null : filter.active ? 1 : 0,
  }) as StoredReader[]).map(readerOf);
}

/** Active students per class (classes with a name only). */
export function classCounts(sql: Sql): ClassCount[] {
  return q(sql).classes.all() as ClassCount[];
}

/** Active teachers and staff per department. */
export function departmentCounts(sql: Sql): DepartmentCount[] {
  return q(sql).departments.all() as DepartmentCount[];
}

/** The highest number of a card with this prefix (0 when none). */
export function maxCardNumber(sql: Sql, prefix: string): number {
  return Number((q(sql).maxCard.get({ prefix }) as { n: number | null }).n ?? 0);
}

export function insertReader(sql: Sql, reader: NewReader, at: string): number {
  return Number(q(sql).insert.run({ ...reader, active: reader.active ? 1 : 0, at: datetime(at) }).lastInsertRowid);
}

export function updateReader(sql: Sql, id: number, fields: ReaderFields, at: string): void {
  q(sql).update.run({ ...fields, active: fields.active ? 1 : 0, at: datetime(at), id });
}

export function setReaderPhoto(sql: Sql, id: number, photo: string | null): void {
  q(sql).setPhoto.run(photo, id);
}

/** Sets a teacher's lớp chủ nhiệm (the reader form only: a list import leaves it as it is). */
export function setHomeroomClass(sql: Sql, id: number, className: string): void {
  q(sql).setHomeroom.run(className, id);
}

// ---- School-year rollover ----

export function activeReaders(sql: Sql): ReaderRow[] {
  return (q(sql).activeReaders.all() as StoredReader[]).map(readerOf);
}

/** Loans still out (neither returned nor lost) of these readers. */
export function openLoansOf(sql: Sql, readerIds: number[]): OpenLoanRow[] {
  return readerIds.length ? q(sql).openLoans.all(JSON.stringify(readerIds)) as OpenLoanRow[] : [];
}

/** How many readers are active, and how many of them are not yet in `schoolYear`. */
export function activeReaderCounts(sql: Sql, schoolYear: string): { active: number; pending: number } {
  const s = q(sql);
  return {
    active: Number((s.countActive.get() as { n: number }).n),
    pending: Number((s.countPending.get(schoolYear) as { n: number }).n),
  };
}

/** The columns a rollover to `schoolYear` will change, for every active reader not yet in it. */
export function readersBeforeRollover(sql: Sql, schoolYear: string): ReaderBefore[] {
  return q(sql).before.all(schoolYear) as ReaderBefore[];
}

export function deactivateReader(sql: Sql, id: number, at: string): void {
  q(sql).deactivate.run(datetime(at), id);
}

export function promoteReader(sql: Sql, id: number, className: string, grade: number, searchText: string, at: string): void {
  q(sql).promote.run(className, grade, searchText, datetime(at), id);
}

/** Re-issues the card of every active reader not yet in `to`; returns how many. */
export function reissueCards(sql: Sql, to: string, at: string): number {
  return q(sql).reissue.run({ to, at: datetime(at) }).changes;
}

/** Puts back the columns of a reader exactly as they were stored. */
export function restoreReader(sql: Sql, before: ReaderBefore): void {
  q(sql).restore.run(before);
}

/** The most recent rollover record, undone or not. */
export function lastRolloverRow(sql: Sql): RolloverRow | undefined {
  return q(sql).lastRollover.get() as RolloverRow | undefined;
}

export function insertRollover(sql: Sql, record: { fromYear: string; toYear: string; readersBefore: string; settingsBefore: string | null; accountsDisabled: string }, at: string): number {
  return Number(q(sql).insertRollover.run({ ...record, at: datetime(at) }).lastInsertRowid);
}

export function markRolloverUndone(sql: Sql, id: number, at: string): void {
  q(sql).markUndone.run(datetime(at), id);
}

/** A teacher's or staff member's OPAC PIN (hashed) and its wrong tries. */
export interface PinRow { readerId: number; hash: string; salt: string; failedTries: number; lockedUntil: string | null; failuresAt: string | null }
/** A reader who may sign in to the OPAC (teacher or staff, active). Only the id leaves this module's callers. */
export interface StaffCardRow { id: number; kind: string; active: number }

const pinStatements = (sql: Sql) => ({
  staffCard: sql.prepare(`SELECT id, kind, active FROM reader WHERE card_number = ? AND kind IN ('teacher', 'staff')`),
  staffById: sql.prepare(`SELECT id, kind, active FROM reader WHERE id = ?`),
  pin: sql.prepare(`SELECT reader_id AS readerId, hash, salt, failed_tries AS failedTries, locked_until AS lockedUntil, failures_at AS failuresAt
    FROM reader_pin WHERE reader_id = ?`),
  putPin: sql.prepare(`INSERT INTO reader_pin (reader_id, hash, salt, failed_tries, locked_until, updated_at) VALUES (?, ?, ?, 0, NULL, ?)
    ON CONFLICT (reader_id) DO UPDATE SET hash = excluded.hash, salt = excluded.salt, failed_tries = 0, locked_until = NULL, failures_at = NULL,
    updated_at = excluded.updated_at`),
  deletePin: sql.prepare('DELETE FROM reader_pin WHERE reader_id = ?'),
  pinFailure: sql.prepare('UPDATE reader_pin SET failed_tries = ?, failures_at = ?, locked_until = ? WHERE reader_id = ?'),
});
const pins = (sql: Sql) => prepared(sql, pinStatements);

export function staffByCard(sql: Sql, cardNumber: string): StaffCardRow | undefined {
  return pins(sql).staffCard.get(cardNumber) as StaffCardRow | undefined;
}

export function readerKindById(sql: Sql, id: number): StaffCardRow | undefined {
  return pins(sql).staffById.get(id) as StaffCardRow | undefined;
}

export function pinOf(sql: Sql, readerId: number): PinRow | undefined {
  return pins(sql).pin.get(readerId) as PinRow | undefined;
}

/** Stores a new PIN hash and salt; a reset clears the wrong tries and the lock. */
export function putPin(sql: Sql, readerId: number, hash: string, salt: string, at: string): void {
  pins(sql).putPin.run(readerId, hash, salt, at);
}

export function deletePin(sql: Sql, readerId: number): boolean {
  return pins(sql).deletePin.run(readerId).changes > 0;
}

/** The card's decaying count of wrong PINs, since when it decays, and until when the ceiling locks it. */
export function setPinFailures(sql: Sql, readerId: number, failedTries: number, failuresAt: string | null, lockedUntil: string | null): void {
  pins(sql).pinFailure.run(failedTries, failuresAt, lockedUntil, readerId);
}
