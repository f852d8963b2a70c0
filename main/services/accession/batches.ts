import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { compactRanges, expandRange } from '../../../shared/accession';
import type { BatchDto, batchInput } from '../../../shared/contract/accession';
import { AppError } from '../../../shared/errors';
import { rawConnection } from '../../db/data-source';
import type { ServiceContext } from '../context';
import { auditRaw, rawWrite } from '../catalogue/core';
import { confirmBatchSync, insertDraftBatchSync, insertLinesSync } from './numbering';

const BATCH_COLS = `b.id, b.status, b.register_number AS registerNumber, b.date, b.source, b.voucher_number AS voucherNumber, b.supplier,
  b.note, b.total_copies AS totalCopies, b.total_value AS totalValue, b.created_at AS createdAt, b.confirmed_at AS confirmedAt,
  (SELECT accession_code FROM copy WHERE batch_id = b.id ORDER BY id LIMIT 1) AS firstCode,
  (SELECT accession_code FROM copy WHERE batch_id = b.id ORDER BY id DESC LIMIT 1) AS lastCode`;

type BatchRow = Omit<BatchDto, 'lines' | 'codeRanges'>;

function withRanges(raw: Database, rows: BatchRow[]): Omit<BatchDto, 'lines'>[] {
  const codes = raw.prepare('SELECT accession_code FROM copy WHERE batch_id = ? ORDER BY series_id, accession_number').pluck();
  return rows.map((b) => ({ ...b, codeRanges: compactRanges(codes.all(b.id) as string[]) }));
}

export function listBatches(raw: Database, status: string | undefined, limit: number): Omit<BatchDto, 'lines'>[] {
  return withRanges(raw, raw.prepare(`SELECT ${BATCH_COLS} FROM accession_batch b ${status ? 'WHERE b.status = ?' : ''}
    ORDER BY CASE b.status WHEN 'draft' THEN 0 ELSE 1 END, b.register_number DESC, b.id DESC LIMIT ?`)
    .all(...(status ? [status, limit] : [limit])) as BatchRow[]);
}

export function getBatch(raw: Database, id: number): BatchDto {
  const row = raw.prepare(`SELECT ${BATCH_COLS} FROM accession_batch b WHERE b.id = ?`).get(id) as BatchRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
  const [b] = withRanges(raw, [row]);
  // The volume is part of what people call the book: "Toán 6 – Tập một", never two lines both reading "Toán 6".
  const lines = raw.prepare(`SELECT l.id, l.title_id AS titleId, t.title || CASE WHEN t.volume <> '' THEN ' – ' || t.volume ELSE '' END AS title, s.code AS seriesCode, l.quantity, l.unit_price AS unitPrice,
      l.acquisition_mode AS acquisitionMode, l.existing_codes AS existingCodes
    FROM accession_batch_line l JOIN title t ON t.id = l.title_id JOIN collection_series s ON s.id = t.series_id
    WHERE l.batch_id = ? ORDER BY l.id`).all(id) as (Omit<BatchDto['lines'][number], 'existingCodes' | 'codes'> & { existingCodes: string | null })[];
  const codesOf = raw.prepare('SELECT accession_code FROM copy WHERE batch_id = ? AND title_id = ? ORDER BY series_id, accession_number').pluck();
  return {
    ...b,
    lines: lines.map((l) => ({
      ...l, existingCodes: l.existingCodes ? (JSON.parse(l.existingCodes) as string[]) : null,
      codes: b.status === 'confirmed' ? (codesOf.all(id, l.titleId) as string[]) : [],
    })),
  };
}

function linesFromInput(raw: Database, input: z.output<typeof batchInput>) {
  const titleExists = raw.prepare('SELECT 1 FROM title WHERE id = ?');
  return input.lines.map((l, i) => {
    if (!titleExists.get(l.titleId)) throw new AppError('NOT_FOUND', `Dòng ${i + 1}: không tìm thấy đầu sách.`);
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
export async function saveDraftBatch(ctx: ServiceContext, input: z.output<typeof batchInput>): Promise<BatchDto> {
  const now = ctx.now();
  const id = await rawWrite(ctx.db, (raw) => {
    const lines = linesFromInput(raw, input);
    if (input.id) {
      const b = raw.prepare('SELECT status FROM accession_batch WHERE id = ?').get(input.id) as { status: string } | undefined;
      if (!b) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
      if (b.status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Phiếu nhập đã xác nhận không sửa được; chỉ sửa thông tin từng bản sách.');
      raw.prepare('DELETE FROM accession_batch_line WHERE batch_id = ?').run(input.id);
      insertLinesSync(raw, input.id, lines);
      raw.prepare(`UPDATE accession_batch SET date = ?, source = ?, voucher_number = ?, supplier = ?, note = ?, total_copies = ?, total_value = ?
        WHERE id = ?`).run(input.date, input.source, input.voucherNumber, input.supplier, input.note,
        lines.reduce((a, l) => a + l.quantity, 0), lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0), input.id);
      auditRaw(raw, now, 'update', 'accession_batch', input.id, { lines: lines.length });
      return input.id;
    }
    const newId = insertDraftBatchSync(raw, { ...input, lines }, now);
    auditRaw(raw, now, 'create', 'accession_batch', newId, { lines: lines.length });
    return newId;
  });
  return getBatch(rawConnection(ctx.db), id);
}

export async function deleteDraftBatch(ctx: ServiceContext, id: number): Promise<void> {
  const now = ctx.now();
  await rawWrite(ctx.db, (raw) => {
    const b = raw.prepare('SELECT status FROM accession_batch WHERE id = ?').get(id) as { status: string } | undefined;
    if (!b) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
    if (b.status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Phiếu nhập đã xác nhận thì không xóa được (sổ sách phải giữ nguyên).');
    raw.prepare('DELETE FROM accession_batch_line WHERE batch_id = ?').run(id);
    raw.prepare('DELETE FROM accession_batch WHERE id = ?').run(id);
    auditRaw(raw, now, 'delete', 'accession_batch', id, {});
  });
}

/** Confirms a draft: ĐKCB, copies, Sổ ĐKTQ number, totals, all in one synchronous transaction. */
export async function confirmBatch(ctx: ServiceContext, id: number): Promise<BatchDto> {
  const now = ctx.now();
  await rawWrite(ctx.db, (raw) => confirmBatchSync(raw, id, now));
  return getBatch(rawConnection(ctx.db), id);
}
