import { z } from 'zod';
import { countField, dongField, empty, fileResult, id, isoDate, jobId, method, requiredText, text, yearField } from './define';
import { isIsbnOrEmpty } from '../isbn';

export const titleInput = z.object({
  id: id.optional(),
  title: requiredText('Hãy nhập nhan đề.'),
  subtitle: text().default(''),
  volume: text().default(''),
  /** Several authors, in order. */
  authors: z.array(text()).default([]),
  publisher: text().default(''),
  placeOfPublication: text().default(''),
  publicationYear: yearField('Năm xuất bản'),
  edition: text().default(''),
  pages: countField('Số trang', 1, 100_000),
  sizeCm: z.number({ error: 'Khổ sách phải là số (cm).' }).positive('Khổ sách phải là số dương (cm).').max(100).nullable().default(null),
  coverPrice: dongField('Giá bìa'),
  isbn: text().default('').refine((v) => isIsbnOrEmpty(v), 'ISBN không đúng (sai số kiểm tra). Kiểm tra lại các chữ số.'),
  language: text().default('vi'),
  seriesId: id,
  classification: text().default(''),
  /** Ký hiệu tác giả / tên sách; empty = computed. */
  authorMark: text().default(''),
  keywords: text().default(''),
  summary: text().default(''),
  gradeLevel: countField('Khối lớp', 1, 12),
  subject: text().default(''),
  /** Save even though a similar title exists (the user saw the warning). */
  allowDuplicate: z.boolean().default(false),
});
export type TitleInput = z.input<typeof titleInput>;

export const catalogueCopyStatus = z.enum(['available', 'onLoan', 'held', 'withdrawn', 'lost']);
export type CopyStatus = z.infer<typeof catalogueCopyStatus>;

export const titleDto = z.object({
  id, title: z.string(), subtitle: z.string(), volume: z.string(), authors: z.array(z.string()), publisher: z.string(),
  placeOfPublication: z.string(), publicationYear: z.number().nullable(), edition: z.string(), pages: z.number().nullable(),
  sizeCm: z.number().nullable(), coverPrice: z.number().nullable(), isbn: z.string().nullable(), language: z.string(),
  seriesId: id, seriesCode: z.string(), classification: z.string(), authorMark: z.string(), keywords: z.string(), summary: z.string(),
  gradeLevel: z.number().nullable(), subject: z.string(), shelfMark: z.string(), createdAt: z.string(), updatedAt: z.string(),
});
export type TitleDto = z.infer<typeof titleDto>;

export const titleDuplicate = z.object({
  id, title: z.string(), authors: z.string(), publicationYear: z.number().nullable(), reason: z.enum(['isbn', 'title']),
});

export const copyDto = z.object({
  id, titleId: id, accessionCode: z.string(), barcode: z.string(), status: catalogueCopyStatus, location: z.string(), price: z.number(),
  acquisitionMode: z.string(), note: z.string(), batchId: id, registerNumber: z.number().nullable(), batchDate: z.string(),
  withdrawalId: z.number().nullable(), createdAt: z.string(),
});
export type CopyDto = z.infer<typeof copyDto>;

export const loanHistoryRow = z.object({
  id, copyId: id, accessionCode: z.string(), readerName: z.string(), readerClass: z.string(), checkoutAt: z.string(),
  dueAt: z.string(), returnedAt: z.string().nullable(), lostAt: z.string().nullable(),
});

export const catalogueSearchInput = z.object({
  query: text().default(''),
  seriesId: id.optional(),
  classification: text().optional(),
  status: catalogueCopyStatus.optional(),
  year: z.number().int().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});
export const searchHit = z.object({
  id, title: z.string(), subtitle: z.string(), volume: z.string(), authors: z.string(), publisher: z.string(),
  publicationYear: z.number().nullable(), isbn: z.string().nullable(), seriesCode: z.string(), classification: z.string(),
  shelfMark: z.string(),
  /** Copies the title holds (shared/stock.ts `heldCopies`: on the shelf, lent or on the hold shelf); weeded and lost ones are counted apart. */
  copies: z.number(), available: z.number(), onLoan: z.number(), withdrawn: z.number(), lost: z.number(),
  /** On the hold shelf for readers who reserved the title (Đặt trước). */
  held: z.number(),
  /** The ĐKCB that matched, when the query was an accession number. */
  matchedCode: z.string().nullable(),
});
export type SearchHit = z.infer<typeof searchHit>;
export const catalogueSearchResult = z.object({ total: z.number(), items: z.array(searchHit) });

/** An uploaded file: by path (Electron, CLI) or by its bytes (browser). */
export const uploadedTableFile = z.object({
  fileName: z.string().min(1),
  path: z.string().optional(),
  contentBase64: z.string().optional(),
}).refine((f) => !!f.path || !!f.contentBase64, 'Hãy chọn một tệp.');

