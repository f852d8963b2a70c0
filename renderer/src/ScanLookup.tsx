import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LookupResult } from '@shared/contract/circulation';
import { formatDate } from '@shared/dates';
import { call } from './api';
import { navigate } from './nav';
import { useScanFallback } from './scanner';
import { STATUS_BADGE, STATUS_LABELS } from './screens/catalogue/useHashId';
import { errorMessage } from './ui';

type Shown =
  | { kind: 'copy'; code: string; found: Extract<LookupResult, { kind: 'copy' }>; message?: { tone: 'ok' | 'warn' | 'error'; text: string } }
  | { kind: 'title'; found: Extract<LookupResult, { kind: 'title' }> }
  | { kind: 'error'; code: string; text: string };

/**
 * A scan nobody else takes (no field for codes in focus, a screen without its own scanner): it is
 * only looked up. A card opens that reader at the desk; a book code shows the copy with its status,
 * holder and due date; nothing is written unless the librarian clicks "Trả sách".
 */
export function ScanLookup() {
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useScanFallback((code) => {
    call('circulation.lookup', { code }).then((found) => {
      if (found.kind === 'reader') {
        setShown(null);
        navigate('luu-thong', 'quet', code);
      } else if (found.kind === 'copy') {
        setShown({ kind: 'copy', code: found.copy.code, found });
      } else {
        setShown({ kind: 'title', found });
      }
    }, (e) => setShown({ kind: 'error', code, text: errorMessage(e) }));
  });

  const open = shown !== null;
  useEffect(() => {
    if (!open) return;
    if (!box.current?.contains(document.activeElement)) {
      returnFocus.current = document.activeElement;
      box.current?.focus();
    }
  }, [open, shown]);

  const close = () => {
    setShown(null);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };
  const leave = (screen: () => void) => {
    returnFocus.current = null;
    setShown(null);
    screen();
  };

  const giveBack = async () => {
    if (shown?.kind !== 'copy') return;
    setBusy(true);
    try {
      const r = await call('circulation.return', { code: shown.code });
      const found = await call('circulation.lookup', { code: shown.code });
      if (found.kind !== 'copy') return;
      const late = r.loan.overdueDays > 0 ? ` (trễ ${r.loan.overdueDays} ngày)` : '';
      setShown({
        kind: 'copy', code: shown.code, found,
        message: { tone: late ? 'warn' : 'ok', text: `Đã trả: ${r.loan.title} — ${r.loan.copyCode}, ${r.panel.reader.fullName}${late}.` },
      });
    } catch (e) {
      setShown({ ...shown, message: { tone: 'error', text: errorMessage(e) } });
    } finally {
      setBusy(false);
    }
  };

  if (!shown) return null;
  const label = shown.kind === 'copy' ? 'Bản sách vừa quét' : shown.kind === 'title' ? 'Đầu sách vừa quét' : 'Mã vừa quét';
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') close();
  };

  return (
    <div className="scan-lookup" role="dialog" aria-label={label} tabIndex={-1} ref={box} onKeyDown={onKeyDown}>
      <div className="scan-lookup-kicker">{label}</div>
      {shown.kind === 'copy' && (() => {
        const { copy, loan } = shown.found;
        const where = loan ? loan.className || loan.department : '';
        return (
          <>
            <h2>{copy.title}</h2>
            <dl className="scan-lookup-facts">
              <dt>Số ĐKCB</dt><dd className="shelf-mark">{copy.code}</dd>
              <dt>Tình trạng</dt><dd><span className={STATUS_BADGE[copy.status] ?? 'badge'}>{STATUS_LABELS[copy.status] ?? copy.status}</span></dd>
              {loan && (
                <>
                  <dt>Người mượn</dt><dd>{loan.readerName}{where ? ` (${where})` : ''}</dd>
                  <dt>Hạn trả</dt>
                  <dd className={loan.overdueDays > 0 ? 'scan-lookup-late' : undefined}>
                    {formatDate(loan.dueAt)}{loan.overdueDays > 0 ? ` — quá hạn ${loan.overdueDays} ngày` : ''}
                  </dd>
                </>
              )}
            </dl>
            {shown.message && (
              <p className={`scan-lookup-message scan-lookup-${shown.message.tone}`} role={shown.message.tone === 'error' ? 'alert' : 'status'}>
                {shown.message.text}
              </p>
            )}
            <div className="row">
              {loan && <button type="button" className="primary" disabled={busy} onClick={() => void giveBack()}>Trả sách</button>}
              <button type="button" onClick={() => leave(() => (loan ? navigate('luu-thong', 'quet', loan.cardNumber) : navigate('luu-thong')))}>
                Mở ở Lưu thông
              </button>
              <button type="button" onClick={close}>Đóng</button>
            </div>
          </>
        );
      })()}
      {shown.kind === 'title' && (
        <>
          <h2>{shown.found.title}</h2>
          <div className="row">
            <button type="button" className="primary" onClick={() => leave(() => navigate('bien-muc', String(shown.found.titleId)))}>Mở ở Biên mục</button>
            <button type="button" onClick={close}>Đóng</button>
          </div>
        </>
      )}
      {shown.kind === 'error' && (
        <>
          <p className="scan-lookup-message scan-lookup-error" role="alert">{shown.text}</p>
          <div className="row"><button type="button" onClick={close}>Đóng</button></div>
        </>
      )}
    </div>
  );
}
