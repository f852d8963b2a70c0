import { z } from 'zod';
import { empty, fileResult, id, jobId, method, ok, text } from './define';
import { digitalAccessLevels, digitalForms, type DigitalAccess, type DigitalForm } from './enums';

export { digitalAccessLevels, digitalForms, type DigitalAccess, type DigitalForm };

const formKeys = Object.keys(digitalForms) as [DigitalForm, ...DigitalForm[]];
const accessKeys = Object.keys(digitalAccessLevels) as [DigitalAccess, ...DigitalAccess[]];
export const digitalForm = z.enum(formKeys, { error: 'Hình thức tài liệu không hợp lệ.' });
export const digitalAccess = z.enum(accessKeys, { error: 'Quyền truy cập phải là Mọi người, Giáo viên hoặc Tại thư viện.' });

/** An external link: http or https only (no javascript:, file:, data: …). */
export const httpUrl = z.string().trim().max(2000, 'Địa chỉ liên kết quá dài.').refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}, 'Liên kết phải là địa chỉ web bắt đầu bằng http:// hoặc https://.');

/** Khối: 1–12 or none. */
const grade = z.number().int().min(1, 'Khối từ 1 đến 12.').max(12, 'Khối từ 1 đến 12.').nullable().default(null);

export const digitalResourceDto = z.object({
  id,
  titleId: id,
  /** The title's name and authors, for lists. */
  title: z.string(),
  authors: z.string(),
  name: z.string(),
  kind: z.enum(['file', 'link']),
  url: z.string().nullable(),
  /** Detected Content-Type ('' for a link) and its short name ("PDF", "MP3", "Liên kết"). */
  mime: z.string(),
  typeLabel: z.string(),
  size: z.number(),
  fileName: z.string(),
  form: digitalForm,
  subject: z.string(),
  grade: z.number().nullable(),
  access: digitalAccess,
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Views counted so far, every month together. */
  views: z.number(),
});
export type DigitalResourceDto = z.infer<typeof digitalResourceDto>;

/** What the librarian describes about a resource (the file or link itself comes apart). */
const describedFields = {
  name: text().pipe(z.string().max(300, 'Tên tài liệu quá dài (tối đa 300 ký tự).')).default(''),
  form: digitalForm.optional(),
  subject: text().pipe(z.string().max(100)).default(''),
  grade,
  access: digitalAccess.default('library'),
  note: text().pipe(z.string().max(2000)).default(''),
};

export const digitalAddInput = z.object({
  titleId: id,
  /** A finished upload (digital.uploadBegin / uploadChunk) … */
  uploadId: z.string().regex(/^[a-f0-9]{32}$/, 'Mã tải lên không hợp lệ.').optional(),
  /** … or an external link. */
  url: httpUrl.optional(),
  ...describedFields,
  jobId,
}).refine((v) => !!v.uploadId !== !!v.url, 'Hãy chọn một tệp hoặc nhập một liên kết.');

export const digitalUpdateInput = z.object({ id, url: httpUrl.optional(), ...describedFields, form: digitalForm });

export const digitalListInput = z.object({
  titleId: id.optional(),
  /** Words of the title, authors or resource name, without diacritics if wished. */
  q: text().default(''),
  form: digitalForm.optional(),
  access: digitalAccess.optional(),
});

export const digitalSettings = z.object({
  /** Largest file accepted, in bytes (default 500 MB). */
  maxBytes: z.number().int().positive(),
});

/** Base64 of one upload piece: at most 8 MiB of bytes. */
const MAX_CHUNK_BASE64 = Math.ceil((8 * 1024 * 1024) / 3) * 4;
/** The start and the pieces of a file sent over the contract (digital resources, a backup chosen on a USB stick). */
export const uploadBeginInput = z.object({
  fileName: text().pipe(z.string().min(1, 'Thiếu tên tệp.').max(255)),
  size: z.number().int().min(1, 'Tệp trống.'),
});
export const uploadBeginResult = z.object({ uploadId: z.string(), chunkBytes: z.number() });
export const uploadIdInput = z.object({ uploadId: z.string().regex(/^[a-f0-9]{32}$/, 'Mã tải lên không hợp lệ.') });
export const uploadChunkInput = uploadIdInput.extend({
  offset: z.number().int().min(0),
  base64: z.string().max(MAX_CHUNK_BASE64, 'Phần tải lên quá lớn.'),
});
export const uploadChunkResult = z.object({ received: z.number() });

export const digitalContract = {
  'digital.list': method(digitalListInput, z.array(digitalResourceDto)),
  'digital.get': method(z.object({ id }), digitalResourceDto),
  'digital.settings': method(empty, digitalSettings),
  'digital.saveSettings': method(z.object({
    maxMegabytes: z.number({ error: 'Dung lượng tối đa phải là số.' }).int('Dung lượng tối đa là số MB nguyên.').min(1, 'Dung lượng tối đa ít nhất 1 MB.').max(20_000, 'Dung lượng tối đa nhiều nhất 20.000 MB.'),
  }), digitalSettings),
  /** Starts sending a file's bytes (browser and desktop alike): the size is checked against the limit first. */
  'digital.uploadBegin': method(uploadBeginInput, uploadBeginResult),
  /** One piece of the file, in order (offset = bytes sent so far). */
  'digital.uploadChunk': method(uploadChunkInput, uploadChunkResult),
  /** Stores the uploaded file (hash and move on the worker thread, with progress) or the link, on a title. */
  'digital.add': method(digitalAddInput, digitalResourceDto),
  'digital.update': method(digitalUpdateInput, digitalResourceDto),
  /** Removes a resource (audited); its stored file goes only when no other resource uses the same content. */
  'digital.remove': method(z.object({ id }), z.object({ ok: z.literal(true), fileDeleted: z.boolean() })),
  /** Counts one view of a resource in the current month (opened for reading). */
  'digital.recordView': method(z.object({ id }), ok),
  /** Danh mục tài liệu số (PDF). */
  'digital.print': method(z.object({ form: digitalForm.optional(), access: digitalAccess.optional(), jobId }), fileResult),
};
