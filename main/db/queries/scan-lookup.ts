import { prepared, type Sql } from '../sql';

/** The open loan of a copy with its holder (cardNumber: the card, or the reader code when there is none). */
export interface OpenLoanHolder {
  readerId: number; kind: string; dueAt: string; readerName: string; cardNumber: string; className: string; department: string;
}

const statements = (sql: Sql) => ({
  openLoanHolder: sql.prepare(`SELECT l.reader_id AS readerId, l.kind, l.due_at AS dueAt, r.full_name AS readerName,
    COALESCE(NULLIF(r.card_number, ''), r.code) AS cardNumber, r.class_name AS className, r.department
    FROM loan l JOIN reader r ON r.id = l.reader_id WHERE l.copy_id = ? AND l.returned_at IS NULL AND l.lost_at IS NULL`),
  titleByIsbn: sql.prepare('SELECT id, title, volume FROM title WHERE isbn = ? LIMIT 1'),
});
const q = (sql: Sql) => prepared(sql, statements);

export function openLoanHolder(sql: Sql, copyId: number): OpenLoanHolder | undefined {
  return q(sql).openLoanHolder.get(copyId) as OpenLoanHolder | undefined;
}

export function titleByIsbn(sql: Sql, isbn: string): { id: number; title: string; volume: string } | undefined {
  return q(sql).titleByIsbn.get(isbn) as { id: number; title: string; volume: string } | undefined;
}
