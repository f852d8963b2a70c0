import { prepared, type Sql } from '../sql';

/** A phiếu nhập as listed (without its lines and its ĐKCB ranges). */
export interface BatchRow {
  id: number; status: 'draft' | 'confirmed'; registerNumber: number | null; date: string; source: 'mua' | 'bieu_tang' | 'cap_phat' | 'khac';
  voucherNumber: string; supplier: string; note: string; totalCopies: number; totalValue: number; createdAt: string;
  confirmedAt: string | null; firstCode: string | null; lastCode: string | null;
}
/** A line as shown: the title with its volume, its series, the ĐKCB kept from a handwritten register (JSON text). */
export interface BatchLineView {
  id: number; titleId: number; title: string; seriesCode: string; quantity: number; unitPrice: number; acquisitionMode: string;
  existingCodes: string | null;
}
/** A line as the numbering reads it. */
export interface BatchLineRow {
  id: number; titleId: number; quantity: number; unitPrice: number; acquisitionMode: string; existingCodes: string | null; seriesId: number;
}
export interface BatchHeader {
  date: string; source: string; voucherNumber: string; supplier: string; note: string; totalCopies: number; totalValue: number;
}
export interface BatchLineFields {
  titleId: number; quantity: number; unitPrice: number; acquisitionMode: string; existingCodes: string[] | null;
}
export interface NewCopy {
  titleId: number; seriesId: number; number: number; code: string; price: number; acquisitionMode: string; batchId: number; createdAt: string;
}

const BATCH = `SELECT b.id, b.status, b.register_number AS registerNumber, b.date, b.source, b.voucher_number AS voucherNumber, b.supplier,
  b.note, b.total_copies AS totalCopies, b.total_value AS totalValue, b.created_at AS createdAt, b.confirmed_at AS confirmedAt,
  (SELECT accession_code FROM copy WHERE batch_id = b.id ORDER BY id LIMIT 1) AS firstCode,
  (SELECT accession_code FROM copy WHERE batch_id = b.id ORDER BY id DESC LIMIT 1) AS lastCode
  FROM accession_batch b`;
const LIST_ORDER = `ORDER BY CASE b.status WHEN 'draft' THEN 0 ELSE 1 END, b.register_number DESC, b.id DESC LIMIT ?`;

const statements = (sql: Sql) => ({
  list: sql.prepare(`${BATCH} ${LIST_ORDER}`),
  listByStatus: sql.prepare(`${BATCH} WHERE b.status = ? ${LIST_ORDER}`),
  byId: sql.prepare(`${BATCH} WHERE b.id = ?`),
  status: sql.prepare('SELECT status FROM accession_batch WHERE id = ?').pluck(),
  codes: sql.prepare('SELECT accession_code FROM copy WHERE batch_id = ? ORDER BY series_id, accession_number').pluck(),
  // The volume is part of what people call the book: "Toán 6 – Tập một", never two lines both reading "Toán 6".
  lines: sql.prepare(`SELECT l.id, l.title_id AS titleId, t.title || CASE WHEN t.volume <> '' THEN ' – ' || t.volume ELSE '' END AS title,
      s.code AS seriesCode, l.quantity, l.unit_price AS unitPrice, l.acquisition_mode AS acquisitionMode, l.existing_codes AS existingCodes
    FROM accession_batch_line l JOIN title t ON t.id = l.title_id JOIN collection_series s ON s.id = t.series_id
    WHERE l.batch_id = ? ORDER BY l.id`),
  lineCodes: sql.prepare('SELECT accession_code FROM copy WHERE batch_id = ? AND title_id = ? ORDER BY series_id, accession_number').pluck(),
  titleExists: sql.prepare('SELECT 1 FROM title WHERE id = ?'),
  insert: sql.prepare(`INSERT INTO accession_batch (status, register_number, date, source, voucher_number, supplier, note,
    total_copies, total_value, created_at, confirmed_at) VALUES ('draft', NULL, @date, @source, @voucherNumber, @supplier, @note,
    @totalCopies, @totalValue, @createdAt, NULL)`),
  update: sql.prepare(`UPDATE accession_batch SET date = @date, source = @source, voucher_number = @voucherNumber, supplier = @supplier,
    note = @note, total_copies = @totalCopies, total_value = @totalValue WHERE id = @id`),
  delete: sql.prepare('DELETE FROM accession_batch WHERE id = ?'),
  insertLine: sql.prepare(`INSERT INTO accession_batch_line (batch_id, title_id, quantity, unit_price, acquisition_mode, existing_codes)
    VALUES (?, ?, ?, ?, ?, ?)`),
  deleteLines: sql.prepare('DELETE FROM accession_batch_line WHERE batch_id = ?'),
  linesToNumber: sql.prepare(`SELECT l.id, l.title_id AS titleId, l.quantity, l.unit_price AS unitPrice, l.acquisition_mode AS acquisitionMode,
      l.existing_codes AS existingCodes, t.series_id AS seriesId
    FROM accession_batch_line l JOIN title t ON t.id = l.title_id WHERE l.batch_id = ? ORDER BY l.id`),
  codeTaken: sql.prepare('SELECT 1 FROM copy WHERE accession_code = ? OR barcode = ?'),
  numberTaken: sql.prepare('SELECT 1 FROM copy WHERE series_id = ? AND accession_number = ?'),
  insertCopy: sql.prepare(`INSERT INTO copy (title_id, series_id, accession_number, accession_code, barcode, status, location, price,
    acquisition_mode, batch_id, note, created_at) VALUES (?, ?, ?, ?, ?, 'available', '', ?, ?, ?, '', ?)`),
  advanceSeries: sql.prepare('UPDATE collection_series SET next_number = ? WHERE id = ? AND next_number <= ?'),
  maxRegisterNumber: sql.prepare('SELECT MAX(register_number) FROM accession_batch').pluck(),
  markConfirmed: sql.prepare(`UPDATE accession_batch SET status = 'confirmed', register_number = ?, total_copies = ?, total_value = ?, confirmed_at = ?
    WHERE id = ?`),
});
const q = (sql: Sql) => prepared(sql, statements);

