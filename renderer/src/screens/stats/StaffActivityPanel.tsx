import { schoolYearRange } from '@shared/dates';
import { call } from '../../api';
import { formatNumber, Notice, useLoad } from '../../ui';

/** "08/26" for "2026-08". */
const monthLabel = (m: string) => `${m.slice(5)}/${m.slice(2, 4)}`;

/**
 * Thống kê › "Ai giúp thư viện": loans and returns per account per month of the school year
 * (stats.staffActivity), so the school can thank its pupil helpers by name.
 */
export function StaffActivityPanel({ year }: { year: string }) {
  const { data, error } = useLoad(() => call('stats.staffActivity', schoolYearRange(year)), [year]);
  return (
    <section className="panel" aria-label="Mượn trả theo người làm">
      <h2>Mượn trả theo người làm — năm học {year}</h2>
      <p className="muted">Số lượt cho mượn và nhận trả mỗi người đã làm ở quầy, theo tháng. Cảm ơn các bạn cộng tác viên!</p>
      {error && <Notice kind="error">{error}</Notice>}
      {data && data.rows.length === 0 && <p className="muted">Năm học này chưa có lượt mượn trả nào.</p>}
      {data && data.rows.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <table className="data" aria-label="Mượn trả theo người làm">
            <thead>
              <tr>
                <th>Người làm</th>
                {data.months.map((m) => <th key={m} className="num">{monthLabel(m)}</th>)}
                <th className="num">Cho mượn</th><th className="num">Nhận trả</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.accountId ?? 'before'}>
                  <td>{r.name}{r.roleLabel && <span className="muted"> ({r.roleLabel})</span>}</td>
                  {r.perMonth.map((p) => (
                    <td key={p.month} className="num" title={`Tháng ${monthLabel(p.month)}: ${formatNumber(p.loans)} lượt cho mượn, ${formatNumber(p.returns)} lượt nhận trả`}>
                      {p.loans || p.returns ? `${formatNumber(p.loans)} / ${formatNumber(p.returns)}` : ''}
                    </td>
                  ))}
                  <td className="num"><strong>{formatNumber(r.loans)}</strong></td>
                  <td className="num"><strong>{formatNumber(r.returns)}</strong></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Mỗi ô: số lượt cho mượn / số lượt nhận trả trong tháng.</p>
        </div>
      )}
    </section>
  );
}
