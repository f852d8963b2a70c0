import { REASON_LABELS } from '@shared/contract/enums';
import { useState } from 'react';
import type { CopyRef, WithdrawalDto } from '@shared/contract';
import { formatDate, todayIso } from '@shared/dates';
import { call } from '../../api';
import { FileActions } from '../../FileActions';
import { useScanner } from '../../scanner';
import { useSession } from '../../session';
import { errorMessage, Field, formatMoney, formatNumber, Notice, useLoad } from '../../ui';
import { DateField } from '../../DateField';

type Reason = WithdrawalDto['items'][number]['reason'];
interface Item { copy: CopyRef; reason: Reason; reasonNote: string }

function WithdrawalEditor({ existing, onClose }: { existing: WithdrawalDto | null; onClose: (w?: WithdrawalDto) => void }) {
  // Who may not edit a draft reads it (Cộng tác viên, Ban giám hiệu); Kế toán saves it but does not confirm it.
  const { can } = useSession();
  const [number, setNumber] = useState(existing?.number ?? '');
  const [date, setDate] = useState(existing?.date ?? todayIso());
  const [approvalDate, setApprovalDate] = useState(existing?.approvalDate ?? '');
  const [members, setMembers] = useState(existing?.members ?? '');
  const [decisionNumber, setDecision] = useState(existing?.decisionNumber ?? '');
  const [reason, setReason] = useState<Reason>('damaged');
  const [codes, setCodes] = useState('');
  const [items, setItems] = useState<Item[]>(() => (existing?.items ?? []).map((i) => ({
    copy: { id: i.copyId, accessionCode: i.accessionCode, titleId: 0, title: i.title, status: i.status, price: i.price, onLoanTo: null },
    reason: i.reason, reasonNote: i.reasonNote,
  })));
  const [id, setId] = useState(existing?.id);
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const addCopies = (copies: CopyRef[], why: Reason) => {
    setItems((cur) => {
      const have = new Set(cur.map((i) => i.copy.id));
      const fresh = copies.filter((c) => !have.has(c.id));
      return [...cur, ...fresh.map((c) => ({ copy: c, reason: c.onLoanTo && why !== 'lostPaid' ? 'lost' as Reason : why, reasonNote: '' }))];
    });
  };
  const resolve = async (text: string) => {
    try {
      const r = await call('withdrawal.resolveCopies', { text });
      const withdrawn = r.copies.filter((c) => c.status === 'withdrawn');
      addCopies(r.copies.filter((c) => c.status !== 'withdrawn'), reason);
      const problems = [
        r.notFound.length ? `Không có số ĐKCB: ${r.notFound.join(', ')}.` : '',
        withdrawn.length ? `Đã xuất trước đây: ${withdrawn.map((c) => c.accessionCode).join(', ')}.` : '',
        r.copies.some((c) => c.onLoanTo) ? 'Có bản đang được mượn: chỉ xuất được với lý do "Mất".' : '',
      ].filter(Boolean);
      setMessage(problems.length ? { kind: 'error', text: problems.join(' ') } : { kind: 'success', text: `Đã thêm ${r.copies.length} bản.` });
      setCodes('');
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };
  useScanner((code) => void resolve(code));

  const save = async (confirm: boolean) => {
    setBusy(true);
    try {
      const saved = await call('withdrawal.saveDraft', {
        id, number, date, approvalDate: approvalDate || null, members, decisionNumber,
        items: items.map((i) => ({ copyId: i.copy.id, reason: i.reason, reasonNote: i.reasonNote })),
      });
      setId(saved.id);
      if (!confirm) {
        setMessage({ kind: 'success', text: 'Đã lưu biên bản nháp.' });
        return;
      }
      onClose(await call('withdrawal.confirm', { id: saved.id }));
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const value = items.reduce((a, i) => a + i.copy.price, 0);

  return (
    <section className="panel" aria-label="Biên bản xuất sách">
      <h2>Biên bản xuất / thanh lý sách</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="grid-3">
        <Field label="Số biên bản" hint="Ví dụ: 01/BB-TV"><input name="number" value={number} onChange={(e) => setNumber(e.target.value)} /></Field>
        <Field label="Ngày lập"><DateField name="date" required value={date} onChange={setDate} /></Field>
        <Field label="Ngày phê duyệt"><DateField name="approvalDate" value={approvalDate} onChange={setApprovalDate} /></Field>
        <Field label="Số quyết định (nếu có)"><input name="decisionNumber" value={decisionNumber} onChange={(e) => setDecision(e.target.value)} /></Field>
        <div style={{ gridColumn: 'span 2' }}>
          <Field label="Thành phần (mỗi người một dòng)"><textarea name="members" rows={2} value={members} onChange={(e) => setMembers(e.target.value)} /></Field>
        </div>
      </div>
      <h3>Chọn bản sách</h3>
      <div className="row">
        <Field label="Lý do cho các bản thêm vào">
          <select aria-label="Lý do mặc định" value={reason} onChange={(e) => setReason(e.target.value as Reason)}>
            {Object.entries(REASON_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </Field>
        <Field label="Số ĐKCB" hint="Quét mã vạch, hoặc gõ số, khoảng số (STK120-STK125), cách nhau dấu phẩy">
          <input name="codes" value={codes} onChange={(e) => setCodes(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void resolve(codes); } }} />
        </Field>
        <button type="button" onClick={() => void resolve(codes)} disabled={!codes.trim()}>Thêm</button>
        <button type="button" onClick={() => {
          call('withdrawal.lostCopies', {}).then((cs) => {
            // A reader who paid for or replaced the book feeds "độc giả đền" in Sổ ĐKTQ phần II.
            addCopies(cs.filter((c) => c.compensated), 'lostPaid');
            addCopies(cs.filter((c) => !c.compensated), 'lost');
            setMessage({ kind: 'info', text: cs.length ? `Đã thêm ${cs.length} bản ghi nhận mất.` : 'Không có bản nào đang ghi nhận mất.' });
          }, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
        }}>Thêm các bản đã mất</button>
      </div>
      <table className="data" aria-label="Bản sách xuất">
        <thead><tr><th>Số ĐKCB</th><th>Nhan đề</th><th className="num">Giá</th><th>Lý do</th><th>Ghi chú lý do</th><th /></tr></thead>
        <tbody>
          {items.map((it, i) => (
            <tr key={it.copy.id}>
              <td>{it.copy.accessionCode}{it.copy.onLoanTo && <div className="badge badge-warn">Đang mượn: {it.copy.onLoanTo}</div>}</td>
              <td>{it.copy.title}</td>
              <td className="num">{formatNumber(it.copy.price)}</td>
              <td>
                <select aria-label={`Lý do ${it.copy.accessionCode}`} value={it.reason}
                  onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, reason: e.target.value as Reason } : x)))}>
                  {Object.entries(REASON_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
                </select>
              </td>
              <td><input aria-label={`Ghi chú ${it.copy.accessionCode}`} value={it.reasonNote}
                onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, reasonNote: e.target.value } : x)))} /></td>
              <td><button type="button" onClick={() => setItems(items.filter((_, j) => j !== i))}>Bỏ</button></td>
            </tr>
          ))}
          {items.length === 0 && <tr><td colSpan={6} className="muted">Chưa có bản sách nào.</td></tr>}
        </tbody>
      </table>
      <p>Tổng: <strong>{items.length}</strong> bản, <strong>{formatMoney(value)}</strong>.</p>
      <div className="row">
        {can('withdrawal.confirm') && <button type="button" className="primary" disabled={busy || items.length === 0} onClick={() => void save(true)}>Xác nhận xuất sách</button>}
        {can('withdrawal.saveDraft') && <button type="button" disabled={busy || items.length === 0} onClick={() => void save(false)}>Lưu nháp</button>}
        {id && can('withdrawal.deleteDraft') && <button type="button" className="danger" onClick={() => {
          call('withdrawal.deleteDraft', { id }).then(() => onClose(), (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
        }}>Xóa nháp</button>}
        <button type="button" onClick={() => onClose()}>Đóng</button>
      </div>
    </section>
  );
}

