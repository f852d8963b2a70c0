import { useState } from 'react';
import { formatDate } from '@shared/dates';
import { call } from '../../api';
import { useSession } from '../../session';
import { FileActions, openGenerated } from '../../FileActions';
import { errorMessage, Notice, useLoad } from '../../ui';

/** Sách quá hạn, by class / department, and the reminder slips to hand to form teachers. */
export function OverduePanel() {
  const { can } = useSession();
  const [className, setClassName] = useState('');
  const classes = useLoad(() => call('readers.classes', {}));
  const list = useLoad(() => call('circulation.overdue', { className }), [className]);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string; file?: string } | null>(null);

  const slips = async () => {
    try {
      const f = await call('circulation.remindersPdf', { className });
      setMessage({ kind: 'success', text: `Đã tạo phiếu nhắc trả sách (${f.pages ?? 0} trang).`, file: f.fileName });
      await openGenerated(f.fileName);
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  const rows = list.data?.rows ?? [];
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const g = r.readerKind === 'student' ? `Lớp ${r.className}` : `Tổ ${r.department || 'khác'}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }

  return (
    <section className="panel" aria-label="Sách quá hạn">
      <div className="row" style={{ marginBottom: 10 }}>
        <select aria-label="Lọc theo lớp" value={className} onChange={(e) => setClassName(e.target.value)}>
          <option value="">Tất cả lớp và tổ</option>
          {classes.data?.map((c) => <option key={c.className} value={c.className}>{c.className}</option>)}
        </select>
        {can('circulation.remindersPdf') && <button type="button" className="primary" onClick={slips} disabled={!rows.length}>In phiếu nhắc trả sách</button>}
        <span className="muted">{rows.length} cuốn quá hạn</span>
      </div>
      {message && (
        <Notice kind={message.kind}>{message.text} {message.file && <FileActions file={{ fileName: message.file }} />}</Notice>
      )}
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {[...groups].map(([g, items]) => (
        <div key={g} style={{ marginBottom: 14 }}>
          <h2>{g} <span className="muted">({items.length})</span></h2>
          <table className="data">
            <thead><tr><th>Bạn đọc</th><th>Số ĐKCB</th><th>Tên sách</th><th>Hạn trả</th><th className="num">Số ngày quá hạn</th></tr></thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.loanId} className="loan-overdue">
                  <td>{r.readerName}</td><td><code>{r.copyCode}</code></td><td>{r.title}</td><td>{formatDate(r.dueAt)}</td><td className="num">{r.overdueDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {!rows.length && !list.loading && <p className="muted">Không có sách quá hạn.</p>}
    </section>
  );
}