/** Drafts first, then the confirmed ones from the latest Sổ ĐKTQ number down. */
export function batchRows(sql: Sql, status: string | undefined, limit: number): BatchRow[] {
  return (status ? q(sql).listByStatus.all(status, limit) : q(sql).list.all(limit)) as BatchRow[];
}

export function batchById(sql: Sql, id: number): BatchRow | undefined {
  return q(sql).byId.get(id) as BatchRow | undefined;
}

export function batchStatus(sql: Sql, id: number): string | undefined {
  return q(sql).status.get(id) as string | undefined;
}

/** Every ĐKCB of a batch, by series and number. */
export function batchCodes(sql: Sql, batchId: number): string[] {
  return q(sql).codes.all(batchId) as string[];
}

export function batchLines(sql: Sql, batchId: number): BatchLineView[] {
  return q(sql).lines.all(batchId) as BatchLineView[];
}

export function batchLineCodes(sql: Sql, batchId: number, titleId: number): string[] {
  return q(sql).lineCodes.all(batchId, titleId) as string[];
}

export function titleExists(sql: Sql, titleId: number): boolean {
  return !!q(sql).titleExists.get(titleId);
}

export function insertBatch(sql: Sql, header: BatchHeader, createdAt: string): number {
  return Number(q(sql).insert.run({ ...header, createdAt }).lastInsertRowid);
}

export function updateBatch(sql: Sql, id: number, header: BatchHeader): void {
  q(sql).update.run({ ...header, id });
}

/** Deletes a batch and its lines. */
export function deleteBatch(sql: Sql, id: number): void {
  q(sql).deleteLines.run(id);
  q(sql).delete.run(id);
}

export function deleteBatchLines(sql: Sql, batchId: number): void {
  q(sql).deleteLines.run(batchId);
}

export function insertBatchLines(sql: Sql, batchId: number, lines: BatchLineFields[]): void {
  const ins = q(sql).insertLine;
  for (const l of lines) ins.run(batchId, l.titleId, l.quantity, l.unitPrice, l.acquisitionMode, l.existingCodes ? JSON.stringify(l.existingCodes) : null);
}

export function linesToNumber(sql: Sql, batchId: number): BatchLineRow[] {
  return q(sql).linesToNumber.all(batchId) as BatchLineRow[];
}

/** A copy already carries this code (as ĐKCB or barcode). */
export function codeTaken(sql: Sql, code: string): boolean {
  return !!q(sql).codeTaken.get(code, code);
}

export function numberTaken(sql: Sql, seriesId: number, number: number): boolean {
  return !!q(sql).numberTaken.get(seriesId, number);
}

export function insertCopy(sql: Sql, c: NewCopy): void {
  q(sql).insertCopy.run(c.titleId, c.seriesId, c.number, c.code, c.code, c.price, c.acquisitionMode, c.batchId, c.createdAt);
}

/** Moves a series' next number forward (never back). */
export function advanceSeries(sql: Sql, seriesId: number, nextNumber: number): void {
  q(sql).advanceSeries.run(nextNumber, seriesId, nextNumber);
}

export function maxRegisterNumber(sql: Sql): number {
  return (q(sql).maxRegisterNumber.get() as number | null) ?? 0;
}

export function markBatchConfirmed(sql: Sql, id: number, registerNumber: number, totalCopies: number, totalValue: number, confirmedAt: string): void {
  q(sql).markConfirmed.run(registerNumber, totalCopies, totalValue, confirmedAt, id);
}
