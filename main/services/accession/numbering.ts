import type { Database } from 'better-sqlite3';
import { formatAccession, splitCode } from '../../../shared/accession';
import { AppError } from '../../../shared/errors';
import { cleanText } from '../../../shared/text';
import { auditRaw } from '../catalogue/core';

/** Numbering of a phiếu nhập: the series counters, the ĐKCB handed out on confirm, the draft rows. */

export interface SeriesRow {
  id: number; code: string; name: string; prefix: string; separator: string; padding: number; nextNumber: number;
}

export function loadSeries(raw: Database): SeriesRow[] {
  return raw.prepare(`SELECT id, code, name, prefix, separator, padding, next_number AS nextNumber
    FROM collection_series ORDER BY sort_order, id`).all() as SeriesRow[];
}

export interface BatchLineRow {
  id: number; titleId: number; quantity: number; unitPrice: number; acquisitionMode: string; existingCodes: string | null; seriesId: number;
}

/**
 * Confirms a draft batch: allocates consecutive ĐKCB per series (or keeps a line's existing codes),
 * creates the copies, bumps each series' next number, gives the batch the next Sổ ĐKTQ number and its
 * totals. Synchronous: call inside rawWrite so it is all-or-nothing.
 */
export function confirmBatchSync(raw: Database, batchId: number, now: Date): { registerNumber: number; copies: number; value: number; codes: string[] } {
  const batch = raw.prepare('SELECT id, status FROM accession_batch WHERE id = ?').get(batchId) as { id: number; status: string } | undefined;
  if (!batch) throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu nhập này.');
  if (batch.status !== 'draft') throw new AppError('ALREADY_CONFIRMED', 'Phiếu nhập này đã được xác nhận; không cấp số lại.');
  const lines = raw.prepare(`SELECT l.id, l.title_id AS titleId, l.quantity, l.unit_price AS unitPrice, l.acquisition_mode AS acquisitionMode,
      l.existing_codes AS existingCodes, t.series_id AS seriesId
    FROM accession_batch_line l JOIN title t ON t.id = l.title_id WHERE l.batch_id = ? ORDER BY l.id`).all(batchId) as BatchLineRow[];
  if (lines.length === 0) throw new AppError('EMPTY_BATCH', 'Phiếu nhập chưa có dòng sách nào.');
  const series = new Map(loadSeries(raw).map((s) => [s.id, s]));

  // Kept numbers (from a handwritten register) first: they decide where new numbering continues.
  const kept = new Map<number, { code: string; number: number }[]>();
  const next = new Map<number, number>();
  for (const s of series.values()) next.set(s.id, s.nextNumber);
  const existsCode = raw.prepare('SELECT 1 FROM copy WHERE accession_code = ? OR barcode = ?');
  const existsNumber = raw.prepare('SELECT 1 FROM copy WHERE series_id = ? AND accession_number = ?');
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
      if (seenCodes.has(code) || existsCode.get(code, code) || existsNumber.get(s.id, parts.number)) {
        throw new AppError('CODE_TAKEN', `Số ĐKCB ${code} đã có trong kho; số ĐKCB không bao giờ cấp lại.`);
      }
      seenCodes.add(code);
      list.push({ code, number: parts.number });
      next.set(s.id, Math.max(next.get(s.id)!, parts.number + 1));
    }
    kept.set(line.id, list);
  }

  const stamp = now.toISOString();
  const insCopy = raw.prepare(`INSERT INTO copy (title_id, series_id, accession_number, accession_code, barcode, status, location, price,
    acquisition_mode, batch_id, note, created_at) VALUES (?, ?, ?, ?, ?, 'available', '', ?, ?, ?, '', ?)`);
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
      insCopy.run(line.titleId, s.id, number, code, code, line.unitPrice, line.acquisitionMode, batchId, stamp);
      codes.push(code);
      value += line.unitPrice;
    }
  }
  const updSeries = raw.prepare('UPDATE collection_series SET next_number = ? WHERE id = ? AND next_number <= ?');
  for (const [id, n] of next) updSeries.run(n, id, n);
  const registerNumber = ((raw.prepare('SELECT MAX(register_number) AS m FROM accession_batch').get() as { m: number | null }).m ?? 0) + 1;
  raw.prepare(`UPDATE accession_batch SET status = 'confirmed', register_number = ?, total_copies = ?, total_value = ?, confirmed_at = ?
    WHERE id = ?`).run(registerNumber, codes.length, value, stamp, batchId);
  auditRaw(raw, now, 'confirm', 'accession_batch', batchId, { registerNumber, copies: codes.length, first: codes[0], last: codes[codes.length - 1] });
  return { registerNumber, copies: codes.length, value, codes };
}

export interface DraftBatch {
  date: string; source: string; voucherNumber: string; supplier: string; note: string;
  lines: { titleId: number; quantity: number; unitPrice: number; acquisitionMode: string; existingCodes: string[] | null }[];
}

export function insertDraftBatchSync(raw: Database, b: DraftBatch, now: Date): number {
  const id = Number(raw.prepare(`INSERT INTO accession_batch (status, register_number, date, source, voucher_number, supplier, note,
    total_copies, total_value, created_at, confirmed_at) VALUES ('draft', NULL, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`).run(
    b.date, b.source, cleanText(b.voucherNumber), cleanText(b.supplier), b.note.normalize('NFC').trim(),
    b.lines.reduce((a, l) => a + l.quantity, 0), b.lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0), now.toISOString()).lastInsertRowid);
  insertLinesSync(raw, id, b.lines);
  return id;
}

export function insertLinesSync(raw: Database, batchId: number, lines: DraftBatch['lines']): void {
  const ins = raw.prepare(`INSERT INTO accession_batch_line (batch_id, title_id, quantity, unit_price, acquisition_mode, existing_codes)
    VALUES (?, ?, ?, ?, ?, ?)`);
  for (const l of lines) ins.run(batchId, l.titleId, l.quantity, l.unitPrice, l.acquisitionMode, l.existingCodes ? JSON.stringify(l.existingCodes) : null);
}
