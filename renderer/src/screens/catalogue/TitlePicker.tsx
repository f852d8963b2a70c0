import { useEffect, useState } from 'react';
import type { SearchHit } from '@shared/contract';
import { call } from '../../api';
import { Field, formatNumber } from '../../ui';

/** A title picked by its name (search without diacritics), never by internal id. */
export function TitlePicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [chosen, setChosen] = useState<string>('');
  useEffect(() => {
    if (!value) return setChosen('');
    let stale = false;
    call('catalogue.getTitle', { id: Number(value) })
      .then((r) => !stale && setChosen(`${r.title.title}${r.title.volume ? ` – ${r.title.volume}` : ''}${r.title.authors ? ` (${r.title.authors})` : ''}`))
      .catch(() => !stale && setChosen(''));
    return () => { stale = true; };
  }, [value]);
  useEffect(() => {
    if (!query.trim()) return setHits([]);
    let stale = false;
    const t = setTimeout(() => {
      call('catalogue.search', { query, limit: 12 }).then((r) => !stale && setHits(r.items)).catch(() => !stale && setHits([]));
    }, 200);
    return () => { stale = true; clearTimeout(t); };
  }, [query]);
  return (
    <div>
      <Field label="Tìm đầu sách" hint={chosen ? `Đã chọn: ${chosen}` : 'Gõ nhan đề, tác giả hoặc ISBN, rồi chọn trong danh sách.'}>
        <input name="titleQuery" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Ví dụ: de men" />
      </Field>
      {hits.length > 0 && (
        <ul className="picker-list" aria-label="Đầu sách tìm được">
          {hits.map((h) => (
            <li key={h.id}>
              <button type="button" onClick={() => { onChange(String(h.id)); setQuery(''); setHits([]); }}>
                {h.title}{h.volume ? ` – ${h.volume}` : ''} <span className="muted">{h.authors} · {h.seriesCode} · {formatNumber(h.copies)} bản</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
