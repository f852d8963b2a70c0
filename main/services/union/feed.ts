import { schoolYearOf, schoolYearRange, todayIso } from '../../../shared/dates';
import { transaction, type Sql } from '../../db/sql';
import { unionCounts, unionFeedAfter, unionLoansPerMonth, type UnionFeedRow } from '../../db/queries/union';
import { UNION_BATCH_MAX, type UnionRecord, type UnionSummary } from './protocol';

/**
 * The school's side of the union catalogue: what the change feed holds after a cursor, as the records
 * and summary of the push protocol (protocol.ts). Bibliographic data and counts only — no reader data is
 * read here, so none can travel.
 */

/** A batch to send: its records, the feed position it ends at, and whether more follow. */
export interface UnionBatch {
  records: UnionRecord[];
  /** The feed position the batch ends at (`since` when it is empty). */
  cursor: number;
  /** True when this is the last batch (nothing after `cursor` yet). */
  last: boolean;
}

const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** A feed row as the union record of its title: counts as the school's OPAC shows them. */
export function unionRecordOf(row: UnionFeedRow): UnionRecord {
  const id = String(row.id);
  if (row.title === null || row.kept === 0) {
    // Deleted, or no copy left that is not withdrawn: the union drops the school's holding.
    return { id, title: cut(row.title?.trim() || id, 1000), authors: [], isbn: null, publisher: null, year: null, total: 0, available: 0, removed: true };
  }
  const authors = (row.authors ?? '').split(';').map((a) => a.trim()).filter(Boolean).slice(0, 50).map((a) => cut(a, 300));
  return {
    id,
    title: cut(row.title.trim() || '—', 1000),
    authors,
    isbn: row.isbn && row.isbn.length <= 20 ? row.isbn : null,
    publisher: row.publisher ? cut(row.publisher, 300) : null,
    year: row.publicationYear,
    total: Number(row.total),
    available: Number(row.available),
    removed: false,
  };
}

/** The next batch after `since` (at most `max` records), read in one transaction (one consistent moment). */
export function readUnionBatch(sql: Sql, since: number, max = UNION_BATCH_MAX): UnionBatch {
  return transaction(sql, () => {
    const rows = unionFeedAfter(sql, since, max + 1);
    const sent = rows.slice(0, max);
    return { records: sent.map(unionRecordOf), cursor: sent.length ? sent[sent.length - 1].seq : since, last: rows.length <= max };
  }, { readOnly: true });
}

/**
 * The figures for the district's statistics: active students, titles and copies in stock, digital
 * resources, and loans taken home per month of this school year and the previous one.
 */
export function unionSummary(sql: Sql, now: Date): UnionSummary {
  const year = schoolYearOf(todayIso(now));
  const previous = `${Number(year.slice(0, 4)) - 1}-${year.slice(0, 4)}`;
  return transaction(sql, () => ({
    ...unionCounts(sql),
    loansPerMonth: Object.fromEntries(unionLoansPerMonth(sql, schoolYearRange(previous).from).map((r) => [r.month, Number(r.loans)])),
  }), { readOnly: true });
}
