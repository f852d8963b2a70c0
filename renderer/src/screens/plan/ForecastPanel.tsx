import { useState } from 'react';
import type { FileResult, Plan } from '@shared/contract';
import { call } from '../../api';
import { FileLink, ProgressBar, useJob } from '../../jobs';
import { useSession } from '../../session';
import { errorMessage, formatNumber, Notice, useLoad, type Message } from '../../ui';

/** Dự trù SGK for the next school year: its own table, printable on its own, added to the plan in one step. */
export function ForecastPanel({ plan, onDone, onClose }: { plan: Plan; onDone: () => Promise<void>; onClose: () => void }) {
  const { data, error } = useLoad(() => call('plan.forecast', { year: plan.year }), [plan.year]);
  const { can } = useSession();
  const [message, setMessage] = useState<Message>(null);
  const [file, setFile] = useState<FileResult | null>(null);
  const job = useJob();
  const add = async () => {
    try {
      await call('plan.addForecast', { planId: plan.id });
      setMessage({ kind: 'success', text: 'Đã thêm dự trù SGK vào kế hoạch.' });
      await onDone();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const print = async () => {
    try {
      setFile(await job.run((jobId) => call('plan.printForecast', { year: plan.year, jobId })));
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <section className="panel" aria-label="Dự trù SGK">
      <div className="row"><h2>Dự trù sách giáo khoa năm học {data?.forYear ?? ''}</h2><button type="button" onClick={onClose}>Đóng</button></div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {data && (
        <>
          <p className="muted">Số học sinh năm tới: {data.enrolment.map((e) => `khối ${e.grade}: ${formatNumber(e.students)}`).join('; ') || 'chưa có danh sách học sinh'}.
            Bản còn dùng được không tính bản mất, bản đã thanh lọc.</p>
          <table className="data" aria-label="Bảng dự trù SGK">
            <thead><tr><th className="num">Khối</th><th>Môn</th><th>Tên sách</th><th className="num">Số HS năm tới</th><th className="num">Bản còn dùng được</th><th className="num">Cần mua</th></tr></thead>
            <tbody>{data.rows.map((r) => (
              <tr key={r.titleId}><td className="num">{r.grade}</td><td>{r.subject}</td><td>{r.title}</td><td className="num">{formatNumber(r.enrolment)}</td>
                <td className="num">{formatNumber(r.usable)}</td><td className="num">{formatNumber(r.toBuy)}</td></tr>
            ))}</tbody>
          </table>
          <div className="row">
            {can('plan.addForecast') && <button type="button" className="primary" disabled={plan.frozen || !data.rows.some((r) => r.toBuy > 0)} onClick={() => void add()}>Thêm dự trù vào kế hoạch</button>}
            <button type="button" onClick={() => void print()}>In dự trù SGK</button>
          </div>
          {job.running && <ProgressBar progress={job.progress} />}
          <FileLink file={file} />
        </>
      )}
    </section>
  );
}
