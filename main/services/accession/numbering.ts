import { compactRanges, formatAccession, splitCode } from '../../../shared/accession';
import { AppError } from '../../../shared/errors';
import { cleanText } from '../../../shared/text';
import {
  advanceSeries, batchStatus, codeTaken, insertBatch, insertBatchLines, insertCopy, linesToNumber, markBatchConfirmed, maxRegisterNumber, numberTaken,
  type BatchLineFields,
} from '../../db/queries/accession';
import { writeAudit } from '../../db/queries/audit';
import { seriesRows, type SeriesRow } from '../../db/queries/settings';
import type { Sql } from '../../db/sql';

/** Numbering of a phiếu nhập: the series counters, the ĐKCB handed out on confirm, the draft rows. */

export type { BatchLineRow } from '../../db/queries/accession';
export type { SeriesRow };

/** The collection series in their order, with the next number each hands out. */
export function loadSeries(sql: Sql): SeriesRow[] {
  return seriesRows(sql);
}

/**
 * Confirms a draft batch: allocates consecutive ĐKCB per series (or keeps a line's existing codes),
 * creates the copies, bumps each series' next number, gives the batch the next Sổ ĐKTQ number and its
 * totals. Synchronous: call inside transaction() so it is all-or-nothing.
 */
export function confirmBatchSync(sql: Sql, batchId: number, now: Date): { registerNumber: number; copies: number; value: number; codes: string[] } {
  const status = batchStatus(sql, batchId);
  if (!status) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
  if (status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Phiếu nhập này đã được xác nhận; không cấp số lại.');
  const lines = linesToNumber(sql, batchId);
  if (lines.length === 0) throw new AppError('EMPTY_BATCH', 'Phiếu nhập chưa có dòng sách nào.');
  const series = new Map(loadSeries(sql).map((s) => [s.id, s]));

  // Kept numbers (from a handwritten register) first: they decide where new numbering continues.
  const kept = new Map<number, { code: string; number: number }[]>();
  const next = new Map<number, number>();
  for (const s of series.values()) next.set(s.id, s.nextNumber);
  const seenCodes = new Set<string>();
  for (const line of lines) {
    if (!line.existingCodes) continue;
    const s = series.get(line.seriesId)!;
    const codes = JSON.parse(line.existingCodes) as string[];
    if (codes.length !== line.quantity) {
      throw new AppError('CODE_COUNT', `Dòng có ${line.quantity} bản nhưng ghi ${codes.length} số ĐKCB.`);
    }
    const list: { code: string; number: number }[] = [];
    for (const raw0 of codes) {
      const code = raw0.trim().toUpperCase();
      const parts = splitCode(code);
      if (!parts || parts.head !== `${s.prefix}${s.separator}`.toUpperCase()) {
        throw new AppError('CODE_SERIES', `Số ĐKCB ${code} không thuộc loại ${s.code} (phải bắt đầu bằng ${s.prefix}${s.separator}).`);
      }
      if (seenCodes.has(code) || codeTaken(sql, code) || numberTaken(sql, s.id, parts.number)) {
        throw new AppError('CODE_TAKEN', `Số ĐKCB ${code} đã có trong kho; số ĐKCB không bao giờ cấp lại.`);
      }
      seenCodes.add(code);
      list.push({ code, number: parts.number });
      next.set(s.id, Math.max(next.get(s.id)!, parts.number + 1));
    }
    kept.set(line.id, list);
  }

  const stamp = now.toISOString();
  const codes: string[] = [];
  let value = 0;
  for (const line of lines) {
    const s = series.get(line.seriesId)!;
    const keptList = kept.get(line.id);
    for (let q = 0; q < line.quantity; q++) {
      let code: string, number: number;
      if (keptList) ({ code, number } = keptList[q]);
      else {
        number = next.get(s.id)!;
        next.set(s.id, number + 1);
        code = formatAccession(s, number);
      }
      insertCopy(sql, { titleId: line.titleId, seriesId: s.id, number, code, price: line.unitPrice, acquisitionMode: line.acquisitionMode, batchId, createdAt: stamp });
      codes.push(code);
      value += line.unitPrice;
    }
  }
  for (const [id, n] of next) advanceSeries(sql, id, n);
  const registerNumber = maxRegisterNumber(sql) + 1;
  markBatchConfirmed(sql, batchId, registerNumber, codes.length, value, stamp);
  writeAudit(sql, { at: now, action: 'confirm', entity: 'accession_batch', entityId: batchId,
    details: { registerNumber, copies: codes.length, ranges: compactRanges(codes) } });
  return { registerNumber, copies: codes.length, value, codes };
}

export interface DraftBatch {
  date: string; source: string; voucherNumber: string; supplier: string; note: string;
  lines: BatchLineFields[];
}

/** Stores a draft batch and its lines (no ĐKCB yet); returns its id. Call inside transaction(). */
export function insertDraftBatchSync(sql: Sql, b: DraftBatch, now: Date): number {
  const id = insertBatch(sql, {
    date: b.date, source: b.source, voucherNumber: cleanText(b.voucherNumber), supplier: cleanText(b.supplier), note: b.note.normalize('NFC').trim(),
    totalCopies: b.lines.reduce((a, l) => a + l.quantity, 0), totalValue: b.lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0),
  }, now.toISOString());
  insertLinesSync(sql, id, b.lines);
  return id;
}

export function insertLinesSync(sql: Sql, batchId: number, lines: DraftBatch['lines']): void {
  insertBatchLines(sql, batchId, lines);
}
