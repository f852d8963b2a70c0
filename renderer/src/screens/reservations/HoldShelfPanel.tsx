import { useEffect, useState } from 'react';
import type { ReservationDto } from '@shared/contract';
import { formatDate, formatDateTime, todayIso } from '@shared/dates';
import { holdLapsed, queueOutlook } from '@shared/loan-rules';
import { call, onEvent } from '../../api';
import { FileActions, openGenerated } from '../../FileActions';
import { useSession } from '../../session';
import { errorMessage, formatNumber, Notice, useLoad } from '../../ui';
import { CancelReservationForm, printHoldSlips, readerLabel } from './CancelReservationForm';

type Message = { kind: 'error' | 'success'; text: string; file?: { fileName: string; pages?: number } } | null;

/** Under a title's queue: when a copy is due back, as a warning when that loan is overdue or no copy is left. */
export function QueueOutlook({ first, today }: { first: ReservationDto; today: string }) {
  const outlook = queueOutlook(first, today);
  if (!outlook) return null;
  return outlook.urgent ? <Notice kind="warning">{outlook.text}</Notice> : <p className="muted">{outlook.text}</p>;
}

/**
 * Lưu thông › "Sách đang giữ": the hold shelf (ready reservations, their deadlines, overdue ones marked) and the waiting
 * queue of each title with positions; cancel with a reason, print the hold slips and the "Phiếu báo sách đã về" per class.
 * Refreshed when any reservation changes (the desk's, or a teacher's in the OPAC).
 */
