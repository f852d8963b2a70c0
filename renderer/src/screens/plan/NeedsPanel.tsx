import { useState } from 'react';
import type { Plan } from '@shared/contract';
import { planReasonLabels } from '@shared/contract/enums';
import { call } from '../../api';
import { errorMessage, formatNumber, Notice, useLoad, type Message } from '../../ui';

/** Lost, weeded, much-lent titles and the TT 16 gaps, proposed as lines; the chosen ones are added in one step. */
export function NeedsPanel({ plan, onDone, onClose }: { plan: Plan; onDone: () => Promise<void>; onClose: () => void }) {
  const { data, error } = useLoad(() => call('plan.needs', { year: plan.year }), [plan.year]);
  const [chosen, setChosen] = useState<number[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const add = async () => {
    try {
      await call('plan.addLines', { planId: plan.id, lines: chosen.map((i) => data![i].line) });
      setMessage({ kind: 'success', text: `Đã thêm ${formatNumber(chosen.length)} dòng vào kế hoạch.` });
      setChosen([]);
      await onDone();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <section className="panel" aria-label="Nhu cầu tính toán">
      <div className="row"><h2>Nhu cầu năm học {plan.year}</h2><button type="button" onClick={onClose}>Đóng</button></div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {data && data.length === 0 && <Notice kind="info">Không có bản mất, bản thanh lọc, sách mượn nhiều hay chỉ tiêu TT 16 nào còn thiếu.</Notice>}
      {data && data.length > 0 && (
        <>
          <table className="data" aria-label="Nhu cầu">
            <thead><tr><th></th><th>Tên sách</th><th>Vì sao</th><th>Lý do</th><th className="num">Số lượng</th><th className="num">Đơn giá</th></tr></thead>
            <tbody>{data.map((n, i) => (
              <tr key={i}>
                <td><input type="checkbox" aria-label={`Chọn ${n.line.title}`} checked={chosen.includes(i)} onChange={(e) => setChosen(e.target.checked ? [...chosen, i] : chosen.filter((x) => x !== i))} /></td>
                <td>{n.line.title}</td><td>{n.why}</td><td>{planReasonLabels[n.line.reason ?? 'other']}</td>
                <td className="num">{formatNumber(Number(n.line.quantity))}</td><td className="num">{formatNumber(Number(n.line.unitPrice ?? 0))}</td>
              </tr>
            ))}</tbody>
          </table>
          <div className="row"><button type="button" className="primary" disabled={!chosen.length || plan.frozen} onClick={() => void add()}>Thêm các dòng đã chọn</button></div>
        </>
      )}
    </section>
  );
}
