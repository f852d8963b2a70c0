import { useEffect, useState } from 'react';
import type { ReaderDto } from '@shared/contract';
import { call } from '../../api';
import { Field } from '../../ui';

/** A reader picked by name, card or class (search without diacritics), never by internal id. */
export function ReaderPicker({ value, onChange }: { value: ReaderDto | null; onChange: (r: ReaderDto | null) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ReaderDto[]>([]);
  useEffect(() => {
    if (!query.trim()) return setHits([]);
    let stale = false;
    const t = setTimeout(() => {
      call('readers.list', { q: query, limit: 12 }).then((r) => !stale && setHits(r.rows)).catch(() => !stale && setHits([]));
    }, 200);
    return () => { stale = true; clearTimeout(t); };
  }, [query]);
  const group = (r: ReaderDto) => (r.kind === 'student' ? `Lớp ${r.className}` : r.department || 'Cán bộ');
  return (
    <div>
      <Field label="Tìm bạn đọc" hint={value ? `Đã chọn: ${value.fullName} — ${group(value)}` : 'Gõ họ tên, số thẻ hoặc lớp, rồi chọn trong danh sách.'}>
        <input name="readerQuery" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Ví dụ: nguyen van an" />
      </Field>
      {hits.length > 0 && (
        <ul className="picker-list" aria-label="Bạn đọc tìm được">
          {hits.map((r) => (
            <li key={r.id}>
              <button type="button" onClick={() => { onChange(r); setQuery(''); setHits([]); }}>
                {r.fullName} <span className="muted">{group(r)} · Thẻ {r.cardNumber}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
