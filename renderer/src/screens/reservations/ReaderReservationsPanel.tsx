import { useState } from 'react';
import type { ReservationDto } from '@shared/contract';
import { todayIso } from '@shared/dates';
import { holdLapsed, reservationStanding } from '@shared/loan-rules';
import { call } from '../../api';
import { useSession } from '../../session';
import { errorMessage, Notice } from '../../ui';
import { TitlePicker } from '../catalogue/TitlePicker';
import { CancelReservationForm } from './CancelReservationForm';

/**
 * shared/loan-rules `reservationStanding`, with the ĐKCB of the copy waiting on the hold shelf — or, for the head of
 * the queue, of a copy on the shelf (accessioned since): she takes it down and scans it to lend it.
 */
export function reservationState(r: ReservationDto, today = todayIso()): string {
  const standing = reservationStanding(r, today);
  if (r.status === 'ready' && r.copyCode) return `${standing} (bản ${r.copyCode})`;
  if (r.status === 'waiting' && r.shelfCopy) return `${standing} — có bản ${r.shelfCopy} trên giá: lấy sách rồi quét để cho mượn`;
  return standing;
}

/**
 * The open reader's reservations at the desk (position in the queue, or the hold and until when), "Đặt trước" a title
 * for this reader and "Hủy" with a reason. `onChanged` reloads the reader panel.
 */
export function ReaderReservationsPanel({ readerId, reservations, onChanged }: { readerId: number; reservations: ReservationDto[]; onChanged: () => void }) {
  const { can } = useSession();
  const [picking, setPicking] = useState(false);
  const [titleId, setTitleId] = useState('');
  const [cancelling, setCancelling] = useState<ReservationDto | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const place = async () => {
    try {
      const r = await call('reservations.place', { titleId: Number(titleId), readerId });
      setMessage({ kind: 'success', text: `Đã đặt trước: ${r.title} — ${reservationState(r).toLowerCase()}.` });
      setPicking(false);
      setTitleId('');
      onChanged();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  return (
    <div aria-label="Đặt trước của bạn đọc" role="group">
      <div className="row" style={{ marginTop: 14, alignItems: 'baseline' }}>
        <h2>Đặt trước ({reservations.length})</h2>
        {can('reservations.place') && !picking && <button type="button" onClick={() => { setPicking(true); setMessage(null); }}>Đặt trước</button>}
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {picking && (
        <div className="panel">
          <TitlePicker value={titleId} onChange={setTitleId} />
          <div className="row">
            <button type="button" className="primary" disabled={!titleId} onClick={place}>Đặt trước cho bạn đọc này</button>
            <button type="button" onClick={() => { setPicking(false); setTitleId(''); }}>Thôi</button>
          </div>
        </div>
      )}
      {cancelling && (
        <CancelReservationForm reservation={cancelling} onCancel={() => setCancelling(null)} onDone={(r) => {
          setCancelling(null);
          setMessage({ kind: 'success', text: `Đã hủy đặt trước: ${r.title}.` });
          onChanged();
        }} />
      )}
      {reservations.length === 0 ? <p className="muted">Không đặt trước sách nào.</p> : (
        <table className="data" aria-label="Sách đặt trước">
          <tbody>
            {reservations.map((r) => (
              <tr key={r.id}>
                <td>{r.title}</td>
                <td>{r.status === 'ready' ? <span className={`badge ${holdLapsed(r, todayIso()) ? 'badge-danger' : 'badge-ok'}`}>{reservationState(r)}</span> : reservationState(r)}</td>
                <td className="loan-actions">{can('reservations.cancel') && <button type="button" className="danger" onClick={() => setCancelling(r)}>Hủy</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
