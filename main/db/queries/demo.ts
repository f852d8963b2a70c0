import { prepared, type Sql } from '../sql';

/**
 * The demo generator's writes: bulk inserts as prepared statements, run inside the generator's one
 * `transaction()`. Positional parameters in the order of each statement's columns.
 */
const statements = (sql: Sql) => ({
  copies: sql.prepare('SELECT COUNT(*) AS n FROM copy'),
  readers: sql.prepare('SELECT COUNT(*) AS n FROM reader'),
  series: sql.prepare('SELECT id, code, prefix, separator, padding, next_number AS nextNumber FROM collection_series'),
  title: sql.prepare(`INSERT INTO title (title, subtitle, volume, authors, publisher, place_of_publication, publication_year,
      edition, pages, size_cm, cover_price, isbn, language, series_id, classification, author_mark, keywords, summary, grade_level, subject,
      dedupe_key, sort_key, created_at, updated_at) VALUES (?, '', ?, ?, ?, ?, ?, '', ?, ?, ?, NULL, 'vi', ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`),
  batch: sql.prepare(`INSERT INTO accession_batch (status, register_number, date, source, voucher_number, supplier, note,
      total_copies, total_value, created_at, confirmed_at) VALUES ('confirmed', ?, ?, ?, ?, ?, '', 0, 0, ?, ?)`),
  line: sql.prepare('INSERT INTO accession_batch_line (batch_id, title_id, quantity, unit_price, acquisition_mode) VALUES (?, ?, ?, ?, ?)'),
  copy: sql.prepare(`INSERT INTO copy (title_id, series_id, accession_number, accession_code, barcode, status, location, price,
      acquisition_mode, batch_id, note, created_at) VALUES (?, ?, ?, ?, ?, 'available', ?, ?, ?, ?, '', ?)`),
  batchTotals: sql.prepare('UPDATE accession_batch SET total_copies = ?, total_value = ? WHERE id = ?'),
  seriesNext: sql.prepare('UPDATE collection_series SET next_number = ? WHERE code = ?'),
  reader: sql.prepare(`INSERT INTO reader (kind, code, card_number, full_name, search_text, birth_date, sex, class_name, grade,
      department, position, subject, phone, school_year, first_school_year, active, photo, card_issued_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, 1, NULL, ?, ?, ?)`),
  loan: sql.prepare(`INSERT INTO loan (copy_id, reader_id, kind, checkout_at, due_at, returned_at, renewals, class_set, note)
      VALUES (?, ?, ?, ?, ?, ?, 0, ?, '')`),
  copyStatus: sql.prepare('UPDATE copy SET status = ? WHERE id = ?'),
  visit: sql.prepare(`INSERT INTO visit (reader_id, visited_at, headcount, purpose, note) VALUES (?, ?, ?, 'read', '')`),
  // Lượt đọc tại chỗ: at every third student visit the reader reads a shelf copy of STK/STN (picked by the visit id).
  inLibraryUses: sql.prepare(`INSERT INTO in_library_use (copy_id, reader_id, used_at)
      WITH shelf AS (SELECT c.id, ROW_NUMBER() OVER (ORDER BY c.id) - 1 AS k FROM copy c JOIN collection_series s ON s.id = c.series_id
          WHERE s.code IN ('STK', 'STN') AND c.status = 'available'),
        n AS (SELECT COUNT(*) AS n FROM shelf)
      SELECT sh.id, v.reader_id, v.visited_at FROM visit v JOIN reader r ON r.id = v.reader_id JOIN n JOIN shelf sh ON sh.k = (v.id * 37) % n.n
      WHERE r.kind = 'student' AND v.id % 3 = 0 AND n.n > 0 ORDER BY v.id`),
  withdrawal: sql.prepare(`INSERT INTO withdrawal (status, number, date, approval_date, members, decision_number, note, created_at, confirmed_at)
      VALUES ('confirmed', ?, ?, ?, ?, ?, '', ?, ?)`),
  withdrawalItem: sql.prepare('INSERT INTO withdrawal_item (withdrawal_id, copy_id, reason, reason_note, price) VALUES (?, ?, ?, ?, ?)'),
  withdraw: sql.prepare("UPDATE copy SET status = 'withdrawn', withdrawal_id = ?, note = ? WHERE id = ?"),
  openShortLoans: sql.prepare(`SELECT l.id, l.copy_id AS copyId FROM loan l JOIN copy c ON c.id = l.copy_id
      WHERE l.returned_at IS NULL AND l.kind = 'short' ORDER BY l.id LIMIT ?`),
  loanLost: sql.prepare('UPDATE loan SET lost_at = ?, compensation = ?, compensation_amount = ? WHERE id = ?'),
  activity: sql.prepare(`INSERT INTO reading_activity (date, name, form, audience, participants, person_in_charge, notes, evidence, created_at)
      VALUES (?, ?, ?, ?, ?, ?, '', '[]', ?)`),
});

type Value = string | number | null;
const run = (stmt: { run: (...p: Value[]) => { lastInsertRowid: number | bigint } }) => (...params: Value[]) => Number(stmt.run(...params).lastInsertRowid);

/** The statements of the demo generator, each a function returning the new row's id (for inserts). */
export function demoWriter(sql: Sql) {
  const s = prepared(sql, statements);
  return {
    /** Copies plus readers already in the database (the generator only fills an empty one). */
    existingRows: () => (s.copies.get() as { n: number }).n + (s.readers.get() as { n: number }).n,
    series: () => s.series.all() as { id: number; code: string; prefix: string; separator: string; padding: number; nextNumber: number }[],
    /** title, volume, authors, publisher, place, year, pages, size, price, seriesId, classification, authorMark, keywords, grade, subject, dedupeKey, sortKey, created, updated */
    title: run(s.title),
    /** registerNumber, date, source, voucherNumber, supplier, created, confirmed */
    batch: run(s.batch),
    /** batchId, titleId, quantity, unitPrice, mode */
    line: run(s.line),
    /** titleId, seriesId, number, code, barcode, location, price, mode, batchId, createdAt */
    copy: run(s.copy),
    /** copies, value, batchId */
    batchTotals: run(s.batchTotals),
    /** nextNumber, seriesCode */
    seriesNext: run(s.seriesNext),
    /** kind, code, card, name, searchText, birthDate, sex, class, grade, department, position, subject, year, firstYear, cardIssued, created, updated */
    reader: run(s.reader),
    /** copyId, readerId, kind, checkoutAt, dueAt, returnedAt, classSet */
    loan: run(s.loan),
    /** status, copyId */
    copyStatus: run(s.copyStatus),
    /** readerId, visitedAt, headcount */
    visit: run(s.visit),
    /** Lượt đọc tại chỗ for a third of the students' visits, once the visits are written; returns how many. */
    inLibraryUses: () => Number(s.inLibraryUses.run().changes),
    /** number, date, approvalDate, members, decisionNumber, created, confirmed */
    withdrawal: run(s.withdrawal),
    /** withdrawalId, copyId, reason, reasonNote, price */
    withdrawalItem: run(s.withdrawalItem),
    /** withdrawalId, note, copyId */
    withdraw: run(s.withdraw),
    openShortLoans: (limit: number) => s.openShortLoans.all(limit) as { id: number; copyId: number }[],
    /** lostAt, compensation, amount, loanId */
    loanLost: run(s.loanLost),
    /** date, name, form, audience, participants, personInCharge, created */
    activity: run(s.activity),
  };
}
