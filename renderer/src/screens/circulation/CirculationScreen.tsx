import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { BlockDto, HoldNotice, LoanDto, ReaderPanel, ScanMode } from '@shared/contract';
import { VISIT_REPEAT_MINUTES } from '@shared/loan-rules';
import { formatDate } from '@shared/dates';
import { ApiError, call, onEvent } from '../../api';
import { hashParams, navigate } from '../../nav';
import { useScanner } from '../../scanner';
import { useSession } from '../../session';
import { errorMessage, Notice, ScreenHeader } from '../../ui';
import { FileActions } from '../../FileActions';
import { printHoldSlips } from '../reservations/CancelReservationForm';
import { HoldShelfPanel } from '../reservations/HoldShelfPanel';
import { ReaderReservationsPanel } from '../reservations/ReaderReservationsPanel';
import { ClassSetsPanel } from './ClassSetsPanel';
import { OverduePanel } from './OverduePanel';
import { ReaderHistory } from './ReaderHistory';
import { useHashId } from '../catalogue/useHashId';
import { returnTone, tone, type ToneKind } from './tones';

type Last = { kind: ToneKind; text: string };
type Undo = { action: 'checkout' | 'return' | 'renew'; loanId: number; previousDueAt?: string; label: string };
type Blocked = { copyCode: string; title: string; readerId: number; blocks: BlockDto[] };

/** The desk's modes, each on a function key (works even while the cursor is in the code field). */
const MODES: { id: ScanMode; label: string; key: string }[] = [
  { id: 'lend', label: 'Cho mượn', key: 'F2' },
  { id: 'return', label: 'Trả sách', key: 'F3' },
  { id: 'visit', label: 'Ghi lượt đọc', key: 'F4' },
];

