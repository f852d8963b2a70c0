import { useEffect, useState } from 'react';
import type { FileResult, SelfCheck, SelfCheckThresholds } from '@shared/contract';
import { formatDate } from '@shared/dates';
import { call } from '../../api';
import { FileLink } from '../../jobs';
import { errorMessage, Field, Figure, formatNumber, Notice, useLoad } from '../../ui';

const THRESHOLD_LABELS: [keyof SelfCheckThresholds, string][] = [
  ['copiesPerStudentL1', 'Bản sách/học sinh (mức 1)'], ['copiesPerStudentL2', 'Bản sách/học sinh (mức 2)'],
  ['teacherSetsPerSubject', 'Bộ sách giáo viên/giáo viên mỗi môn'], ['periodicalTitlesL2', 'Đầu báo, tạp chí (mức 2)'],
  ['periodicalCopiesL2', 'Số bản mỗi đầu báo (mức 2)'], ['activitiesL1', 'Hoạt động/năm (mức 1)'], ['activitiesL2', 'Hoạt động/năm (mức 2)'],
  ['loansPerStudentL1', 'Lượt mượn/học sinh (mức 1)'], ['loansPerStudentL2', 'Lượt mượn/học sinh (mức 2)'],
  ['digitalResourcesL2', 'Tài liệu số (mức 2)'], ['digitalViewsL2', 'Lượt xem tài liệu số/năm (mức 2)'],
];
const LEVEL = (n: number) => (n === 0 ? 'Chưa đạt mức 1' : `Mức ${n}`);

/** Sổ sách & Báo cáo › "Tự đánh giá": the TT 16/2022 self-assessment, saved and printed (selfcheck.*). */
export function SelfCheckPanel({ currentYear }: { currentYear: string }) {
  const { data, error, setData } = useLoad<SelfCheck>(() => call('selfcheck.get', { year: currentYear }), [currentYear]);
  const [answers, setAnswers] = useState<Record<string, { checked: boolean; evidence: string }>>({});
  const [thresholds, setThresholds] = useState<SelfCheckThresholds | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [file, setFile] = useState<FileResult | null>(null);

  useEffect(() => {
    if (!data) return;
    setAnswers(Object.fromEntries(data.standards.flatMap((s) => s.criteria).map((c) => [c.id, { checked: c.checked, evidence: c.evidence }])));
    setThresholds(data.thresholds);
  }, [data]);
  if (error) return <Notice kind="error">{error}</Notice>;
  if (!data || !thresholds) return <p className="muted">Đang tải…</p>;

  const save = async () => {
    try {
      setData(await call('selfcheck.save', { year: data.year, answers, thresholds }));
      setMessage({ kind: 'success', text: 'Đã lưu tự đánh giá.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const print = async (kind: 'report' | 'minutes') => {
    try {
      setFile(await call('selfcheck.print', { kind, year: data.year }));
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const f = data.figures;
  return (
    <section className="panel" aria-label="Tự đánh giá">
      <h2>Tự đánh giá thư viện năm học {data.year} (Thông tư 16/2022)</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="report-figures">
        <Figure label="Mức chung (thấp nhất của 5 tiêu chuẩn)" value={LEVEL(data.overall)} testId="selfcheck-overall" />
        <Figure label={`Bản sách/học sinh (yêu cầu ≥ ${thresholds.copiesPerStudentL1})`} value={f.copiesPerStudent.toLocaleString('vi-VN')} />
        <Figure label="Lượt mượn về nhà của học sinh" value={formatNumber(f.loans)} testId="selfcheck-loans" />
        <Figure label="Lượt đến thư viện" value={formatNumber(f.visits)} />
        <Figure label="Lượt đọc tại chỗ" value={formatNumber(f.inLibrary)} />
        <Figure label={`Hoạt động (yêu cầu ≥ ${thresholds.activitiesL1})`} value={formatNumber(f.activities)} />
        <Figure label={`Hạn nộp báo cáo ${formatDate(data.deadline)}`} value={data.daysLeft >= 0 ? `còn ${data.daysLeft} ngày` : `quá ${-data.daysLeft} ngày`} />
      </div>
      <p className="muted">Sách giáo viên theo môn: {f.teacherSets.map((t) => `${t.subject}: ${t.sets} bộ / ${t.teachers} GV`).join(' · ') || 'chưa có số liệu'}</p>
      {data.standards.map((s) => (
        <div key={s.id} className="selfcheck-standard">
          <h3>{s.name} — <span className={s.level > 0 ? 'badge badge-ok' : 'badge badge-warn'}>{LEVEL(s.level)}</span></h3>
          <table className="data">
            <thead><tr><th>Tiêu chí</th><th>Mức</th><th>Số liệu / đã có</th><th>Minh chứng</th><th>Kết quả</th></tr></thead>
            <tbody>
              {s.criteria.map((c) => (
                <tr key={c.id}>
                  <td>{c.text}</td>
                  <td>{c.level}</td>
                  <td>{c.measure ? (
                    <>
                      {c.measure.display} (yêu cầu ≥ {c.measure.threshold.toLocaleString('vi-VN')})
                      <div className="muted" style={{ fontSize: '0.85em' }} data-testid={`basis-${c.id}`}>Cách tính: {c.measure.basis}</div>
                    </>
                  ) : (
                    <label><input type="checkbox" name={`check-${c.id}`} checked={answers[c.id]?.checked ?? false}
                      onChange={(e) => setAnswers({ ...answers, [c.id]: { evidence: answers[c.id]?.evidence ?? '', checked: e.target.checked } })} /> Đã có</label>
                  )}</td>
                  <td><input name={`evidence-${c.id}`} value={answers[c.id]?.evidence ?? ''} placeholder="Văn bản, hồ sơ minh chứng"
                    onChange={(e) => setAnswers({ ...answers, [c.id]: { checked: answers[c.id]?.checked ?? false, evidence: e.target.value } })} /></td>
                  <td><span className={c.met ? 'badge badge-ok' : 'badge badge-warn'}>{c.met ? 'Đạt' : 'Chưa đạt'}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <details>
        <summary>Ngưỡng đánh giá (sửa được)</summary>
        <div className="grid-3">
          {THRESHOLD_LABELS.map(([k, label]) => (
            <Field key={k} label={label}>
              <input type="number" step="0.1" min={0} name={`threshold-${k}`} value={thresholds[k]} onChange={(e) => setThresholds({ ...thresholds, [k]: Number(e.target.value) })} />
            </Field>
          ))}
        </div>
      </details>
      <div className="row" style={{ marginTop: 14 }}>
        <button type="button" className="primary" onClick={save}>Lưu tự đánh giá</button>
        <button type="button" onClick={() => print('report')}>In báo cáo tự đánh giá</button>
        <button type="button" onClick={() => print('minutes')}>In biên bản tự đánh giá</button>
      </div>
      <FileLink file={file} />
    </section>
  );
}
