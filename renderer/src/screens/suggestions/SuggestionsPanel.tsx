import { useState, type FormEvent } from 'react';
import type { Plan } from '@shared/contract';
import { suggestionSourceLabels, suggestionStatusLabels } from '@shared/contract/enums';
import { formatDateTime } from '@shared/dates';
import { call } from '../../api';
import { errorMessage, Field, formatNumber, Notice, useLoad, type Message } from '../../ui';

/** The inbox of purchase suggestions (typed here, or sent from the OPAC); with an open plan, chosen ones become lines. */
export function SuggestionsPanel({ plan, onDone, onClose }: { plan: Plan | null; onDone: () => Promise<void>; onClose?: () => void }) {
  const { data, error, reload } = useLoad(() => call('suggestions.list', {}));
  const [chosen, setChosen] = useState<number[]>([]);
  const [form, setForm] = useState({ title: '', author: '', who: '', why: '' });
  const [message, setMessage] = useState<Message>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const s = await call('suggestions.add', form);
      setMessage({ kind: 'success', text: `Đã ghi đề xuất "${s.title}".` });
      setForm({ title: '', author: '', who: '', why: '' });
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const toPlan = async () => {
    if (!plan) return;
    try {
      await call('plan.addSuggestions', { planId: plan.id, suggestionIds: chosen });
      setMessage({ kind: 'success', text: `Đã đưa ${formatNumber(chosen.length)} đề xuất vào kế hoạch (số lượng 1; sửa đơn giá, số lượng ở bảng dưới).` });
      setChosen([]);
      await Promise.all([reload(), onDone()]);
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const reject = async (id: number) => {
    try {
      await call('suggestions.setStatus', { id, status: 'rejected' });
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const spam = async () => {
    if (!window.confirm(`Đánh dấu ${formatNumber(chosen.length)} đề xuất là thư rác? Chúng sẽ rời hộp đề xuất; đề xuất giống hệt gửi sau cũng vào thư rác.`)) return;
    try {
      const r = await call('suggestions.markSpam', { ids: chosen });
      setMessage({ kind: 'success', text: `Đã đánh dấu ${formatNumber(r.marked)} đề xuất là thư rác và bỏ khỏi hộp đề xuất.` });
      setChosen([]);
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const open = (data ?? []).filter((s) => s.status === 'new');
  return (
    <section className="panel" aria-label="Đề xuất mua sách" id="hop-de-xuat">
      <div className="row"><h2>Đề xuất của giáo viên, học sinh</h2>{onClose && <button type="button" onClick={onClose}>Đóng</button>}</div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={add} aria-label="Ghi đề xuất" className="grid-3" noValidate>
        <Field label="Nhan đề đề xuất"><input name="suggestionTitle" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} /></Field>
        <Field label="Tác giả"><input name="suggestionAuthor" value={form.author} onChange={(e) => setForm({ ...form, author: e.target.value })} /></Field>
        <Field label="Người đề xuất"><input name="suggestionWho" value={form.who} onChange={(e) => setForm({ ...form, who: e.target.value })} /></Field>
        <Field label="Lý do"><input name="suggestionWhy" value={form.why} onChange={(e) => setForm({ ...form, why: e.target.value })} /></Field>
        <div className="row"><button type="submit">Ghi đề xuất</button></div>
      </form>
      <table className="data" aria-label="Hộp đề xuất">
        <thead><tr><th></th><th>Ngày</th><th>Nhan đề</th><th>Tác giả</th><th>Người đề xuất</th><th>Lý do</th><th>Nguồn</th><th>Trạng thái</th><th></th></tr></thead>
        <tbody>{(data ?? []).map((s) => (
          <tr key={s.id}>
            <td>{s.status === 'new' && <input type="checkbox" aria-label={`Chọn ${s.title}`} checked={chosen.includes(s.id)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))} />}</td>
            <td>{formatDateTime(s.createdAt)}{s.lastAt && <div className="muted">lần cuối {formatDateTime(s.lastAt)}</div>}</td><td>{s.title}{s.count > 1 && <span className="muted"> (gửi {formatNumber(s.count)} lần)</span>}</td><td>{s.author}</td><td>{s.who}</td><td>{s.why}</td><td>{suggestionSourceLabels[s.source]}</td><td>{suggestionStatusLabels[s.status]}</td>
            <td>{s.status === 'new' && <button type="button" onClick={() => void reject(s.id)}>Không mua</button>}</td>
          </tr>
        ))}</tbody>
      </table>
      <div className="row">
        {plan && !plan.frozen && (
          <button type="button" className="primary" disabled={!chosen.length} onClick={() => void toPlan()}>Đưa {formatNumber(chosen.length)} đề xuất vào kế hoạch</button>
        )}
        <button type="button" className="danger" disabled={!chosen.length} onClick={() => void spam()}>Đánh dấu {formatNumber(chosen.length)} đề xuất là thư rác</button>
        <span className="muted">{formatNumber(open.length)} đề xuất mới</span>
      </div>
    </section>
  );
}