export const importFieldNames = ['series', 'title', 'subtitle', 'volume', 'authors', 'publisher', 'place', 'year', 'edition', 'pages', 'size',
  'price', 'isbn', 'classification', 'authorMark', 'language', 'quantity', 'source', 'codes', 'keywords', 'summary', 'gradeLevel', 'subject'] as const;
export const catalogueImportInput = z.object({
  file: uploadedTableFile,
  mapping: z.partialRecord(z.enum(importFieldNames), z.string()).optional(),
  date: isoDate.optional(),
  defaultSeries: z.string().optional(),
  dryRun: z.boolean().default(false),
  jobId,
});
export const catalogueImportResult = z.object({
  titles: z.number(), copies: z.number(), rows: z.number(), dryRun: z.boolean(),
  headers: z.array(z.string()),
  mapping: z.partialRecord(z.enum(importFieldNames), z.string()),
  fields: z.array(z.object({ key: z.enum(importFieldNames), label: z.string() })),
  batches: z.array(z.object({ registerNumber: z.number().nullable(), source: z.string(), copies: z.number(), firstCode: z.string().nullable(), lastCode: z.string().nullable(), codeRanges: z.string() })),
  preview: z.array(z.object({ row: z.number(), title: z.string(), authors: z.string(), series: z.string(), quantity: z.number(), source: z.string() })),
  /** Columns of the file no field reads ("Người viết"): shown to the librarian, never dropped in silence. */
  unknownColumns: z.array(z.string()),
});

/** MARC 21 files: ISO 2709 (.mrc) or MARCXML (.xml), UTF-8 (docs/architecture.md, "MARC 21"). */
export const marcFormats = ['iso2709', 'marcxml'] as const;
export const marcExportResult = fileResult.extend({ records: z.number().int(), holdings: z.number().int(), format: z.enum(marcFormats) });
export const marcImportInput = z.object({
  file: uploadedTableFile,
  dryRun: z.boolean().default(false),
  defaultSeries: z.string().optional(),
  date: isoDate.optional(),
});
export const marcImportResult = z.object({
  format: z.enum(marcFormats), records: z.number(), titles: z.number(), matched: z.number(), copies: z.number(), keptCodes: z.number(),
  newCodes: z.number(), already: z.number(), withdrawnSkipped: z.number(), lost: z.number(), dryRun: z.boolean(),
  batch: z.object({ registerNumber: z.number(), copies: z.number(), codeRanges: z.string() }).nullable(),
  preview: z.array(z.object({
    record: z.number(), title: z.string(), authors: z.string(), isbn: z.string(), series: z.string(), match: z.enum(['new', 'isbn', 'title']),
    matchedTitle: z.string(), copies: z.number(), kept: z.number(), numbered: z.number(), already: z.number(), lost: z.number(),
  })),
});

export const classificationDto = z.object({ id, scheme: z.string(), code: z.string(), label: z.string() });

export const catalogueContract = {
  'catalogue.search': method(catalogueSearchInput, catalogueSearchResult),
  'catalogue.getTitle': method(z.object({ id }), z.object({
    title: titleDto, copies: z.array(copyDto), loans: z.array(loanHistoryRow),
  })),
  'catalogue.findDuplicates': method(z.object({
    id: id.optional(), isbn: text().default(''), title: text().default(''), volume: text().default(''),
    authors: z.array(text()).default([]), publicationYear: z.number().int().nullable().default(null),
  }), z.array(titleDuplicate)),
  'catalogue.saveTitle': method(titleInput, titleDto),
  'catalogue.findByIsbn': method(z.object({ isbn: text() }), z.array(titleDto)),
  'catalogue.updateCopy': method(z.object({ id, location: text().optional(), price: z.number().int().min(0).optional(), note: text().optional() }), copyDto),
  'catalogue.listClassifications': method(empty, z.array(classificationDto)),
  'catalogue.importClassifications': method(z.object({ file: uploadedTableFile, scheme: text().default('DDC') }), z.object({ count: z.number() })),

  'catalogue.import': method(catalogueImportInput, catalogueImportResult),
  'catalogue.export': method(z.object({ output: z.string().optional() }), fileResult),
  /** The catalogue as MARC 21: one record per title, one 852 per copy not withdrawn. */
  'catalogue.exportMarc': method(z.object({ format: z.enum(marcFormats).default('iso2709'), output: z.string().optional() }), marcExportResult),
  /** A MARC 21 file (ours, Koha, SLiMS, Libol) into the catalogue: the whole file or nothing; `dryRun` only previews. */
  'catalogue.importMarc': method(marcImportInput, marcImportResult),
};
