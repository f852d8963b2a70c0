import { useEffect, useState, type FormEvent } from 'react';
import type { PolicyDto } from '@shared/contract';
import { readerKindLabels } from '@shared/contract/enums';
import { formatDate, parseDate } from '@shared/dates';
import { DEFAULT_HOLD_DAYS, defaultMaxReservations } from '@shared/loan-rules';
import { call } from '../../api';
import { errorMessage, Notice, useLoad } from '../../ui';

const EMPTY: PolicyDto = {
  readerKind: 'student', seriesCode: '', maxItems: 2, loanDays: 7, maxRenewals: 1, inLibraryOnly: false, untilYearEnd: false,
  maxReservations: defaultMaxReservations('student'), holdDays: DEFAULT_HOLD_DAYS,
};

/** Nội quy mượn sách (per reader kind × series) and the holidays due dates skip. Part of Cài đặt. */
export function LoanRulesPanel() {
  const rules = useLoad(() => call('loanRules.list', {}));
  const series = useLoad(() => call('settings.listSeries', {}));
  const holidays = useLoad(() => call('loanRules.holidays', {}));
  const [editing, setEditing] = useState<PolicyDto | null>(null);
  const [holidayText, setHolidayText] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  useEffect(() => {
    if (holidays.data) setHolidayText(holidays.data.dates.map((d) => formatDate(d)).join('\n'));
  }, [holidays.data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    try {
      await call('loanRules.save', editing);
      setEditing(null);
      setMessage({ kind: 'success', text: 'Đã lưu quy định mượn.' });
      await rules.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  const remove = async (r: PolicyDto & { id: number }) => {
    if (!window.confirm(`Xóa quy định mượn của ${readerKindLabels[r.readerKind].toLowerCase()} với ${seriesName(r.seriesCode)}? Sau khi xóa, loại này theo quy định "Mọi loại khác".`)) return;
    try {
      await call('loanRules.delete', { id: r.id });
      setMessage({ kind: 'success', text: 'Đã xóa quy định mượn.' });
      await rules.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  const saveHolidays = async () => {
    const lines = holidayText.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);
    const bad = lines.filter((l) => !parseDate(l));
    if (bad.length) {
      setMessage({ kind: 'error', text: `Ngày không hợp lệ: ${bad.join(', ')} (ghi dạng 01/01/2027).` });
      return;
    }
    try {
      const r = await call('loanRules.saveHolidays', { dates: lines.map((l) => parseDate(l)!) });
      setMessage({ kind: 'success', text: `Đã lưu ${r.dates.length} ngày nghỉ.` });
      await holidays.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  const num = (k: 'maxItems' | 'loanDays' | 'maxRenewals' | 'maxReservations' | 'holdDays') => (e: { target: { value: string } }) =>
    editing && setEditing({ ...editing, [k]: Number(e.target.value.replace(/\D/g, '')) || 0 });

  const seriesName = (code: string) => (code === '*' ? 'Mọi loại khác (*)' : series.data?.find((s) => s.code === code)?.name ?? code);

  return (
    <section className="panel" aria-label="Nội quy mượn sách">
      <h2>Nội quy mượn sách</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {rules.error && <Notice kind="error">{rules.error}</Notice>}
      <table className="data">
        <thead><tr><th>Đối tượng</th><th>Loại tài liệu</th><th className="num">Tối đa (cuốn)</th><th className="num">Số ngày</th><th className="num">Gia hạn</th><th>Cách mượn</th><th className="num">Đặt trước (đầu sách)</th><th className="num">Giữ sách đặt trước (ngày)</th><th></th></tr></thead>
        <tbody>
          {rules.data?.map((r) => (
            <tr key={r.id}>
              <td>{readerKindLabels[r.readerKind]}</td><td>{seriesName(r.seriesCode)}</td>
              <td className="num">{r.inLibraryOnly ? '—' : r.maxItems}</td>
              <td className="num">{r.untilYearEnd || r.inLibraryOnly ? '—' : r.loanDays}</td>
              <td className="num">{r.maxRenewals}</td>
              <td>{r.inLibraryOnly ? 'Chỉ đọc tại chỗ' : r.untilYearEnd ? 'Dài hạn đến cuối năm học' : 'Mượn về'}</td>
              <td className="num">{r.maxReservations === 0 ? 'không' : r.maxReservations}</td>
              <td className="num">{r.holdDays}</td>
              <td className="loan-actions">
                <button type="button" onClick={() => setEditing(r)}>Sửa</button>
                {r.seriesCode !== '*' && <button type="button" className="danger" onClick={() => remove(r)}>Xóa</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!editing && <div className="row" style={{ marginTop: 10 }}><button type="button" onClick={() => setEditing({ ...EMPTY })}>Thêm quy định</button></div>}
      {editing && (
        <form noValidate onSubmit={save} className="row" style={{ marginTop: 12 }} aria-label="Sửa quy định mượn">
          <select aria-label="Đối tượng" value={editing.readerKind} onChange={(e) => { const readerKind = e.target.value as PolicyDto['readerKind']; setEditing({ ...editing, readerKind, maxReservations: defaultMaxReservations(readerKind) }); }} disabled={!!editing.id}>
            {Object.entries(readerKindLabels).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
          <select aria-label="Loại tài liệu" value={editing.seriesCode} onChange={(e) => setEditing({ ...editing, seriesCode: e.target.value })} disabled={!!editing.id}>
            <option value="">— loại tài liệu —</option>
            <option value="*">Mọi loại khác (*)</option>
            {series.data?.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
          </select>
          <label>Tối đa <input aria-label="Tối đa" style={{ width: 60 }} value={editing.maxItems} onChange={num('maxItems')} /> cuốn</label>
          <label><input aria-label="Số ngày" style={{ width: 60 }} value={editing.loanDays} onChange={num('loanDays')} /> ngày</label>
          <label>gia hạn <input aria-label="Số lần gia hạn" style={{ width: 50 }} value={editing.maxRenewals} onChange={num('maxRenewals')} /> lần</label>
          <label>đặt trước tối đa <input aria-label="Số đầu sách được đặt trước" style={{ width: 50 }} value={editing.maxReservations ?? ''} onChange={num('maxReservations')} /> đầu sách</label>
          <label>giữ sách đặt trước <input aria-label="Số ngày giữ sách đặt trước" style={{ width: 50 }} value={editing.holdDays ?? ''} onChange={num('holdDays')} /> ngày</label>
          <label><input type="checkbox" checked={editing.inLibraryOnly} onChange={(e) => setEditing({ ...editing, inLibraryOnly: e.target.checked, untilYearEnd: false })} /> chỉ đọc tại chỗ</label>
          <label><input type="checkbox" checked={editing.untilYearEnd} onChange={(e) => setEditing({ ...editing, untilYearEnd: e.target.checked, inLibraryOnly: false })} /> dài hạn đến cuối năm học</label>
          <button type="submit" className="primary">Lưu</button>
          <button type="button" onClick={() => setEditing(null)}>Hủy</button>
        </form>
      )}
      <h2 style={{ marginTop: 16 }}>Ngày nghỉ (hạn trả tránh Chủ nhật và các ngày này)</h2>
      <textarea aria-label="Ngày nghỉ" rows={4} style={{ width: 260 }} value={holidayText} onChange={(e) => setHolidayText(e.target.value)} placeholder={'01/01/2027\n17/02/2027'} />
      <div className="row" style={{ marginTop: 8 }}><button type="button" onClick={saveHolidays}>Lưu ngày nghỉ</button></div>
    </section>
  );
}
