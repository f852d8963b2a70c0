import type { Statement } from 'better-sqlite3';
import { prepared, type Sql } from '../sql';

export interface DigitalRow {
  id: number; titleId: number; title: string; volume: string; authors: string; name: string; kind: 'file' | 'link'; sha256: string | null;
  url: string | null; mime: string; size: number; fileName: string; form: string; subject: string; grade: number | null; access: string;
  note: string; createdAt: string; updatedAt: string; views: number;
}

export interface DigitalValues {
  titleId: number; name: string; kind: 'file' | 'link'; sha256: string | null; url: string | null; mime: string; size: number;
  fileName: string; form: string; subject: string; grade: number | null; access: string; note: string;
}
export type DigitalDescription = Pick<DigitalValues, 'name' | 'form' | 'subject' | 'grade' | 'access' | 'note' | 'url'>;

const RESOURCE = `SELECT r.id, r.title_id AS titleId, t.title, t.volume, t.authors, r.name, r.kind, r.sha256, r.url, r.mime, r.size,
    r.file_name AS fileName, r.form, r.subject, r.grade, r.access, r.note, r.created_at AS createdAt, r.updated_at AS updatedAt,
    COALESCE((SELECT SUM(v.views) FROM digital_view v WHERE v.resource_id = r.id), 0) AS views
  FROM digital_resource r JOIN title t ON t.id = r.title_id`;

const statements = (sql: Sql) => ({
  byId: sql.prepare(`${RESOURCE} WHERE r.id = ?`),
  ofTitle: sql.prepare(`${RESOURCE} WHERE r.title_id = ? ORDER BY r.id`),
  all: sql.prepare(`${RESOURCE} ORDER BY r.id DESC`),
  insert: sql.prepare(`INSERT INTO digital_resource (title_id, name, kind, sha256, url, mime, size, file_name, form, subject, grade, access, note, created_at, updated_at)
    VALUES (@titleId, @name, @kind, @sha256, @url, @mime, @size, @fileName, @form, @subject, @grade, @access, @note, @at, @at)`),
  update: sql.prepare(`UPDATE digital_resource SET name = @name, form = @form, subject = @subject, grade = @grade, access = @access, note = @note,
    url = @url, updated_at = @at WHERE id = @id`),
  remove: sql.prepare('DELETE FROM digital_resource WHERE id = ?'),
  usesOfBlob: sql.prepare('SELECT COUNT(*) AS n FROM digital_resource WHERE sha256 = ?'),
  addView: sql.prepare(`INSERT INTO digital_view (resource_id, month, views) VALUES (?, ?, ?)
    ON CONFLICT (resource_id, month) DO UPDATE SET views = views + excluded.views`),
  viewsByMonth: sql.prepare(`SELECT month, SUM(views) AS views FROM digital_view WHERE month >= ? AND month <= ? GROUP BY month ORDER BY month`),
  viewsByResource: sql.prepare(`SELECT v.resource_id AS id, SUM(v.views) AS views, r.name, r.form, r.mime, t.title
    FROM digital_view v LEFT JOIN digital_resource r ON r.id = v.resource_id LEFT JOIN title t ON t.id = r.title_id
    WHERE v.month >= ? AND v.month <= ? GROUP BY v.resource_id ORDER BY views DESC, v.resource_id LIMIT ?`),
  viewsTotal: sql.prepare('SELECT COALESCE(SUM(views), 0) AS n FROM digital_view'),
  viewsBetween: sql.prepare('SELECT COALESCE(SUM(views), 0) AS n FROM digital_view WHERE month >= ? AND month <= ?'),
  resourceCount: sql.prepare('SELECT COUNT(*) AS n FROM digital_resource'),
  byForm: sql.prepare(`SELECT form, COUNT(*) AS resources, SUM(CASE WHEN kind = 'file' THEN 1 ELSE 0 END) AS files, COALESCE(SUM(size), 0) AS bytes,
      COALESCE(SUM((SELECT SUM(v.views) FROM digital_view v WHERE v.resource_id = r.id AND v.month >= ? AND v.month <= ?)), 0) AS views
    FROM digital_resource r GROUP BY form ORDER BY form`),
  titlesWithResources: sql.prepare('SELECT COUNT(DISTINCT title_id) AS n FROM digital_resource'),
  titlesByName: sql.prepare('SELECT id, title, volume, authors FROM title WHERE title = ? ORDER BY id'),
  titleNames: sql.prepare('SELECT id, title, volume, authors FROM title ORDER BY id'),
});
const q = (sql: Sql) => prepared(sql, statements);
const n = (row: unknown) => Number((row as { n: number | null }).n ?? 0);

