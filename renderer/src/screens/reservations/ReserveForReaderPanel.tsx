import { useEffect, useState } from 'react';
import { todayIso } from '@shared/dates';
import type { ReaderDto } from '@shared/contract';
import { call, onEvent } from '../../api';
import { useSession } from '../../session';
import { errorMessage, Notice, useLoad } from '../../ui';
import { readerLabel } from './CancelReservationForm';
import { QueueOutlook } from './HoldShelfPanel';
import { ReaderPicker } from './ReaderPicker';
import { reservationState } from './ReaderReservationsPanel';

/**
 * On a title's page (Biên mục): its queue of reservations and "Đặt trước cho bạn đọc…" (pick the reader, then place).
 * A title with a copy on the shelf is refused by main, which says where the copy is.
 */
export function ReserveForReaderPanel({ titleId }: { titleId: number }) {
  const { can } = useSession();
  const queue = useLoad(() => call('reservations.list', { titleId }), [titleId]);
  const [open, setOpen] = useState(false);
  const [reader, setReader] = useState<ReaderDto | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const { reload } = queue;
  useEffect(() => onEvent('reservations.changed', () => void reload()), [reload]);

  const place = async () => {
    if (!reader) return;
    try {
      const r = await call('reservations.place', { titleId, readerId: reader.id });
      setMessage({ kind: 'success', text: `Đã đặt trước cho ${readerLabel(r)}: ${reservationState(r).toLowerCase()}.` });
      setOpen(false);
      setReader(null);
      await reload();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };
  const rows = queue.data ?? [];
  const firstWaiting = rows.find((r) => r.status === 'waiting');
  return (
    <div role="group" aria-label="Đặt trước đầu sách">
      <div className="row" style={{ alignItems: 'baseline' }}>
        <h3>Đặt trước ({rows.length})</h3>
        {can('reservations.place') && !open && <button type="button" onClick={() => { setOpen(true); setMessage(null); }}>Đặt trước cho bạn đọc…</button>}
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {open && (
        <div className="panel">
          <ReaderPicker value={reader} onChange={setReader} />
          <div className="row">
            <button type="button" className="primary" disabled={!reader} onClick={place}>Đặt trước</button>
            <button type="button" onClick={() => { setOpen(false); setReader(null); }}>Thôi</button>
          </div>
        </div>
      )}
      {firstWaiting && <QueueOutlook first={firstWaiting} today={todayIso()} />}
      {rows.length > 0 && (
        <table className="data" aria-label="Hàng chờ đặt trước">
          <tbody>
            {rows.map((r) => <tr key={r.id}><td>{readerLabel(r)}</td><td>{reservationState(r)}</td></tr>)}
          </tbody>
        </table>
      )}
    </div>
  );
}
