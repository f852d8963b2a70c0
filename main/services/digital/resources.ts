/**
 * Tài liệu số of a đầu sách: add (a file by content hash, or a link), describe, remove (audited; the blob
 * goes with its last use), list with an access filter, count views, and open a file's bytes (whole or a
 * byte range) for whichever transport serves them: the desk's HTTP transport, the OPAC listener, or the
 * desktop app's own scheme. See docs/domain.md, "Thư viện số".
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { detectFileType, type DetectedType } from '../../../shared/file-type';
import { AppError } from '../../../shared/errors';
import { fold, cleanText } from '../../../shared/text';
import { todayIso } from '../../../shared/dates';
import { digitalAccessLevels, digitalForms, type DigitalAccess, type DigitalForm, type DigitalResourceDto } from '../../../shared/contract/digital';
import { titleById } from '../../db/queries/catalogue';
import * as q from '../../db/queries/digital';
import { writeAudit } from '../../db/queries/audit';
import { transaction, type Sql } from '../../db/sql';
import type { JobHandle, ServiceContext } from '../context';
import { getSetting, putSetting } from '../settings/store';
import { blobPath, DEFAULT_MAX_BYTES, discardUpload, hashFile, settleBlob, uploadMeta, type Hashed } from './store';

const SETTINGS_KEY = 'digital.settings';

export async function digitalMaxBytes(sql: Sql): Promise<number> {
  const s = getSetting<{ maxBytes?: number }>(sql, SETTINGS_KEY, {});
  return s.maxBytes && s.maxBytes > 0 ? s.maxBytes : DEFAULT_MAX_BYTES;
}

export async function saveDigitalMaxBytes(ctx: ServiceContext, maxBytes: number): Promise<number> {
  const before = await digitalMaxBytes(ctx.sql);
  const sql = ctx.sql;
  putSetting(ctx.sql, SETTINGS_KEY, { maxBytes }, ctx.now());
  writeAudit(sql, { action: 'digital.settings', entity: 'setting', details: { before: { maxBytes: before }, after: { maxBytes } }, at: ctx.now() });
  return maxBytes;
}

/** The type of a file's first bytes, or the Vietnamese reason it is refused (nothing is stored then). */
export function requireAllowedType(head: Uint8Array): DetectedType {
  const d = detectFileType(head);
  if (!d.ok) throw new AppError('FILE_TYPE_REFUSED', `Không nhận tệp này: ${d.message}`);
  return d.type;
}

const FORM_OF_KIND: Record<DetectedType['kind'], DigitalForm> = { pdf: 'ebook', epub: 'ebook', audio: 'audiobook', video: 'video', image: 'image' };

export function toDto(r: q.DigitalRow): DigitalResourceDto {
  const typeLabel = r.kind === 'link' ? 'Liên kết' : (detectLabel(r.mime) ?? r.mime);
  return {
    id: r.id, titleId: r.titleId, title: r.volume ? `${r.title}. ${r.volume}` : r.title, authors: r.authors, name: r.name, kind: r.kind,
    url: r.url, mime: r.mime, typeLabel, size: r.size, fileName: r.fileName, form: r.form as DigitalForm, subject: r.subject, grade: r.grade,
    access: r.access as DigitalAccess, note: r.note, createdAt: r.createdAt, updatedAt: r.updatedAt, views: r.views,
  };
}

const LABEL_OF_MIME: Record<string, string> = {
  'application/pdf': 'PDF', 'application/epub+zip': 'EPUB', 'audio/mpeg': 'MP3', 'audio/mp4': 'M4A', 'audio/ogg': 'OGG', 'video/ogg': 'OGG',
  'video/mp4': 'MP4', 'video/webm': 'WebM', 'image/png': 'PNG', 'image/jpeg': 'JPEG',
};
const detectLabel = (mime: string): string | undefined => LABEL_OF_MIME[mime];

function requireTitle(sql: Sql, titleId: number) {
  const t = titleById(sql, titleId);
  if (!t) throw new AppError('NOT_FOUND', 'Không tìm thấy đầu sách này.');
  return t;
}

function requireResource(sql: Sql, id: number): q.DigitalRow {
  const r = q.digitalById(sql, id);
  if (!r) throw new AppError('NOT_FOUND', 'Không tìm thấy tài liệu số này (có thể đã bị gỡ).');
  return r;
}