function LoanRows({ panel, onRenew, onLost }: { panel: ReaderPanel; onRenew: (l: LoanDto) => void; onLost?: (l: LoanDto) => void }) {
  if (!panel.loans.length) return <p className="muted">Không có sách đang mượn.</p>;
  return (
    <table className="data" aria-label="Sách đang mượn">
      <thead><tr><th>Số ĐKCB</th><th>Tên sách</th><th>Hạn trả</th><th></th></tr></thead>
      <tbody>
        {panel.loans.map((l) => (
          <tr key={l.id} className={l.overdueDays > 0 ? 'loan-overdue' : undefined}>
            <td><code>{l.copyCode}</code></td>
            <td>{l.title}{l.classSet ? <span className="badge" style={{ marginLeft: 6 }}>{l.classSet}</span> : null}</td>
            <td>
              {formatDate(l.dueAt)}
              {l.overdueDays > 0 && <span className="badge badge-danger" style={{ marginLeft: 6 }}>quá hạn {l.overdueDays} ngày</span>}
            </td>
            <td className="loan-actions">
              {l.kind === 'short' && <button type="button" onClick={() => onRenew(l)}>Gia hạn</button>}
              {onLost && <button type="button" className="danger" onClick={() => onLost(l)}>Báo mất</button>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReaderCard({ panel, photo, onHistory, historyOpen }: { panel: ReaderPanel; photo: string | null; onHistory: () => void; historyOpen: boolean }) {
  const r = panel.reader;
  return (
    <div className="reader-card">
      <div className="reader-photo" aria-hidden="true">{photo ? <img src={photo} alt="" /> : r.fullName.split(' ').pop()?.[0] ?? '?'}</div>
      <div>
        <div className="reader-name" data-testid="reader-name">{r.fullName}</div>
        <div className="muted">
          {r.kind === 'student' ? `Lớp ${r.className}` : `${r.department || 'Cán bộ'}${r.position ? ` — ${r.position}` : ''}`} · Thẻ {r.cardNumber} · Năm học {r.schoolYear}
          {!r.active && <span className="badge badge-danger" style={{ marginLeft: 6 }}>thôi hoạt động</span>}
        </div>
        <div className="allowance">
          {panel.allowance.filter((a) => !a.inLibraryOnly).map((a) => (
            <span key={a.seriesCode} className={`badge ${a.remaining > 0 ? 'badge-ok' : 'badge-warn'}`}>
              {a.label}: còn được mượn {a.remaining}/{a.max}
            </span>
          ))}
          {panel.overdue > 0 && <span className="badge badge-danger">{panel.overdue} cuốn quá hạn</span>}
          {panel.visitsToday > 0 && <span className="badge">đã đến thư viện hôm nay</span>}
        </div>
        <div className="row" style={{ marginTop: 6 }}>
          <button type="button" aria-expanded={historyOpen} onClick={onHistory}>{historyOpen ? 'Ẩn lịch sử mượn' : 'Lịch sử mượn'}</button>
        </div>
      </div>
    </div>
  );
}

/** Said instead of the buttons the role lacks (main refuses the call anyway). */
const ASK_LIBRARIAN = 'Việc này cần Thủ thư hoặc giáo viên phụ trách.';

function Desk() {
  const { can, has } = useSession();
  const mayOverride = has('desk.override');
  const mayLost = has('desk.lost');
  const [mode, setMode] = useState<ScanMode>('lend');
  const [panel, setPanel] = useState<ReaderPanel | null>(null);
  const [photo, setPhoto] = useState<string | null>(null);
  const [last, setLast] = useState<Last | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  const [reason, setReason] = useState('');
  const [manual, setManual] = useState('');
  const [returned, setReturned] = useState<LoanDto[]>([]);
  const [lost, setLost] = useState<{ loan: LoanDto; compensation: 'book' | 'money' | 'none'; amount: string } | null>(null);
  /** A scanned copy recorded lost: offered "Tìm thấy". */
  const [lostCopy, setLostCopy] = useState<string | null>(null);
  const [history, setHistory] = useState(false);
  /** A returned or scanned copy that went to the hold shelf: its slip is offered. */
  const [held, setHeld] = useState<{ notice: HoldNotice; file?: { fileName: string; pages?: number } } | null>(null);
  const busy = useRef(Promise.resolve());

  const report = (kind: Last['kind'], text: string) => {
    setLast({ kind, text });
    tone(kind);
  };

  const openPanel = (p: ReaderPanel | null) => {
    if (!p || p.reader.id !== panel?.reader.id) setHistory(false);
    setPanel(p);
    if (p && p.reader.photo) void call('readers.photo', { id: p.reader.id }).then((x) => setPhoto(x.dataUrl)).catch(() => setPhoto(null));
    else setPhoto(null);
  };

  const handle = async (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    try {
      const r = await call('circulation.scan', { code, readerId: panel?.reader.id ?? null, mode });
      setBlocked(null);
      setLostCopy(null);
      setHeld(r.action === 'hold' ? { notice: r.hold } : r.action === 'return' && r.hold ? { notice: r.hold } : null);
      if (r.action === 'reader') {
        openPanel(r.panel);
        setUndo(null);
        // A card scanned again within minutes in F4 mode records nothing: an information, not a success.
        const tone: ToneKind = r.panel.overdue > 0 ? 'error' : mode === 'visit' && !r.visitRecorded ? 'info' : 'ok';
        report(tone, r.panel.overdue > 0 ? `${r.message} Đang có ${r.panel.overdue} cuốn quá hạn!` : r.message);
      } else if (r.action === 'checkout') {
        setPanel(r.panel);
        setUndo({ action: 'checkout', loanId: r.loan.id, label: `cho mượn ${r.loan.copyCode}` });
        report('ok', r.message);
      } else if (r.action === 'return') {
        if (panel && panel.reader.id === r.panel.reader.id) setPanel(r.panel);
        else setReturned((xs) => [r.loan, ...xs].slice(0, 8));
        setUndo({ action: 'return', loanId: r.loan.id, label: `trả ${r.loan.copyCode}` });
        report(returnTone(r.loan, r.hold), r.message);
        if (/Tìm thấy/.test(r.message)) setLostCopy(r.loan.copyCode);
      } else if (r.action === 'inLibraryUse') {
        setUndo(null);
        report(r.heldBy ? 'info' : 'ok', r.message);
      } else if (r.action === 'hold') {
        // Đặt trước: the copy goes to (or is on) the hold shelf; the message names the reader and the last day.
        setUndo(null);
        report('hold', r.message);
      } else if (r.action === 'title') {
        report('info', r.message);
        navigate('bien-muc', String(r.titleId));
      } else {
        setBlocked({ copyCode: r.copyCode, title: r.title, readerId: r.readerId, blocks: r.blocks });
        setReason('');
        report('error', r.message);
      }
    } catch (e) {
      const lostCode = e instanceof ApiError && e.code === 'COPY_LOST' ? (e.details as { copyCode?: string } | undefined)?.copyCode : undefined;
      setLostCopy(lostCode ?? null);
      report('error', errorMessage(e));
    }
  };

  // Scans are handled one after another, in the order they arrive.
  const enqueue = (code: string) => {
    busy.current = busy.current.then(() => handle(code));
  };
  useScanner(enqueue);

  // Đặt trước: a reservation made elsewhere (the OPAC, Sách đang giữ, another desk) shows in the open reader's panel at
  // once. Read after any scan in flight (same queue) and only the panel is replaced: the scan field, the last message,
  // the undo and an open form stay as they are; a reader closed or changed meanwhile is left alone.
  const openReaderId = useRef<number | null>(null);
  openReaderId.current = panel?.reader.id ?? null;
  useEffect(() => onEvent('reservations.changed', () => {
    busy.current = busy.current.then(async () => {
      const readerId = openReaderId.current;
      if (readerId === null) return;
      try {
        const fresh = await call('circulation.panel', { readerId });
        if (openReaderId.current === readerId) setPanel(fresh);
      } catch {
        // A refresh in the background never replaces what the desk last said; the next scan reads the panel anew.
      }
    });
  }), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const m = MODES.find((x) => x.key === e.key);
      if (!m || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      setMode(m.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const [, sub, code] = hashParams();
    if (sub === 'quet' && code) {
      enqueue(code);
      navigate('luu-thong');
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const override = async (e: FormEvent) => {
    e.preventDefault();
    if (!blocked) return;
    try {
      const r = await call('circulation.checkout', { readerId: blocked.readerId, code: blocked.copyCode, overrideReason: reason });
      setPanel(r.panel);
      setBlocked(null);
      setUndo({ action: 'checkout', loanId: r.loan.id, label: `cho mượn ${r.loan.copyCode}` });
      report('ok', `Cho mượn (ngoại lệ: ${reason}): ${r.loan.title} — ${r.loan.copyCode}, hạn trả ${formatDate(r.loan.dueAt)}.`);
    } catch (err) {
      report('error', errorMessage(err));
    }
  };

  /** "Trả và cho bạn này mượn": one call, one transaction (the holder's loan is closed, this reader's opened). */
  const takeOver = async () => {
    if (!blocked) return;
    const needsReason = blocked.blocks.some((b) => b.code !== 'COPY_ON_LOAN');
    try {
      const r = await call('circulation.transfer', { readerId: blocked.readerId, code: blocked.copyCode, overrideReason: needsReason ? reason : undefined });
      setPanel(r.panel);
      setBlocked(null);
      setUndo(null);
      const late = r.returned.overdueDays > 0 ? ` (bạn trước trả trễ ${r.returned.overdueDays} ngày)` : '';
      report('ok', `Đã nhận trả${late} và cho mượn: ${r.loan.title} — ${r.loan.copyCode}, hạn trả ${formatDate(r.loan.dueAt)}.`);
    } catch (err) {
      report('error', errorMessage(err));
    }
  };

  /** "Tìm thấy": the copy recorded lost is back; audited on the server. */
  const markFound = async (code: string) => {
    try {
      const r = await call('circulation.found', { code });
      setLostCopy(null);
      setBlocked(null);
      report('info', `${r.message}${panel ? ' Quét lại để cho mượn.' : ''}`);
    } catch (err) {
      report('error', errorMessage(err));
    }
  };

  const printSlip = async () => {
    if (!held) return;
    try {
      const file = await printHoldSlips([held.notice.reservationId]);
      setHeld({ ...held, file });
    } catch (err) {
      report('error', errorMessage(err));
    }
  };

  const reloadPanel = async () => {
    if (!panel) return;
    try {
      setPanel(await call('circulation.panel', { readerId: panel.reader.id }));
    } catch (err) {
      report('error', errorMessage(err));
    }
  };

  const doUndo = async () => {
    if (!undo) return;
    try {
      const r = await call('circulation.undo', { action: undo.action, loanId: undo.loanId, previousDueAt: undo.previousDueAt });
      if (panel && panel.reader.id === r.panel.reader.id) setPanel(r.panel);
      if (undo.action === 'return') {
        setReturned((xs) => xs.filter((l) => l.id !== undo.loanId));
        // The copy is back on loan: its hold is undone too (the reservation waits again).
        setHeld(null);
      }
      setUndo(null);
      report('info', r.message);
    } catch (err) {
      report('error', errorMessage(err));
    }
  };

  const renew = async (l: LoanDto) => {
    try {
      const r = await call('circulation.renew', { loanId: l.id });
      setPanel(r.panel);
      setUndo({ action: 'renew', loanId: l.id, previousDueAt: r.previousDueAt, label: `gia hạn ${l.copyCode}` });
      report('ok', `Đã gia hạn ${l.copyCode} đến ${formatDate(r.loan.dueAt)}.`);
    } catch (err) {
      report('error', errorMessage(err));
    }
  };

  const markLost = async (e: FormEvent) => {
    e.preventDefault();
    if (!lost) return;
    try {
      const r = await call('circulation.markLost', {
        loanId: lost.loan.id, compensation: lost.compensation, amount: lost.compensation === 'money' ? Number(lost.amount) || 0 : undefined,
      });
      setPanel(r.panel);
      setLost(null);
      setUndo(null);
      report('info', `Đã ghi mất ${r.loan.copyCode}${lost.compensation === 'money' ? `, đền tiền ${Number(lost.amount).toLocaleString('vi-VN')} đ` : lost.compensation === 'book' ? ', đền sách' : ''}.`);
    } catch (err) {
      report('error', errorMessage(err));
    }
  };

  return (
    <div className="desk">
      <div className="row desk-bar">
        <div className="mode-switch" role="radiogroup" aria-label="Chế độ quét">
          {MODES.map((m) => (
            <button key={m.id} type="button" role="radio" aria-checked={mode === m.id} aria-keyshortcuts={m.key} title={`Phím tắt ${m.key}`}
              className={mode === m.id ? 'primary' : ''} onClick={() => setMode(m.id)}>
              {m.label} <kbd>{m.key}</kbd>
            </button>
          ))}
        </div>
        <form noValidate className="row" onSubmit={(e) => { e.preventDefault(); enqueue(manual); setManual(''); }}>
          <input aria-label="Nhập mã bằng tay" placeholder="Quét hoặc gõ mã thẻ / mã sách rồi Enter" value={manual} onChange={(e) => setManual(e.target.value)} style={{ width: 300 }} />
          <button type="submit">Xử lý mã</button>
        </form>
        <button type="button" onClick={doUndo} disabled={!undo} title={undo ? `Hoàn tác: ${undo.label}` : ''}>Hoàn tác{undo ? `: ${undo.label}` : ''}</button>
        {panel && <button type="button" onClick={() => { openPanel(null); setBlocked(null); setUndo(null); setLostCopy(null); }}>Xong, đóng bạn đọc</button>}
      </div>

      <div className={`last-action last-${last?.kind ?? 'idle'}`} role="status" aria-live="polite" data-testid="last-action">
        {last?.text ?? (mode === 'visit' ? `Quét thẻ bạn đọc: ghi lượt đến thư viện (cùng thẻ quét lại trong ${VISIT_REPEAT_MINUTES} phút vẫn là một lượt). Quét sách: ghi lượt đọc tại chỗ — không cho mượn, không trả.` : 'Quét thẻ bạn đọc, rồi quét sách để cho mượn. Quét sách khi chưa mở bạn đọc để trả.')}
      </div>

      {held && (
        <section className="panel row hold-notice" aria-label="Sách giữ cho bạn đọc đặt trước">
          <strong className="hold-message" data-testid="hold-message">{held.notice.message}</strong>
          <span className="muted">Bản <code>{held.notice.copyCode}</code> — {held.notice.title}</span>
          {can('reservations.slipPdf') && <button type="button" className="primary" onClick={printSlip}>In phiếu giữ</button>}
          {held.file && <FileActions file={held.file} />}
        </section>
      )}

      {lostCopy && !blocked && mayLost && (
        <div className="panel row" aria-label="Bản sách đang ghi mất">
          <span>Bản <code>{lostCopy}</code> đang ghi là đã mất. Nếu sách đã về thư viện:</span>
          <button type="button" className="primary" onClick={() => markFound(lostCopy)}>Tìm thấy</button>
          <button type="button" onClick={() => setLostCopy(null)}>Bỏ qua</button>
        </div>
      )}

      {blocked && (
        <form noValidate className="panel override" onSubmit={override} aria-label="Cho mượn ngoại lệ">
          <strong>Không cho mượn {blocked.copyCode} ({blocked.title}):</strong>
          <ul>{blocked.blocks.map((b) => <li key={b.code}>{b.message}</li>)}</ul>
          {blocked.blocks.some((b) => b.code === 'COPY_ON_LOAN') && blocked.blocks.every((b) => b.overridable || b.code === 'COPY_ON_LOAN')
            && (mayOverride || blocked.blocks.every((b) => b.code === 'COPY_ON_LOAN')) ? (
            <div className="row">
              {blocked.blocks.some((b) => b.code !== 'COPY_ON_LOAN') && (
                <input aria-label="Lý do cho mượn ngoại lệ" placeholder="Lý do (được ghi lại)" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 320 }} />
              )}
              <button type="button" className="primary" onClick={takeOver}
                disabled={blocked.blocks.some((b) => b.code !== 'COPY_ON_LOAN') && !reason.trim()}>Trả và cho bạn này mượn</button>
              <button type="button" onClick={() => setBlocked(null)}>Bỏ qua</button>
            </div>
          ) : blocked.blocks.some((b) => b.code === 'COPY_LOST') && mayLost ? (
            <div className="row">
              <button type="button" className="primary" onClick={() => markFound(blocked.copyCode)}>Tìm thấy</button>
              <button type="button" onClick={() => setBlocked(null)}>Đã hiểu</button>
            </div>
          ) : blocked.blocks.every((b) => b.overridable) && mayOverride ? (
            <div className="row">
              <input aria-label="Lý do cho mượn ngoại lệ" placeholder="Lý do (được ghi lại)" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 320 }} />
              <button type="submit" className="primary" disabled={!reason.trim()}>Vẫn cho mượn</button>
              <button type="button" onClick={() => setBlocked(null)}>Bỏ qua</button>
            </div>
          ) : (
            <div className="row">
              {blocked.blocks.every((b) => b.overridable || b.code === 'COPY_LOST') && <span className="muted">{ASK_LIBRARIAN}</span>}
              <button type="button" onClick={() => setBlocked(null)}>Đã hiểu</button>
            </div>
          )}
        </form>
      )}

      {lost && (
        <form noValidate className="panel" onSubmit={markLost} aria-label="Báo mất sách">
          <strong>Báo mất {lost.loan.copyCode} — {lost.loan.title}</strong>
          <div className="row" style={{ marginTop: 8 }}>
            <select aria-label="Hình thức đền" value={lost.compensation} onChange={(e) => setLost({ ...lost, compensation: e.target.value as 'book' | 'money' | 'none' })}>
              <option value="book">Đền sách (cùng đầu sách)</option>
              <option value="money">Đền tiền</option>
              <option value="none">Chưa đền</option>
            </select>
            {lost.compensation === 'money' && (
              <input aria-label="Số tiền đền" inputMode="numeric" placeholder="Số tiền (đồng)" value={lost.amount} onChange={(e) => setLost({ ...lost, amount: e.target.value.replace(/\D/g, '') })} />
            )}
            <button type="submit" className="primary">Ghi mất</button>
            <button type="button" onClick={() => setLost(null)}>Hủy</button>
          </div>
        </form>
      )}

      {panel ? (
        <section className="panel" aria-label="Bạn đọc đang mở">
          <ReaderCard panel={panel} photo={photo} historyOpen={history} onHistory={() => setHistory(!history)} />
          <h2 style={{ marginTop: 14 }}>Sách đang mượn ({panel.loans.length})</h2>
          <LoanRows panel={panel} onRenew={renew} onLost={mayLost ? (l) => setLost({ loan: l, compensation: 'book', amount: '' }) : undefined} />
          <ReaderReservationsPanel key={panel.reader.id} readerId={panel.reader.id} reservations={panel.reservations} onChanged={() => void reloadPanel()} />
          {history && (
            <>
              <h2 style={{ marginTop: 14 }}>Lịch sử mượn</h2>
              <ReaderHistory key={`${panel.reader.id}-${panel.loans.map((l) => l.id).join(',')}`} readerId={panel.reader.id} />
            </>
          )}
        </section>
      ) : (
        <section className="panel muted" aria-label="Chưa mở bạn đọc">Chưa mở bạn đọc nào.</section>
      )}

      {returned.length > 0 && (
        <section className="panel" aria-label="Vừa trả">
          <h2>Vừa trả</h2>
          <table className="data">
            <tbody>
              {returned.map((l) => (
                <tr key={l.id}><td><code>{l.copyCode}</code></td><td>{l.title}</td><td>{l.overdueDays > 0 ? <span className="badge badge-warn">trả trễ {l.overdueDays} ngày</span> : 'đúng hạn'}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

export function CirculationScreen() {
  const [tab, setTab] = useState<'desk' | 'holds' | 'class' | 'overdue'>('desk');
  const [error] = useState<string | null>(null);
  const historyReader = useHashId('luu-thong', 'lich-su');
  const show = (t: typeof tab) => {
    setTab(t);
    if (historyReader !== null) navigate('luu-thong');
  };
  return (
    <div>
      <ScreenHeader title="Lưu thông">
        <button type="button" className={tab === 'desk' && historyReader === null ? 'primary' : ''} onClick={() => show('desk')}>Quầy mượn trả</button>
        <button type="button" className={tab === 'holds' && historyReader === null ? 'primary' : ''} onClick={() => show('holds')}>Sách đang giữ</button>
        <button type="button" className={tab === 'class' && historyReader === null ? 'primary' : ''} onClick={() => show('class')}>Mượn theo lớp</button>
        <button type="button" className={tab === 'overdue' && historyReader === null ? 'primary' : ''} onClick={() => show('overdue')}>Quá hạn</button>
      </ScreenHeader>
      {error && <Notice kind="error">{error}</Notice>}
      {historyReader !== null && (
        <section className="panel" aria-label="Lịch sử mượn của bạn đọc">
          <h2>Lịch sử mượn</h2>
          <ReaderHistory readerId={historyReader} showName />
        </section>
      )}
      {historyReader === null && tab === 'desk' && <Desk />}
      {historyReader === null && tab === 'holds' && <HoldShelfPanel />}
      {historyReader === null && tab === 'class' && <ClassSetsPanel />}
      {historyReader === null && tab === 'overdue' && <OverduePanel />}
    </div>
  );
}
