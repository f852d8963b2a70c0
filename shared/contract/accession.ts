import { z } from 'zod';
import { dongField, id, isoDate, method, ok, text } from './define';
import { batchSources } from './enums';

export { batchSources, SOURCE_LABELS, sourceLabel } from './enums';

/** Phiếu nhập: a batch of copies entering the collection; confirming it hands out the Số ĐKCB and the Sổ ĐKTQ number. */
export const batchLineInput = z.object({
  titleId: id,
  quantity: z.number({ error: 'Số lượng phải là số.' }).int('Số lượng phải là số nguyên.').min(1, 'Số lượng ít nhất là 1.').max(10_000, 'Số lượng tối đa 10 000 bản một dòng.'),
  unitPrice: dongField('Đơn giá').transform((v) => v ?? 0),
  acquisitionMode: z.enum(['free', 'purchase']).default('purchase'),
  /** Keep these ĐKCB (codes or ranges "STK120-STK125") instead of allocating new ones. */
  existingCodes: z.array(text()).nullable().default(null),
});
export const batchInput = z.object({
  id: id.optional(),
  date: isoDate,
  source: z.enum(batchSources),
  voucherNumber: text().default(''),
  supplier: text().default(''),
  note: text().default(''),
  lines: z.array(batchLineInput).min(1, 'Phiếu nhập cần ít nhất một dòng sách.'),
});
export type BatchInput = z.input<typeof batchInput>;
export const batchDto = z.object({
  id, status: z.enum(['draft', 'confirmed']), registerNumber: z.number().nullable(), date: z.string(), source: z.enum(batchSources),
  voucherNumber: z.string(), supplier: z.string(), note: z.string(), totalCopies: z.number(), totalValue: z.number(),
  createdAt: z.string(), confirmedAt: z.string().nullable(), firstCode: z.string().nullable(), lastCode: z.string().nullable(),
  /** Số ĐKCB handed out, as ranges per series: "SGK000001–SGK000480, SNV000001–SNV000008". */
  codeRanges: z.string(),
  lines: z.array(z.object({
    id, titleId: id, title: z.string(), seriesCode: z.string(), quantity: z.number(), unitPrice: z.number(),
    acquisitionMode: z.string(), existingCodes: z.array(z.string()).nullable(), codes: z.array(z.string()),
  })),
});
export type BatchDto = z.infer<typeof batchDto>;

export const accessionContract = {
  'accession.list': method(z.object({ status: z.enum(['draft', 'confirmed']).optional(), limit: z.number().int().min(1).max(1000).default(200) }), z.array(batchDto.omit({ lines: true }))),
  'accession.get': method(z.object({ id }), batchDto),
  'accession.saveDraft': method(batchInput, batchDto),
  'accession.deleteDraft': method(z.object({ id }), ok),
  'accession.confirm': method(z.object({ id }), batchDto),
};
