import { prepared, type Sql } from '../sql';

/**
 * MARC 21 export and import (main/services/catalogue/marc-*.ts): the rows a record is built from and
 * the few writes an import adds after the phiếu nhập has numbered its copies. Data access only.
 */

/** A title as a MARC record carries it (the stored columns), with its series code. */
export interface MarcTitleRow {
  id: number; title: string; subtitle: string; volume: string; authors: string; publisher: string; placeOfPublication: string;
  publicationYear: number | null; edition: string; pages: number | null; sizeCm: number | null; coverPrice: number | null;
  isbn: string | null; language: string; seriesCode: string; classification: string; authorMark: string; keywords: string;
  summary: string; gradeLevel: number | null; subject: string;
}

/** A copy the export writes as an 852: every copy not withdrawn (on the shelf, lent or lost). */
export interface MarcCopyRow { titleId: number; accessionCode: string; barcode: string; status: string; location: string }

const statements = (sql: Sql) => ({
  titles: sql.prepare(`SELECT t.id, t.title, t.subtitle, t.volume, t.authors, t.publisher, t.place_of_publication AS placeOfPublication,
      t.publication_year AS publicationYear, t.edition, t.pages, t.size_cm AS sizeCm, t.cover_price AS coverPrice, t.isbn, t.language,
      s.code AS seriesCode, t.classification, t.author_mark AS authorMark, t.keywords, t.summary, t.grade_level AS gradeLevel, t.subject
    FROM title t JOIN collection_series s ON s.id = t.series_id ORDER BY t.id`),
  // Withdrawn: the status, or a confirmed biên bản xuất (docs/domain.md, "Trạng thái bản sách (copy status)").
  copies: sql.prepare(`SELECT c.title_id AS titleId, c.accession_code AS accessionCode, c.barcode, c.status, c.location
    FROM copy c JOIN collection_series s ON s.id = c.series_id
    WHERE c.status <> 'withdrawn' AND c.withdrawal_id IS NULL ORDER BY c.title_id, s.sort_order, c.accession_number`),
  copyByCode: sql.prepare(`SELECT c.id, c.title_id AS titleId, c.accession_code AS accessionCode FROM copy c
    WHERE c.accession_code = ? OR c.barcode = ? LIMIT 1`),
  finishCopy: sql.prepare('UPDATE copy SET barcode = @barcode, location = @location, status = @status WHERE accession_code = @code'),
});
const q = (sql: Sql) => prepared(sql, statements);

/** Every title in id order (the order an import creates them in, so a round trip keeps it). */
export function marcTitleRows(sql: Sql): IterableIterator<MarcTitleRow> {
  return q(sql).titles.iterate() as IterableIterator<MarcTitleRow>;
}

/** Every copy not withdrawn, by title then ĐKCB (read whole: the titles are iterated meanwhile on the same connection). */
export function marcCopyRows(sql: Sql): MarcCopyRow[] {
  return q(sql).copies.all() as MarcCopyRow[];
}

/** The copy whose ĐKCB or barcode is this code, if any. */
export function copyWithCode(sql: Sql, code: string): { id: number; titleId: number; accessionCode: string } | undefined {
  return q(sql).copyByCode.get(code, code) as { id: number; titleId: number; accessionCode: string } | undefined;
}

/** After numbering: the imported copy's own barcode, kho/kệ, and status (lost). */
export function finishImportedCopy(sql: Sql, c: { code: string; barcode: string; location: string; status: 'available' | 'lost' }): void {
  q(sql).finishCopy.run(c);
}