export function digitalById(sql: Sql, id: number): DigitalRow | undefined {
  return q(sql).byId.get(id) as DigitalRow | undefined;
}

export interface TitleFileRow { id: number; titleId: number; mime: string; size: number; access: string }
/** One statement per number of titles (a bounded cache). */
const filesByCount = () => new Map<number, Statement>();

/** The stored files (not links) of these titles, in one query: per title, oldest first (the order of `digitalOfTitle`). */
export function filesOfTitles(sql: Sql, titleIds: number[]): TitleFileRow[] {
  if (titleIds.length === 0) return [];
  const cache = prepared(sql, filesByCount);
  let s = cache.get(titleIds.length);
  if (!s) {
    s = sql.prepare(`SELECT r.id, r.title_id AS titleId, r.mime, r.size, r.access FROM digital_resource r
      WHERE r.kind = 'file' AND r.title_id IN (${Array(titleIds.length).fill('?').join(',')}) ORDER BY r.title_id, r.id`);
    if (cache.size < 100) cache.set(titleIds.length, s);
  }
  return s.all(...titleIds) as TitleFileRow[];
}

export function digitalOfTitle(sql: Sql, titleId: number): DigitalRow[] {
  return q(sql).ofTitle.all(titleId) as DigitalRow[];
}

/** Every resource, newest first (a school holds hundreds, not millions: filtering happens in the service). */
export function allDigital(sql: Sql): DigitalRow[] {
  return q(sql).all.all() as DigitalRow[];
}

export function insertDigital(sql: Sql, v: DigitalValues, at: string): number {
  return Number(q(sql).insert.run({ ...v, at }).lastInsertRowid);
}

export function updateDigital(sql: Sql, id: number, d: DigitalDescription, at: string): void {
  q(sql).update.run({ ...d, id, at });
}

export function deleteDigital(sql: Sql, id: number): void {
  q(sql).remove.run(id);
}

/** How many resources use the stored content with this hash. */
export function blobUses(sql: Sql, sha256: string): number {
  return n(q(sql).usesOfBlob.get(sha256));
}

/** `n` more views (one by default) of the resource in the month ("2026-11"). */
export function addDigitalView(sql: Sql, resourceId: number, month: string, n = 1): void {
  q(sql).addView.run(resourceId, month, n);
}

/** Views per month between two months ("2026-08" … "2027-07"), inclusive. */
export function digitalViewsByMonth(sql: Sql, fromMonth: string, toMonth: string): { month: string; views: number }[] {
  return q(sql).viewsByMonth.all(fromMonth, toMonth) as { month: string; views: number }[];
}

/** The most viewed resources between two months; name/title null when the resource was removed since. */
export function digitalViewsByResource(sql: Sql, fromMonth: string, toMonth: string, limit: number) {
  return q(sql).viewsByResource.all(fromMonth, toMonth, limit) as { id: number; views: number; name: string | null; form: string | null; mime: string | null; title: string | null }[];
}

export const digitalViewsTotal = (sql: Sql) => n(q(sql).viewsTotal.get());
export const digitalViewsBetween = (sql: Sql, fromMonth: string, toMonth: string) => n(q(sql).viewsBetween.get(fromMonth, toMonth));
export const digitalResourceCount = (sql: Sql) => n(q(sql).resourceCount.get());
export const titlesWithDigital = (sql: Sql) => n(q(sql).titlesWithResources.get());

/** Resources (files among them), stored bytes and views (between two months) per form. */
export function digitalByForm(sql: Sql, fromMonth: string, toMonth: string): { form: string; resources: number; files: number; bytes: number; views: number }[] {
  return q(sql).byForm.all(fromMonth, toMonth) as { form: string; resources: number; files: number; bytes: number; views: number }[];
}

/** Titles whose name is exactly this one, for the CLI's --title. */
export function titlesNamed(sql: Sql, title: string): { id: number; title: string; volume: string; authors: string }[] {
  return q(sql).titlesByName.all(title) as { id: number; title: string; volume: string; authors: string }[];
}

/** Every title's name (the CLI's --title, compared folded when no exact name matches). */
export function allTitleNames(sql: Sql): { id: number; title: string; volume: string; authors: string }[] {
  return q(sql).titleNames.all() as { id: number; title: string; volume: string; authors: string }[];
}
