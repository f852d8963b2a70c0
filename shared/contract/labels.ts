import { z } from 'zod';
import { validateSheet, type LabelSheet } from '../label-sheets';
import { empty, fileResult, id, jobId, method, ok, requiredText } from './define';

/** A label sheet as the user defines it (mm); the grid must fit the page. */
const mmNumber = (label: string) => z.number({ error: `${label} phải là một số (mm).` }).finite();
export const labelSheetInput = z.object({
  id: z.string().trim().min(1, 'Hãy đặt mã cho mẫu nhãn.').max(24, 'Mã mẫu nhãn tối đa 24 ký tự.')
    .regex(/^[A-Za-z0-9._-]+$/, 'Mã mẫu nhãn chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch.'),
  name: requiredText('Hãy đặt tên cho mẫu nhãn.'),
  pageWidth: mmNumber('Chiều rộng trang'),
  pageHeight: mmNumber('Chiều cao trang'),
  marginTop: mmNumber('Lề trên'),
  marginLeft: mmNumber('Lề trái'),
  columns: z.number().int('Số cột phải là số nguyên.'),
  rows: z.number().int('Số hàng phải là số nguyên.'),
  labelWidth: mmNumber('Chiều rộng nhãn'),
  labelHeight: mmNumber('Chiều cao nhãn'),
  pitchX: mmNumber('Bước ngang'),
  pitchY: mmNumber('Bước dọc'),
  cornerRadius: mmNumber('Bán kính góc').default(0),
}).superRefine((s, ctx) => {
  for (const message of validateSheet(s as LabelSheet)) ctx.addIssue({ code: 'custom', message });
});
export const labelSheet = z.object({
  id: z.string(), name: z.string(), pageWidth: z.number(), pageHeight: z.number(), marginTop: z.number(), marginLeft: z.number(),
  columns: z.number(), rows: z.number(), labelWidth: z.number(), labelHeight: z.number(), pitchX: z.number(), pitchY: z.number(),
  cornerRadius: z.number(), builtIn: z.boolean().optional(),
});

export const labelKinds = ['spine', 'barcode', 'combined'] as const;
export type LabelKind = (typeof labelKinds)[number];

/** Which copies to label. `series` narrows any choice to one collection type (STK, SGK…). */
export const copySelection = z.discriminatedUnion('by', [
  z.object({ by: z.literal('all') }),
  z.object({ by: z.literal('unlabelled') }),
  z.object({ by: z.literal('batch'), batchId: id }),
  z.object({ by: z.literal('title'), titleId: id }),
  z.object({ by: z.literal('range'), from: requiredText('Hãy nhập số ĐKCB đầu.'), to: requiredText('Hãy nhập số ĐKCB cuối.') }),
  z.object({ by: z.literal('list'), codes: z.array(z.string()).min(1, 'Hãy quét hoặc nhập ít nhất một số ĐKCB.').max(20_000) }),
]);
export type CopySelection = z.infer<typeof copySelection>;

/** Calibration offsets of one printer, in tenths of a millimetre (±10 mm). */
const tenths = z.number().int('Độ lệch tính theo 0,1 mm (số nguyên).').min(-100, 'Độ lệch tối đa ±10 mm.').max(100, 'Độ lệch tối đa ±10 mm.');
export const printerOffset = z.object({ dx: tenths, dy: tenths });
export const calibration = z.object({
  /** The printer chosen last. */
  current: z.string(),
  printers: z.record(z.string(), printerOffset),
});
export type Calibration = z.infer<typeof calibration>;

const printerName = z.string().transform((s) => s.normalize('NFC').trim()).pipe(z.string().min(1, 'Hãy đặt tên máy in.').max(60));

export const labelOptions = z.object({
  kind: z.enum(labelKinds),
  templateId: z.string().min(1, 'Hãy chọn mẫu giấy nhãn.'),
  /** Begin at this label of the first sheet (1-based), to use half-used sheets. */
  start: z.number().int('Vị trí bắt đầu là số nguyên.').min(1, 'Vị trí bắt đầu từ 1.').default(1),
  selection: copySelection,
  series: z.string().trim().toUpperCase().optional(),
  /** Printer whose calibration offsets apply; the current one when omitted. */
  printer: z.string().optional(),
  /** Narrowest bar in mm (≥ 0,17; default 0,25). */
  moduleWidth: z.number().min(0.17, 'Vạch hẹp nhất tối thiểu 0,17 mm.').max(1, 'Vạch hẹp nhất tối đa 1 mm.').optional(),
  /** Record the copies as labelled (copy.label_printed_at). */
  markPrinted: z.boolean().default(true),
});

