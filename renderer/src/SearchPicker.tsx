import { useEffect, useState, type ReactNode } from 'react';
import { Field } from './ui';

/** Milliseconds of no typing before the list is searched (a search per key would flood the desk). */
const TYPING_PAUSE_MS = 200;

/**
 * Search as you type, pick from the list: the shape of the title picker and the reader picker. `search` runs once
 * typing pauses (an answer for an older query is dropped, a failed one shows nothing); choosing a row hands it to
 * `onPick` and clears the field. What was picked is said in `hint`, never an internal id.
 */
export function SearchPicker<T extends { id: number }>({ label, hint, name, placeholder, listLabel, search, row, onPick }: {
  label: string;
  hint: string;
  name: string;
  placeholder: string;
  /** The list's accessible name ("Bạn đọc tìm được"). */
  listLabel: string;
  search: (query: string) => Promise<T[]>;
  row: (item: T) => ReactNode;
  onPick: (item: T) => void;
}) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<T[]>([]);
  useEffect(() => {
    if (!query.trim()) return setHits([]);
    let stale = false;
    const t = setTimeout(() => {
      search(query).then((r) => !stale && setHits(r)).catch(() => !stale && setHits([]));
    }, TYPING_PAUSE_MS);
    return () => { stale = true; clearTimeout(t); };
    // `search` is a new function at each render of the caller; the query alone decides when to search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);
  return (
    <div>
      <Field label={label} hint={hint}>
        <input name={name} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={placeholder} />
      </Field>
      {hits.length > 0 && (
        <ul className="picker-list" aria-label={listLabel}>
          {hits.map((h) => (
            <li key={h.id}>
              <button type="button" onClick={() => { onPick(h); setQuery(''); setHits([]); }}>{row(h)}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
