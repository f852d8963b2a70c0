import type { ReaderDto } from '@shared/contract';
import { call } from '../../api';
import { SearchPicker } from '../../SearchPicker';

const group = (r: ReaderDto) => (r.kind === 'student' ? `Lớp ${r.className}` : r.department || 'Cán bộ');

/** A reader picked by name, card or class (search without diacritics), never by internal id. */
export function ReaderPicker({ value, onChange }: { value: ReaderDto | null; onChange: (r: ReaderDto | null) => void }) {
  return (
    <SearchPicker<ReaderDto>
      label="Tìm bạn đọc" name="readerQuery" placeholder="Ví dụ: nguyen van an" listLabel="Bạn đọc tìm được"
      hint={value ? `Đã chọn: ${value.fullName} — ${group(value)}` : 'Gõ họ tên, số thẻ hoặc lớp, rồi chọn trong danh sách.'}
      search={(q) => call('readers.list', { q, limit: 12 }).then((r) => r.rows)}
      row={(r) => <>{r.fullName} <span className="muted">{group(r)} · Thẻ {r.cardNumber}</span></>}
      onPick={onChange}
    />
  );
}