export function HoldShelfPanel() {
  const { can } = useSession();
  const open = useLoad(() => call('reservations.list', {}));
  const toPull = useLoad(() => call('reservations.toPull', {}));
  const classes = useLoad(() => call('readers.classes', {}));
  const [className, setClassName] = useState('');
  const [cancelling, setCancelling] = useState<ReservationDto | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const { reload } = open;
  const { reload: reloadToPull } = toPull;
  useEffect(() => onEvent('reservations.changed', () => { void reload(); void reloadToPull(); }), [reload, reloadToPull]);

  const today = todayIso();
  const rows = open.data ?? [];
  const ready = rows.filter((r) => r.status === 'ready');
  const waiting = rows.filter((r) => r.status === 'waiting');
  const queues = new Map<number, ReservationDto[]>();
  for (const r of waiting) queues.set(r.titleId, [...(queues.get(r.titleId) ?? []), r]);
  for (const q of queues.values()) q.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));

  const print = async (what: string, work: () => Promise<{ fileName: string; pages?: number }>) => {
    try {
      const file = await work();
      setMessage({ kind: 'success', text: `Đã tạo ${what} (${formatNumber(file.pages ?? 0)} trang).`, file });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };
  const notices = () => print('phiếu báo sách đã về', async () => {
    const f = await call('reservations.noticesPdf', { className });
    await openGenerated(f.fileName);
    return f;
  });
  // The librarian asks for it on this row (the copy in hand): the same step as scanning it at the desk with no reader open.
  const holdFromShelf = async (code: string) => {
    try {
      const r = await call('circulation.scan', { code });
      setMessage({ kind: r.action === 'hold' ? 'success' : 'error', text: r.message });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
    void reload();
    void reloadToPull();
  };
  const mayHold = can('circulation.scan');
  const mayCancel = can('reservations.cancel');
  const mayPrint = can('reservations.slipPdf');
  const mayNotify = can('reservations.noticesPdf');

  return (
    <section className="panel" aria-label="Sách đang giữ">
      {message && <Notice kind={message.kind}>{message.text} {message.file && <FileActions file={message.file} />}</Notice>}
      {open.error && <Notice kind="error">{open.error}</Notice>}
      {cancelling && (
        <CancelReservationForm reservation={cancelling} onCancel={() => setCancelling(null)} onDone={(r) => {
          setCancelling(null);
          setMessage({ kind: 'success', text: `Đã hủy đặt trước: ${r.title} — ${readerLabel(r)}.` });
          void reload();
        }} />
      )}

      <h2>Sách đang giữ <span className="muted">({formatNumber(ready.length)})</span></h2>
      {(mayPrint || mayNotify) && (
        <div className="row" style={{ marginBottom: 10 }}>
          {mayPrint && <button type="button" onClick={() => print('phiếu giữ sách', () => printHoldSlips([]))} disabled={!ready.length}>In phiếu giữ tất cả</button>}
          {mayNotify && (
            <>
              <select aria-label="Lớp nhận phiếu báo" value={className} onChange={(e) => setClassName(e.target.value)}>
                <option value="">Tất cả lớp và tổ</option>
                {classes.data?.map((c) => <option key={c.className} value={c.className}>{c.className}</option>)}
              </select>
              <button type="button" className="primary" onClick={notices} disabled={!ready.length}>In phiếu báo sách đã về</button>
            </>
          )}
        </div>
      )}
      {ready.length === 0 ? <p className="muted">Không có sách nào đang giữ.</p> : (
        <table className="data" aria-label="Sách đang giữ cho bạn đọc">
          <thead><tr><th>Số ĐKCB</th><th>Tên sách</th><th>Giữ cho</th><th>Giữ đến hết</th><th></th></tr></thead>
          <tbody>
            {ready.map((r) => {
              const late = holdLapsed(r, today);
              return (
                <tr key={r.id} className={late ? 'loan-overdue' : undefined}>
                  <td><code>{r.copyCode}</code></td>
                  <td>{r.title}</td>
                  <td>{readerLabel(r)}</td>
                  <td>
                    {formatDate(r.holdUntil)}
                    {late && <span className="badge badge-danger" style={{ marginLeft: 6 }}>quá hạn giữ</span>}
                  </td>
                  <td className="loan-actions">
                    {mayPrint && <button type="button" onClick={() => print('phiếu giữ sách', () => printHoldSlips([r.id]))}>In phiếu giữ</button>}
                    {mayCancel && <button type="button" className="danger" onClick={() => setCancelling(r)}>Hủy</button>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {(toPull.data?.length ?? 0) > 0 && (
        <>
          <h2 style={{ marginTop: 16 }}>Sách trên giá có người chờ <span className="muted">({formatNumber(toPull.data!.length)} bản)</span></h2>
          <p className="muted">Bản mới nhập (hoặc về giá không qua quầy) của đầu sách đang có người đặt trước. Lấy sách xuống rồi bấm "Giữ cho người chờ" (hoặc quét ở Quầy mượn trả khi chưa mở bạn đọc nào): sách được giữ cho người đầu hàng chờ.</p>
          <table className="data" aria-label="Sách trên giá có người chờ">
            <thead><tr><th>Số ĐKCB</th><th>Tên sách</th><th>Kho/kệ</th><th>Ký hiệu xếp giá</th><th className="num">Người chờ</th><th></th></tr></thead>
            <tbody>
              {toPull.data!.map((c) => (
                <tr key={c.copyCode}>
                  <td><code>{c.copyCode}</code></td><td>{c.title}</td><td>{c.location}</td><td>{c.shelfMark}</td><td className="num">{formatNumber(c.waiting)}</td>
                  <td className="loan-actions">{mayHold && <button type="button" onClick={() => void holdFromShelf(c.copyCode)}>Giữ cho người chờ</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2 style={{ marginTop: 16 }}>Hàng chờ đặt trước <span className="muted">({formatNumber(waiting.length)} lượt, {formatNumber(queues.size)} đầu sách)</span></h2>
      {queues.size === 0 && <p className="muted">Không có ai đang chờ sách.</p>}
      {[...queues.values()].map((q) => (
        <div key={q[0].titleId} style={{ marginBottom: 12 }}>
          <h3>{q[0].title} <span className="muted">({formatNumber(q.length)} người chờ)</span></h3>
          <QueueOutlook first={q[0]} today={today} />
          <table className="data" aria-label={`Hàng chờ: ${q[0].title}`}>
            <thead><tr><th className="num">Thứ tự</th><th>Bạn đọc</th><th>Đặt lúc</th><th>Người đặt</th><th></th></tr></thead>
            <tbody>
              {q.map((r) => (
                <tr key={r.id}>
                  <td className="num">{r.position}</td>
                  <td>{readerLabel(r)}</td>
                  <td>{formatDateTime(r.placedAt)}</td>
                  <td>{r.placedBy}</td>
                  <td className="loan-actions">{mayCancel && <button type="button" className="danger" onClick={() => setCancelling(r)}>Hủy</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