export const labelCopy = z.object({
  id: z.number(), accessionCode: z.string(), barcode: z.string(), title: z.string(), classification: z.string(),
  authorMark: z.string(), series: z.string(), labelPrintedAt: z.string().nullable(),
});
export type LabelCopy = z.infer<typeof labelCopy>;

/**
 * What one label cell will print, as the PDF lays it out (mm from the top-left of the page, text boxes
 * with their font size in pt, bars as vector rectangles): the preview draws these, so it shows what prints.
 */
export const labelPreviewItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), x: z.number(), y: z.number(), w: z.number(), h: z.number(), text: z.string(), size: z.number(), bold: z.boolean() }),
  z.object({ kind: z.literal('bars'), x: z.number(), y: z.number(), w: z.number(), h: z.number(), bars: z.array(z.object({ x: z.number(), w: z.number() })) }),
  z.object({ kind: z.literal('line'), x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
]);
export type LabelPreviewItem = z.infer<typeof labelPreviewItem>;
export const labelPreview = z.object({
  total: z.number(),
  /** The cells of the first sheet that get a label, laid out by the PDF code (no printer offset). */
  cells: z.array(z.object({ index: z.number(), accessionCode: z.string(), items: z.array(labelPreviewItem) })),
});
export type LabelPreview = z.infer<typeof labelPreview>;

/** Labels for the copies of one phiếu nhập (the Nhập/Xuất result's "In nhãn"), with the usual defaults. */
export const batchLabelsInput = z.object({
  batchId: id,
  kind: z.enum(labelKinds).default('combined'),
  templateId: z.string().min(1).default('L7651'),
  start: z.number().int().min(1, 'Vị trí bắt đầu từ 1.').default(1),
  printer: z.string().optional(),
  markPrinted: z.boolean().default(true),
  jobId,
});

export const readerSelection = z.discriminatedUnion('by', [
  z.object({ by: z.literal('all') }),
  z.object({ by: z.literal('class'), className: requiredText('Hãy chọn lớp.') }),
  z.object({ by: z.literal('list'), cardNumbers: z.array(z.string()).min(1, 'Hãy nhập ít nhất một số thẻ.').max(20_000) }),
  z.object({ by: z.literal('newThisYear') }),
]);
export type ReaderSelection = z.infer<typeof readerSelection>;

export const cardOptions = z.object({
  selection: readerSelection,
  /** Add the library rules on the back, mirrored for duplex printing. */
  backSide: z.boolean().default(false),
  printer: z.string().optional(),
  moduleWidth: z.number().min(0.17).max(1).optional(),
});

export const labelsContract = {
  'labels.listTemplates': method(empty, z.array(labelSheet)),
  'labels.saveTemplate': method(labelSheetInput, labelSheet),
  'labels.deleteTemplate': method(z.object({ id: z.string() }), ok),
  'labels.getCalibration': method(empty, calibration),
  'labels.saveCalibration': method(z.object({ printer: printerName, dx: tenths, dy: tenths }), calibration),
  /** The copies a selection covers (first `limit` of them, for the sheet preview) and their count. */
  'labels.selectCopies': method(z.object({ selection: copySelection, series: z.string().trim().toUpperCase().optional(), limit: z.number().int().min(0).max(500).default(100) }),
    z.object({ total: z.number(), copies: z.array(labelCopy) })),
  /** The first sheet as it will print (same layout code as the PDF), and how many labels the selection gives. */
  'labels.preview': method(labelOptions.omit({ markPrinted: true, printer: true }), labelPreview),
  'labels.print': method(labelOptions.extend({ jobId }), fileResult.extend({ labels: z.number() })),
  /** Prints the labels of a confirmed phiếu nhập's copies (ĐKCB handed out by that phiếu). */
  'labels.printBatch': method(batchLabelsInput, fileResult.extend({ labels: z.number() })),
  'labels.calibrationPdf': method(z.object({ templateId: z.string().min(1), printer: z.string().optional() }), fileResult),
  'labels.cardClasses': method(empty, z.array(z.object({ className: z.string(), count: z.number() }))),
  'labels.printCards': method(cardOptions.extend({ jobId }), fileResult.extend({ cards: z.number() })),
  'labels.getCardRules': method(empty, z.object({ rules: z.array(z.string()) })),
  'labels.saveCardRules': method(z.object({ rules: z.array(z.string().transform((s) => s.normalize('NFC').trim())).max(12, 'Tối đa 12 điều nội quy trên thẻ.') }),
    z.object({ rules: z.array(z.string()) })),
};
