import { useEffect, useState } from 'react';
import type { SearchHit } from '@shared/contract';
import { call } from '../../api';
import { SearchPicker } from '../../SearchPicker';
import { formatNumber } from '../../ui';

/** A title picked by its name (search without diacritics), never by internal id. */
export function TitlePicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const [chosen, setChosen] = useState<string>('');
  useEffect(() => {
    if (!value) return setChosen('');
    let stale = false;
    call('catalogue.getTitle', { id: Number(value) })
      .then((r) => !stale && setChosen(`${r.title.title}${r.title.volume ? ` – ${r.title.volume}` : ''}${r.title.authors ? ` (${r.title.authors})` : ''}`))
      .catch(() => !stale && setChosen(''));
    return () => { stale = true; };
  }, [value]);
  return (
    <SearchPicker<SearchHit>
      label="Tìm đầu sách" name="titleQuery" placeholder="Ví dụ: de men" listLabel="Đầu sách tìm được"
      hint={chosen ? `Đã chọn: ${chosen}` : 'Gõ nhan đề, tác giả hoặc ISBN, rồi chọn trong danh sách.'}
      search={(query) => call('catalogue.search', { query, limit: 12 }).then((r) => r.items)}
      row={(h) => <>{h.title}{h.volume ? ` – ${h.volume}` : ''} <span className="muted">{h.authors} · {h.seriesCode} · {formatNumber(h.copies)} bản</span></>}
      onPick={(h) => onChange(String(h.id))}
    />
  );
}
