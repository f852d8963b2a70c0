import type { z } from 'zod';
import { compactRanges, expandRange } from '../../../shared/accession';
import type { BatchDto, batchInput } from '../../../shared/contract/accession';
import { AppError } from '../../../shared/errors';
import { batchById, batchCodes, batchLineCodes, batchLines, batchRows, batchStatus, deleteBatch, deleteBatchLines, titleExists, updateBatch, type BatchRow } from '../../db/queries/accession';
import { writeAudit } from '../../db/queries/audit';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { confirmBatchSync, insertDraftBatchSync, insertLinesSync } from './numbering';

function withRanges(sql: Sql, rows: BatchRow[]): Omit<BatchDto, 'lines'>[] {
  return rows.map((b) => ({ ...b, codeRanges: compactRanges(batchCodes(sql, b.id)) }));
}

export function listBatches(sql: Sql, status: string | undefined, limit: number): Omit<BatchDto, 'lines'>[] {
  return withRanges(sql, batchRows(sql, status, limit));
}

export function getBatch(sql: Sql, id: number): BatchDto {
  const row = batchById(sql, id);
  if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
  const [b] = withRanges(sql, [row]);
  return {
    ...b,
    lines: batchLines(sql, id).map((l) => ({
      ...l, existingCodes: l.existingCodes ? (JSON.parse(l.existingCodes) as string[]) : null,
      codes: b.status === 'confirmed' ? batchLineCodes(sql, id, l.titleId) : [],
    })),
  };
}

function linesFromInput(sql: Sql, input: z.output<typeof batchInput>) {
  return input.lines.map((l, i) => {
    if (!titleExists(sql, l.titleId)) throw new AppError('NOT_FOUND', `Dòng ${i + 1}: không tìm thấy đầu sách.`);
    let existingCodes: string[] | null = null;
    if (l.existingCodes && l.existingCodes.length) {
      existingCodes = [];
      for (const part of l.existingCodes) {
        const codes = expandRange(part);
        if (!codes) throw new AppError('BAD_CODE', `Dòng ${i + 1}: số ĐKCB "${part}" không đọc được (ví dụ: STK120 hoặc STK120-STK125).`);
        existingCodes.push(...codes);
      }
      if (existingCodes.length !== l.quantity) {
        throw new AppError('CODE_COUNT', `Dòng ${i + 1}: số lượng ${l.quantity} khác số ĐKCB đã ghi (${existingCodes.length} số).`);
      }
    }
    return { titleId: l.titleId, quantity: l.quantity, unitPrice: l.unitPrice, acquisitionMode: l.acquisitionMode, existingCodes };
  });
}

/** Saves a draft batch. Drafts hold no numbers: ĐKCB are handed out only when the batch is confirmed. */
export function saveDraftBatch(ctx: ServiceContext, input: z.output<typeof batchInput>): BatchDto {
  const sql = ctx.sql;
  const now = ctx.now();
  const id = transaction(sql, () => {
    const lines = linesFromInput(sql, input);
    if (input.id) {
      const status = batchStatus(sql, input.id);
      if (!status) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
      if (status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Phiếu nhập đã xác nhận không sửa được; chỉ sửa thông tin từng bản sách.');
      deleteBatchLines(sql, input.id);
      insertLinesSync(sql, input.id, lines);
      updateBatch(sql, input.id, {
        date: input.date, source: input.source, voucherNumber: input.voucherNumber, supplier: input.supplier, note: input.note,
        totalCopies: lines.reduce((a, l) => a + l.quantity, 0), totalValue: lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0),
      });
      writeAudit(sql, { at: now, action: 'update', entity: 'accession_batch', entityId: input.id, details: { lines: lines.length } });
      return input.id;
    }
    const newId = insertDraftBatchSync(sql, { ...input, lines }, now);
    writeAudit(sql, { at: now, action: 'create', entity: 'accession_batch', entityId: newId, details: { lines: lines.length } });
    return newId;
  });
  return getBatch(sql, id);
}

export function deleteDraftBatch(ctx: ServiceContext, id: number): void {
  const sql = ctx.sql;
  const now = ctx.now();
  transaction(sql, () => {
    const status = batchStatus(sql, id);
    if (!status) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
    if (status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Phiếu nhập đã xác nhận thì không xóa được (sổ sách phải giữ nguyên).');
    deleteBatch(sql, id);
    writeAudit(sql, { at: now, action: 'delete', entity: 'accession_batch', entityId: id, details: {} });
  });
}

/** Confirms a draft: ĐKCB, copies, Sổ ĐKTQ number, totals, all in one synchronous transaction. */
export function confirmBatch(ctx: ServiceContext, id: number): BatchDto {
  const sql = ctx.sql;
  const now = ctx.now();
  transaction(sql, () => confirmBatchSync(sql, id, now));
  return getBatch(sql, id);
}
