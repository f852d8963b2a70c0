import { useState, type FormEvent } from 'react';
import type { ReservationDto } from '@shared/contract';
import { call } from '../../api';
import { openGenerated } from '../../FileActions';
import { errorMessage } from '../../ui';

/** "Nguyễn Văn An — 7A2" (a teacher: her department). */
export function readerLabel(r: { readerName: string; className: string; department: string }): string {
  const group = r.className || r.department;
  return group ? `${r.readerName} — ${group}` : r.readerName;
}

/** Phiếu giữ sách of the given ready reservations (none: every ready one), opened like the other prints. Returns the file. */
export async function printHoldSlips(ids: number[]): Promise<{ fileName: string; pages?: number }> {
  const f = await call('reservations.slipPdf', { ids });
  await openGenerated(f.fileName);
  return f;
}

/**
 * Cancels one reservation with the reason typed (required, audited by main). A ready one's copy passes to the next
 * reader in the queue, or back to the shelf.
 */
export function CancelReservationForm({ reservation, onDone, onCancel }: {
  reservation: ReservationDto;
  onDone: (r: ReservationDto) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onDone(await call('reservations.cancel', { id: reservation.id, reason }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form noValidate className="panel row" onSubmit={submit} aria-label="Hủy đặt trước">
      <strong>Hủy đặt trước: {reservation.title} — {readerLabel(reservation)}</strong>
      <input aria-label="Lý do hủy đặt trước" placeholder="Lý do (được ghi vào nhật ký)" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 300 }} autoFocus />
      <button type="submit" className="danger" disabled={!reason.trim()}>Hủy đặt trước</button>
      <button type="button" onClick={onCancel}>Thôi</button>
      {error && <span className="field-message" role="alert">{error}</span>}
    </form>
  );
}
