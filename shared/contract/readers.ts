import { z } from 'zod';
import { empty, id, isoDate, method, requiredText, schoolYear, text } from './define';
import { PIN_PATTERN, PIN_RULE, readerKinds } from './enums';

export { PIN_DIGITS, PIN_PATTERN, PIN_RULE, readerKinds, readerKindLabels, type ReaderKind } from './enums';

export const reader = z.object({
  id,
  kind: z.enum(readerKinds),
  code: z.string(),
  cardNumber: z.string(),
  fullName: z.string(),
  birthDate: z.string().nullable(),
  sex: z.string(),
  className: z.string(),
  grade: z.number().int().nullable(),
  department: z.string(),
  /** Lớp chủ nhiệm: the class a teacher heads ('' for none; pupils never). */
  homeroomClass: z.string(),
  position: z.string(),
  subject: z.string(),
  phone: z.string(),
  schoolYear: z.string(),
  firstSchoolYear: z.string(),
  active: z.boolean(),
  photo: z.string().nullable(),
  cardIssuedAt: z.string().nullable(),
});
export type ReaderDto = z.infer<typeof reader>;

export const readerInput = z.object({
  id: id.optional(),
  kind: z.enum(readerKinds),
  code: requiredText('Hãy nhập mã bạn đọc (mã học sinh hoặc mã cán bộ).'),
  fullName: requiredText('Hãy nhập họ và tên.'),
  birthDate: isoDate.nullable().default(null),
  sex: z.enum(['nam', 'nu', '']).default(''),
  className: text().default(''),
  department: text().default(''),
  /** Lớp chủ nhiệm of a teacher or staff member, e.g. "7A2" ('' for none); ignored for pupils. */
  homeroomClass: text().default(''),
  position: text().default(''),
  subject: text().default(''),
  phone: text().default(''),
  active: z.boolean().default(true),
  /** Photo as a data URL (image/jpeg or image/png), stored in the data folder's photos/. Null removes it. */
  photoDataUrl: z.string().max(3_000_000).nullable().optional(),
});

export const readerListInput = z.object({
  q: text().default(''),
  kind: z.enum([...readerKinds, 'all']).default('all'),
  className: text().default(''),
  active: z.enum(['active', 'inactive', 'all']).default('active'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

export const importRowError = z.object({ row: z.number().int(), message: z.string() });
export type ImportRowError = z.infer<typeof importRowError>;

export const importSource = z.object({
  /** A path on this computer (Electron, CLI) … */
  file: z.string().optional(),
  /** … or the file's bytes (browser mode upload). */
  fileName: z.string().optional(),
  contentBase64: z.string().optional(),
}).refine((s) => !!s.file || (!!s.fileName && s.contentBase64 !== undefined), 'Hãy chọn tệp danh sách (.xlsx hoặc .csv).');

export const importResult = z.object({
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  students: z.number().int(),
  staff: z.number().int(),
  classes: z.array(z.string()),
  errors: z.array(importRowError),
  /** Columns of the file no field reads ("Dân tộc"): reported, never dropped in silence. */
  unknownColumns: z.array(z.string()),
  /** First rows as they will be stored (preview). */
  preview: z.array(z.object({
    row: z.number().int(), code: z.string(), fullName: z.string(), kind: z.enum(readerKinds), className: z.string(),
    department: z.string(), birthDate: z.string().nullable(), action: z.enum(['create', 'update', 'unchanged']),
    /** For an update, what changes: "lớp 6A1 → 7A1; họ tên … → …" ("" otherwise). */
    changes: z.string(),
  })),
  /** False for a preview (dry run) or when errors stopped the import. */
  written: z.boolean(),
});
export type ImportResult = z.infer<typeof importResult>;

export const rolloverResult = z.object({
  from: z.string(),
  to: z.string(),
  promoted: z.number().int(),
  graduated: z.number().int(),
  cardsReissued: z.number().int(),
});

/** What a rollover to `to` would do, computed without changing anything. */
export const rolloverPreview = z.object({
  from: z.string(),
  to: z.string(),
  /** Why this rollover is refused (Vietnamese), or null when it may run. */
  refusal: z.string().nullable(),
  /** A warning when run outside June–September (Vietnamese), or null. */
  warning: z.string().nullable(),
  /** Each active class and where it goes; `to` null: the class leaves (last grade, made inactive). */
  classes: z.array(z.object({ from: z.string(), to: z.string().nullable(), students: z.number().int() })),
  promoted: z.number().int(),
  leaving: z.number().int(),
  cardsReissued: z.number().int(),
  /** The re-issued cards by kind: students, and staff (teachers and other staff). */
  cardsReissuedStudents: z.number().int(),
  cardsReissuedStaff: z.number().int(),
  /** Pupil helpers (Cộng tác viên accounts) whose school year has ended: the rollover disables them. */
  helpersEnding: z.array(z.object({ id, name: z.string(), card: z.string().nullable(), schoolYearEnd: z.string().nullable() })).optional(),
  /** Open loans of the readers who leave. */
  leavingLoans: z.array(z.object({
    readerId: id, fullName: z.string(), className: z.string(), cardNumber: z.string(),
    accessionCode: z.string(), title: z.string(), dueAt: z.string(),
  })),
});
export type RolloverPreview = z.infer<typeof rolloverPreview>;

/** The last rollover that can still be undone. */
export const rolloverRecord = z.object({
  id, from: z.string(), to: z.string(), at: z.string(), readers: z.number().int(),
  /** Pupil helpers' accounts the rollover disabled that its undo enables again. */
  helpersDisabled: z.number().int(),
});
export type RolloverRecordDto = z.infer<typeof rolloverRecord>;

export const classSummary = z.object({ className: z.string(), grade: z.number().int().nullable(), students: z.number().int() });

export const readersContract = {
  'readers.list': method(readerListInput, z.object({ rows: z.array(reader), total: z.number().int() })),
  'readers.get': method(z.object({ id }), reader),
  'readers.save': method(readerInput, reader),
  'readers.photo': method(z.object({ id }), z.object({ dataUrl: z.string().nullable() })),
  'readers.classes': method(empty, z.array(classSummary)),
  'readers.departments': method(empty, z.array(z.object({ department: z.string(), readers: z.number().int() }))),
  'readers.previewImport': method(importSource, importResult),
  'readers.import': method(importSource, importResult),
  'readers.rolloverPreview': method(z.object({ to: schoolYear }), rolloverPreview),
  /** `confirm` is the target year typed by the librarian; it must equal `to`. */
  'readers.rollover': method(z.object({ to: schoolYear, confirm: text() }), rolloverResult),
  'readers.lastRollover': method(empty, rolloverRecord.nullable()),
  /** Mã PIN tra cứu of a teacher or staff member (PIN_DIGITS); setting it again resets the wrong tries and the lock. */
  'readers.setPin': method(z.object({ id, pin: z.string().regex(PIN_PATTERN, PIN_RULE) }), z.object({ ok: z.literal(true) })),
  'readers.clearPin': method(z.object({ id }), z.object({ removed: z.boolean() })),
  /** Whether the reader has a PIN and whether wrong tries lock it now. */
  'readers.pinStatus': method(z.object({ id }), z.object({ hasPin: z.boolean(), lockedUntil: z.string().nullable() })),
  'readers.undoRollover': method(z.object({ id }), z.object({ from: z.string(), to: z.string(), restored: z.number().int() })),
};
