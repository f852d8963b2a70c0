import { allTitleIds, titleIndexSource, writeIndexRow } from '../../db/queries/catalogue';
import type { Sql } from '../../db/sql';
import { fold } from '../../../shared/text';

/** The folded text a title is found by: title, subtitle, volume, authors, publisher, ISBN, keywords, class. */
export function titleSearchBody(t: {
  title: string; subtitle?: string; volume?: string; authors?: string; publisher?: string;
  isbn?: string | null; keywords?: string; classification?: string;
}): string {
  return fold([t.title, t.subtitle, t.volume, t.authors, t.publisher, t.isbn, t.keywords, t.classification]
    .filter(Boolean).join(' '));
}

/** Rewrites the search-index rows of the given titles (all when ids is omitted). Call inside the write's transaction. */
export function reindexTitles(sql: Sql, ids?: number[]): void {
  for (const id of ids ?? allTitleIds(sql)) {
    const row = titleIndexSource(sql, id);
    writeIndexRow(sql, id, row ? titleSearchBody(row) : null);
  }
}