export interface Description {
  name: string;
  form?: DigitalForm;
  subject: string;
  grade: number | null;
  access: DigitalAccess;
  note: string;
}

function cleanDescription(d: Description) {
  return { name: cleanText(d.name), subject: cleanText(d.subject), grade: d.grade, access: d.access, note: d.note.normalize('NFC').trim() };
}

/** The resource's default name: the file's name without its extension. */
function nameFromFile(fileName: string): string {
  return cleanText(path.basename(fileName).replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[_]+/g, ' ')).slice(0, 300);
}

/**
 * Stores a file on a title. `source` is a path (the CLI; copied) or a finished upload (already in the data
 * folder; hashed in place). Refused, storing nothing, when the content is not an allowed type or too large.
 * Runs on the worker thread in the app (OFFLOADED_METHODS), reporting progress on `job`.
 */
export async function addDigitalFile(
  ctx: ServiceContext,
  input: { titleId: number; source: { path: string } | { uploadId: string } } & Description,
  job?: JobHandle,
): Promise<DigitalResourceDto> {
  const sql = ctx.sql;
  requireTitle(sql, input.titleId);
  const maxBytes = await digitalMaxBytes(ctx.sql);
  let sourcePath: string, fileName: string, copy: boolean;
  if ('path' in input.source) {
    sourcePath = path.resolve(input.source.path);
    if (!fs.existsSync(sourcePath) || !fs.statSync(sourcePath).isFile()) throw new AppError('FILE_NOT_FOUND', `Không tìm thấy tệp "${input.source.path}".`);
    fileName = path.basename(sourcePath);
    copy = true;
  } else {
    const m = uploadMeta(ctx.dataDir, input.source.uploadId);
    if (m.received !== m.size) throw new AppError('UPLOAD_INCOMPLETE', `Tệp "${m.fileName}" chưa tải lên xong; hãy thử lại.`);
    sourcePath = m.part;
    fileName = m.fileName;
    copy = false;
  }
  const discard = () => ('uploadId' in input.source ? discardUpload(ctx.dataDir, input.source.uploadId) : undefined);
  let hashed: Hashed;
  let type: DetectedType;
  try {
    const fd = fs.openSync(sourcePath, 'r');
    const head = Buffer.alloc(4096);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    requireAllowedType(head.subarray(0, n));
    hashed = await hashFile(ctx.dataDir, sourcePath, { copy, job, maxBytes });
    // What is stored is what was hashed: checked again on those very bytes.
    type = requireAllowedType(hashed.head);
  } catch (error) {
    discard();
    throw error;
  }
  const d = cleanDescription(input);
  const values: q.DigitalValues = {
    titleId: input.titleId, name: d.name || nameFromFile(fileName), kind: 'file', sha256: hashed.sha256, url: null, mime: type.mime,
    size: hashed.size, fileName: fileName.normalize('NFC'), form: input.form ?? FORM_OF_KIND[type.kind], subject: d.subject, grade: d.grade,
    access: d.access, note: d.note,
  };
  let id: number;
  try {
    id = transaction(sql, () => {
      const newId = q.insertDigital(sql, values, ctx.now().toISOString());
      writeAudit(sql, { action: 'digital.add', entity: 'digital_resource', entityId: newId, details: { after: values }, at: ctx.now() });
      return newId;
    });
  } catch (error) {
    if (copy) fs.rmSync(hashed.temp, { force: true });
    discard();
    throw error;
  }
  settleBlob(ctx.dataDir, hashed);
  if ('uploadId' in input.source) discardUpload(ctx.dataDir, input.source.uploadId);
  return toDto(q.digitalById(sql, id)!);
}

