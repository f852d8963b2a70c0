import { useState } from 'react';
import type { MethodOutput } from '@shared/contract';
import { call } from '../../api';
import { useSession } from '../../session';
import { FileActions, openGenerated } from '../../FileActions';
import { errorMessage, Field, Notice, useLoad } from '../../ui';

/** Mượn sách giáo khoa theo lớp: a whole class set in one operation, with the printed list. */
export function ClassSetsPanel() {
  const { can } = useSession();
  const classes = useLoad(() => call('readers.classes', {}));
  const sets = useLoad(() => call('circulation.classSets', {}));
  const [className, setClassName] = useState('');
  const titles = useLoad(() => (className ? call('circulation.classSetTitles', { className }) : Promise.resolve([])), [className]);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string; file?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  /** Titles that ran short on the last lending, with the students who got none. */
  const [shortages, setShortages] = useState<MethodOutput<'circulation.lendClassSet'>['shortages']>([]);
  /** Students who received no book at all on the last lending, and why. */
  const [leftOut, setLeftOut] = useState<MethodOutput<'circulation.lendClassSet'>['notReceived']>([]);

  const lend = async () => {
    setBusy(true);
    try {
      const r = await call('circulation.lendClassSet', { className, titleIds: [...picked] });
      setMessage({ kind: 'success', text: r.message, file: r.file.fileName });
      setShortages(r.shortages);
      setLeftOut(r.notReceived);
      setPicked(new Set());
      await Promise.all([titles.reload(), sets.reload()]);
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
      setShortages([]);
      setLeftOut([]);
    } finally {
      setBusy(false);
    }
  };

  const takeBack = async (classSet: string) => {
    if (!window.confirm(`Nhận lại toàn bộ sách của ${classSet}?`)) return;
    try {
      const r = await call('circulation.returnClassSet', { classSet });
      // Copies someone reserved go to the hold shelf: say whose, so they are not shelved.
      const holds = r.holds.length ? ` ${r.holds.length} cuốn để lên giá sách đang giữ: ${r.holds.map((h) => `${h.copyCode} — ${h.message}`).join('; ')}.` : '';
      setMessage({ kind: 'success', text: `Đã nhận lại ${r.returned} cuốn của ${classSet}.${holds}` });
      await Promise.all([titles.reload(), sets.reload()]);
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  const print = async (classSet: string) => {
    try {
      const f = await call('circulation.classSetPdf', { classSet });
      await openGenerated(f.fileName);
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  return (
    <div>
      {message && (
        <Notice kind={message.kind}>
          {message.text} {message.file && <FileActions file={{ fileName: message.file }} />}
        </Notice>
      )}
      {leftOut.length > 0 && (
        <section className="panel" aria-label="Học sinh không nhận cuốn nào">
          <h2>Học sinh không nhận cuốn nào ({leftOut.length})</h2>
          <table className="data">
            <thead><tr><th>Học sinh</th><th>Lý do</th></tr></thead>
            <tbody>{leftOut.map((x) => <tr key={x.id}><td>{x.fullName}</td><td>{x.reason}</td></tr>)}</tbody>
          </table>
          <button type="button" onClick={() => setLeftOut([])}>Đóng</button>
        </section>
      )}
      {shortages.length > 0 && (
        <section className="panel" aria-label="Học sinh chưa nhận sách">
          <h2>Học sinh chưa nhận sách (thiếu bản trên kệ)</h2>
          {shortages.map((x) => (
            <div key={x.titleId} style={{ marginBottom: 8 }}>
              <strong>{x.title}</strong> — thiếu {x.missing} bản:
              <ol className="short-list">{x.readers.map((r) => <li key={r.id}>{r.fullName}</li>)}</ol>
            </div>
          ))}
          <button type="button" onClick={() => setShortages([])}>Đóng</button>
        </section>
      )}
      <section className="panel" aria-label="Cho mượn sách giáo khoa theo lớp">
        <h2>Cho cả lớp mượn sách giáo khoa cả năm học</h2>
        <Field label="Lớp">
          <select value={className} onChange={(e) => { setClassName(e.target.value); setPicked(new Set()); }} aria-label="Lớp">
            <option value="">— chọn lớp —</option>
            {classes.data?.map((c) => <option key={c.className} value={c.className}>{c.className} ({c.students} học sinh)</option>)}
          </select>
        </Field>
        {className && (
          <>
            <table className="data" style={{ marginTop: 10 }}>
              <thead><tr><th></th><th>Đầu sách</th><th className="num">Trên kệ</th><th className="num">Lớp đã mượn</th></tr></thead>
              <tbody>
                {titles.data?.map((t) => (
                  <tr key={t.titleId}>
                    <td><input type="checkbox" aria-label={t.title} checked={picked.has(t.titleId)} onChange={(e) => {
                      const next = new Set(picked);
                      if (e.target.checked) next.add(t.titleId); else next.delete(t.titleId);
                      setPicked(next);
                    }} /></td>
                    <td>{t.title}{t.volume ? `, ${t.volume}` : ''}</td>
                    <td className="num">{t.available}</td>
                    <td className="num">{t.alreadyLent}</td>
                  </tr>
                ))}
                {titles.data?.length === 0 && <tr><td colSpan={4} className="muted">Chưa có sách giáo khoa của khối này.</td></tr>}
              </tbody>
            </table>
            <div className="row" style={{ marginTop: 10 }}>
              <button type="button" className="primary" disabled={busy || picked.size === 0} onClick={lend}>
                Cho lớp {className} mượn {picked.size} đầu sách
              </button>
            </div>
          </>
        )}
      </section>
      <section className="panel" aria-label="Các bộ sách đang cho mượn theo lớp">
        <h2>Bộ sách theo lớp</h2>
        {sets.error && <Notice kind="error">{sets.error}</Notice>}
        <table className="data">
          <thead><tr><th>Bộ sách</th><th className="num">Học sinh</th><th className="num">Đang mượn</th><th className="num">Đã trả</th><th></th></tr></thead>
          <tbody>
            {sets.data?.map((s) => (
              <tr key={s.classSet}>
                <td>{s.classSet}</td><td className="num">{s.students}</td><td className="num">{s.open}</td><td className="num">{s.returned}</td>
                <td className="loan-actions">
                  {can('circulation.classSetPdf') && <button type="button" onClick={() => print(s.classSet)}>In danh sách</button>}
                  {s.open > 0 && <button type="button" onClick={() => takeBack(s.classSet)}>Nhận lại cả bộ</button>}
                </td>
              </tr>
            ))}
            {sets.data?.length === 0 && <tr><td colSpan={5} className="muted">Chưa có bộ sách nào.</td></tr>}
          </tbody>
        </table>
      </section>
    </div>
  );
}