/** A confirmed biên bản: what went out, and its PDF to print and sign. */
function WithdrawalResult({ done }: { done: WithdrawalDto }) {
  const { can } = useSession();
  const [file, setFile] = useState<{ fileName: string; pages?: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const print = () => call('registers.print', { kind: 'xuat', withdrawalId: done.id }).then(setFile, (e) => setError(errorMessage(e)));
  return (
    <section className="panel" aria-label="Biên bản đã xác nhận">
      <h2>Biên bản số {done.number} – {formatDate(done.approvalDate ?? done.date)}</h2>
      <p>{done.items.length} bản, {formatMoney(done.totalValue)}: {done.items.map((i) => `${i.accessionCode} (${REASON_LABELS[i.reason]})`).join(', ')}</p>
      <div className="row">
        {can('registers.print') && <button type="button" onClick={() => void print()}>In biên bản xuất sách</button>}
        {file && <FileActions file={file} />}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}

/** Xuất sách: biên bản list and editor; confirmed copies become "đã thanh lọc" and stay in every list. */
export function WithdrawalPanel() {
  const { can } = useSession();
  const { data, error, reload } = useLoad(() => call('withdrawal.list', {}));
  const [editing, setEditing] = useState<WithdrawalDto | null | 'new'>(null);
  const [done, setDone] = useState<WithdrawalDto | null>(null);
  if (editing) {
    return <WithdrawalEditor existing={editing === 'new' ? null : editing} onClose={(w) => { setEditing(null); setDone(w ?? null); void reload(); }} />;
  }
  const open = async (id: number) => {
    const w = await call('withdrawal.get', { id });
    if (w.status === 'draft') setEditing(w);
    else setDone(w);
  };
  return (
    <>
      {done && <WithdrawalResult done={done} />}
      {can('withdrawal.saveDraft') && <div className="row"><button type="button" className="primary" onClick={() => { setDone(null); setEditing('new'); }}>Lập biên bản xuất sách</button></div>}
      {error && <Notice kind="error">{error}</Notice>}
      <table className="data" aria-label="Biên bản xuất">
        <thead><tr><th>Số biên bản</th><th>Ngày</th><th>Ngày phê duyệt</th><th className="num">Số bản</th><th className="num">Giá trị</th><th>Trạng thái</th></tr></thead>
        <tbody>
          {(data ?? []).map((w) => (
            <tr key={w.id} className="clickable" onClick={() => void open(w.id)}>
              <td>{w.number}</td><td>{formatDate(w.date)}</td><td>{formatDate(w.approvalDate)}</td><td className="num">{w.copies}</td>
              <td className="num">{formatMoney(w.totalValue)}</td>
              <td>{w.status === 'draft' ? <span className="badge badge-warn">Nháp</span> : <span className="badge badge-ok">Đã xác nhận</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
