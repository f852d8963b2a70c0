import type { LoanDto } from '@shared/contract';
import { formatDate, todayIso } from '@shared/dates';
import { call } from '../../api';
import { Notice, useLoad } from '../../ui';

/** A stored timestamp (checkout, return, loss) as the local calendar day, dd/mm/yyyy. */
function day(ts: string | null): string {
  return ts ? formatDate(todayIso(new Date(ts))) : '';
}

function LoanState({ loan }: { loan: LoanDto }) {
  if (loan.lostAt && loan.returnedAt) return <span className="badge">mất {day(loan.lostAt)}, tìm thấy {day(loan.returnedAt)}</span>;
  if (loan.lostAt) return <span className="badge badge-danger">mất ({day(loan.lostAt)})</span>;
  if (!loan.returnedAt) {
    return loan.overdueDays > 0 ? <span className="badge badge-danger">đang mượn, quá hạn {loan.overdueDays} ngày</span> : <span className="badge">đang mượn</span>;
  }
  return loan.overdueDays > 0 ? <span className="badge badge-warn">trả trễ {loan.overdueDays} ngày</span> : <span className="badge badge-ok">đúng hạn</span>;
}

/** Every loan of one reader, open and closed, newest first: dates, lateness and losses. */
export function ReaderHistory({ readerId, showName = false }: { readerId: number; showName?: boolean }) {
  const history = useLoad(() => call('circulation.history', { readerId }), [readerId]);
  if (history.error) return <Notice kind="error">{history.error}</Notice>;
  if (!history.data) return <p className="muted">Đang tải…</p>;
  const { reader, loans } = history.data;
  const late = loans.filter((l) => l.returnedAt && !l.lostAt && l.overdueDays > 0).length;
  const lost = loans.filter((l) => l.lostAt && !l.returnedAt).length;
  return (
    <div>
      {showName && (
        <p>
          <strong data-testid="history-reader">{reader.fullName}</strong>
          <span className="muted"> — {reader.kind === 'student' ? `Lớp ${reader.className}` : reader.department || 'Cán bộ'} · Thẻ {reader.cardNumber}</span>
        </p>
      )}
      <p className="muted">
        {loans.length} lượt mượn{late ? `, ${late} lần trả trễ` : ''}{lost ? `, ${lost} cuốn mất` : ''}.
      </p>
      {loans.length > 0 && (
        <table className="data" aria-label="Lịch sử mượn">
          <thead><tr><th>Số ĐKCB</th><th>Tên sách</th><th>Ngày mượn</th><th>Hạn trả</th><th>Ngày trả</th><th>Tình trạng</th></tr></thead>
          <tbody>
            {loans.map((l) => (
              <tr key={l.id}>
                <td><code>{l.copyCode}</code></td>
                <td>{l.title}{l.classSet ? <span className="badge" style={{ marginLeft: 6 }}>{l.classSet}</span> : null}</td>
                <td>{day(l.checkoutAt)}</td>
                <td>{formatDate(l.dueAt)}</td>
                <td>{day(l.returnedAt)}</td>
                <td><LoanState loan={l} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
