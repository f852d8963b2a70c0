import type { Database } from 'better-sqlite3';
import { fold } from '../../shared/text';

/** The folded text a title is found by: title, subtitle, volume, authors, publisher, ISBN, keywords, class. */
export function titleSearchBody(t: {
  title: string; subtitle?: string; volume?: string; authors?: string; publisher?: string;
  isbn?: string | null; keywords?: string; classification?: string;
}): string {
  return fold([t.title, t.subtitle, t.volume, t.authors, t.publisher, t.isbn, t.keywords, t.classification]
    .filter(Boolean).join(' '));
}

/** Rewrites the FTS rows of the given titles (all when ids is omitted). Call inside the write's transaction. */
export function reindexTitles(raw: Database, ids?: number[]): void {
  const select = raw.prepare(
    'SELECT id, title, subtitle, volume, authors, publisher, isbn, keywords, classification FROM title WHERE id = ?');
  const del = raw.prepare('DELETE FROM title_fts WHERE rowid = ?');
  const ins = raw.prepare('INSERT INTO title_fts (rowid, body) VALUES (?, ?)');
  const list = ids ?? (raw.prepare('SELECT id FROM title').all() as { id: number }[]).map((r) => r.id);
  for (const id of list) {
    del.run(id);
    const row = select.get(id) as Parameters<typeof titleSearchBody>[0] | undefined;
    if (row) ins.run(id, titleSearchBody(row));
  }
}
