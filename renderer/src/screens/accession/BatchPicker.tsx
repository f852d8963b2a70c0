import { SOURCE_LABELS } from '@shared/contract/enums';
import { formatDate } from '@shared/dates';
import { call } from '../../api';
import { Field, formatNumber, useLoad } from '../../ui';

/** Phiếu nhập by number and date (never by internal id): the confirmed ones, newest first. */
export function BatchPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { data, error } = useLoad(() => call('accession.list', { status: 'confirmed', limit: 1000 }));
  return (
    <Field label="Phiếu nhập" hint={error ?? 'Nhãn cho các bản sách của phiếu (số ĐKCB phiếu đã cấp).'}>
      <select name="batch" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">— Chọn phiếu nhập —</option>
        {data?.map((b) => (
          <option key={b.id} value={b.id}>
            Phiếu số {b.registerNumber ?? '—'} ngày {formatDate(b.date)} · {SOURCE_LABELS[b.source] ?? b.source}{b.supplier ? ` (${b.supplier})` : ''} · {formatNumber(b.totalCopies)} bản{b.codeRanges ? ` · ${b.codeRanges}` : ''}
          </option>
        ))}
      </select>
    </Field>
  );
}