/** An external link (http/https, checked by the contract) on a title. */
export function addDigitalLink(ctx: ServiceContext, input: { titleId: number; url: string } & Description): DigitalResourceDto {
  const sql = ctx.sql;
  requireTitle(sql, input.titleId);
  const d = cleanDescription(input);
  const values: q.DigitalValues = {
    titleId: input.titleId, name: d.name || new URL(input.url).hostname, kind: 'link', sha256: null, url: input.url, mime: '', size: 0, fileName: '',
    form: input.form ?? 'link', subject: d.subject, grade: d.grade, access: d.access, note: d.note,
  };
  return transaction(sql, () => {
    const id = q.insertDigital(sql, values, ctx.now().toISOString());
    writeAudit(sql, { action: 'digital.add', entity: 'digital_resource', entityId: id, details: { after: values }, at: ctx.now() });
    return toDto(q.digitalById(sql, id)!);
  });
}

export function updateDigitalResource(ctx: ServiceContext, id: number, input: Description & { form: DigitalForm; url?: string }): DigitalResourceDto {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const before = requireResource(sql, id);
    if (input.url && before.kind !== 'link') throw new AppError('NOT_A_LINK', 'Tài liệu này là tệp, không đổi thành liên kết được; hãy gỡ và thêm lại.');
    const d = cleanDescription(input);
    const after = { ...d, name: d.name || before.name, form: input.form, url: before.kind === 'link' ? input.url ?? before.url : null };
    q.updateDigital(sql, id, after, ctx.now().toISOString());
    writeAudit(sql, {
      action: 'digital.update', entity: 'digital_resource', entityId: id, at: ctx.now(),
      details: { before: { name: before.name, form: before.form, subject: before.subject, grade: before.grade, access: before.access, note: before.note, url: before.url }, after },
    });
    return toDto(q.digitalById(sql, id)!);
  });
}

/**
 * Removes a resource, audited. Its blob is deleted when no other resource has the same content, inside
 * the same transaction (so an add of the same content committed after it puts the blob back, see settleBlob).
 */
export function removeDigitalResource(ctx: ServiceContext, id: number): { fileDeleted: boolean } {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const before = requireResource(sql, id);
    q.deleteDigital(sql, id);
    writeAudit(sql, { action: 'digital.remove', entity: 'digital_resource', entityId: id, details: { before: { ...before, views: undefined } }, at: ctx.now() });
    if (before.kind !== 'file' || !before.sha256 || q.blobUses(sql, before.sha256) > 0) return { fileDeleted: false };
    fs.rmSync(blobPath(ctx.dataDir, before.sha256), { force: true });
    return { fileDeleted: true };
  });
}

export function getDigitalResource(ctx: ServiceContext, id: number): DigitalResourceDto {
  return toDto(requireResource(ctx.sql, id));
}

export interface DigitalFilter {
  titleId?: number;
  q?: string;
  form?: DigitalForm;
  access?: DigitalAccess;
}

export function listDigital(ctx: ServiceContext, filter: DigitalFilter = {}): DigitalResourceDto[] {
  const sql = ctx.sql;
  const rows = filter.titleId ? q.digitalOfTitle(sql, filter.titleId) : q.allDigital(sql);
  const words = fold(filter.q ?? '').split(/\s+/).filter(Boolean);
  return rows
    .filter((r) => (!filter.form || r.form === filter.form) && (!filter.access || r.access === filter.access))
    .filter((r) => {
      if (!words.length) return true;
      const hay = fold(`${r.title} ${r.volume} ${r.authors} ${r.name} ${r.subject} ${r.fileName}`);
      return words.every((w) => hay.includes(w));
    })
    .map(toDto);
}

/**
 * For the OPAC: a title's resources that a visitor with these access levels may open, in the order
 * they were added. A guest passes ['public'], a signed-in teacher ['public', 'staff']; 'library' is
 * for the desktop app only.
 */
export function listResourcesOfTitle(ctx: ServiceContext, titleId: number, allowed: readonly DigitalAccess[]): DigitalResourceDto[] {
  return q.digitalOfTitle(ctx.sql, titleId).filter((r) => allowed.includes(r.access as DigitalAccess)).map(toDto);
}

/** The stored files of several titles that these access levels may open, in one query (the OPAC's result lists). */
export function filesOfTitles(sql: Sql, titleIds: number[], allowed: readonly DigitalAccess[]): Map<number, { id: number; mime: string; size: number }[]> {
  const out = new Map<number, { id: number; mime: string; size: number }[]>();
  for (const r of q.filesOfTitles(sql, titleIds)) {
    if (!allowed.includes(r.access as DigitalAccess)) continue;
    const list = out.get(r.titleId) ?? [];
    list.push({ id: r.id, mime: r.mime, size: r.size });
    out.set(r.titleId, list);
  }
  return out;
}

/** Counts one view of the resource in the current month (local time). */
export function recordView(ctx: ServiceContext, id: number): void {
  const sql = ctx.sql;
  requireResource(sql, id);
  q.addDigitalView(sql, id, todayIso(ctx.now()).slice(0, 7));
}

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

export interface ResourceStream {
  /** The stored, detected Content-Type. */
  type: string;
  /** The whole file's size in bytes. */
  size: number;
  /** The range served (inclusive), or null for the whole file. */
  range: ByteRange | null;
  stream: Readable;
  /** For Content-Disposition: the name the file was added under, and whether browsers should show it inline. */
  fileName: string;
  disposition: 'inline' | 'attachment';
  access: DigitalAccess;
}

export type ResourceFile = Omit<ResourceStream, 'stream' | 'range'> & { path: string };

/** A file resource's stored type, size, name and access level, without opening it (NOT_FOUND, NOT_A_FILE, FILE_MISSING). */
export function statResource(ctx: ServiceContext, id: number): ResourceFile {
  const r = requireResource(ctx.sql, id);
  if (r.kind !== 'file' || !r.sha256) throw new AppError('NOT_A_FILE', 'Tài liệu này là một liên kết, không có tệp.');
  const file = blobPath(ctx.dataDir, r.sha256);
  if (!fs.existsSync(file)) throw new AppError('FILE_MISSING', 'Tệp của tài liệu này không còn trong thư mục dữ liệu.');
  const inline = r.mime === 'application/pdf' || /^(audio|video|image)\//.test(r.mime);
  return {
    type: r.mime, size: fs.statSync(file).size, path: file, fileName: r.fileName || `tai-lieu-${r.id}`, disposition: inline ? 'inline' : 'attachment',
    access: r.access as DigitalAccess,
  };
}

/**
 * Opens a file resource's bytes, whole or `range` (inclusive, already resolved against the size: see
 * parseRange). By id only: no path ever comes from outside. A link or a missing id is NOT_FOUND /
 * NOT_A_FILE; a range outside the file is RANGE_NOT_SATISFIABLE (HTTP 416). The caller checks the access level.
 */
export function openResourceStream(ctx: ServiceContext, id: number, range?: ByteRange | null): ResourceStream {
  const { path: file, ...info } = statResource(ctx, id);
  const size = info.size;
  if (range && (range.start < 0 || range.end < range.start || range.end >= size || !Number.isInteger(range.start) || !Number.isInteger(range.end))) {
    throw new AppError('RANGE_NOT_SATISFIABLE', 'Đoạn dữ liệu yêu cầu nằm ngoài tệp.', { size });
  }
  const stream = fs.createReadStream(file, range ? { start: range.start, end: range.end } : {});
  return { ...info, range: range ?? null, stream };
}

/** Labels used by lists and prints. */
export const formLabel = (f: string) => digitalForms[f as DigitalForm] ?? f;
export const accessLabel = (a: string) => digitalAccessLevels[a as DigitalAccess] ?? a;

/** For the CLI's --title: the one title with this name (and authors, when given), compared without diacritics. */
export function findTitleForCli(ctx: ServiceContext, title: string, author?: string): number {
  const sql = ctx.sql;
  const want = fold(title);
  const exact = q.titlesNamed(sql, title.normalize('NFC').trim());
  let matches = exact.length ? exact : q.allTitleNames(sql).filter((t) => fold(t.title) === want);
  if (author) matches = matches.filter((t) => fold(t.authors).includes(fold(author)));
  if (matches.length === 0) throw new AppError('NOT_FOUND', `Không có đầu sách "${title}"${author ? ` của ${author}` : ''} trong thư viện.`);
  if (matches.length > 1) {
    throw new AppError('AMBIGUOUS', `Có ${matches.length} đầu sách tên "${title}": ${matches.slice(0, 5).map((m) => `${m.title}${m.volume ? `. ${m.volume}` : ''} (${m.authors || 'không rõ tác giả'})`).join('; ')}. Hãy thêm --author.`);
  }
  return matches[0].id;
}
