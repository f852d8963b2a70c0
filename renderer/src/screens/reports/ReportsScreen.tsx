import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  activityForms, registerLabels, type ActivityForm, type FileResult, type RegisterKind, type SelfCheck, type SelfCheckThresholds, type Statistics,
} from '../../../../shared/contract';
import { call, onEvent } from '../../api';
import { FileActions } from '../../FileActions';
import { errorMessage, Field, formatMoney, formatNumber, Notice, ScreenHeader, useLoad } from '../../ui';
import { languageLabel } from '../../../../shared/contract/periodicals';
import { PeriodicalsPanel } from './PeriodicalsPanel';
import { FilePicker } from '../../FilePicker';
import { DateField } from '../../DateField';
import { formatDate, todayIso } from '../../../../shared/dates';

type Tab = 'so-sach' | 'thong-ke' | 'tu-danh-gia' | 'hoat-dong' | 'bao-chi';
const TABS: [Tab, string][] = [['so-sach', 'Sổ sách, biên bản'], ['thong-ke', 'Thống kê'], ['tu-danh-gia', 'Tự đánh giá'], ['hoat-dong', 'Hoạt động thư viện'], ['bao-chi', 'Báo, tạp chí']];

function newJobId(): string {
  return `job-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Follows one long job: progress bar while running (with "Hủy", which stops the job at its next step), then a link to the generated file. */
function useJob() {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  useEffect(() => {
    if (!jobId) return;
    return onEvent('job.progress', (p) => {
      if (p.jobId === jobId) setProgress({ done: p.done, total: p.total });
    });
  }, [jobId]);
  return {
    progress,
    /** The jobs registry cancels any job by id (`jobs.cancel`). */
    cancel: () => (jobId ? call('jobs.cancel', { jobId }) : undefined),
    async run(work: (jobId: string) => Promise<FileResult>): Promise<FileResult> {
      const id = newJobId();
      setJobId(id);
      setProgress({ done: 0, total: 1 });
      try {
        return await work(id);
      } finally {
        setProgress(null);
        setJobId(null);
      }
    },
  };
}

function FileLink({ file }: { file: FileResult | null }) {
  if (!file) return null;
  return (
    <Notice kind="success">
      Đã tạo tệp.{' '}
      <FileActions file={file} />
    </Notice>
  );
}

function ProgressBar({ progress, onCancel }: { progress: { done: number; total: number } | null; onCancel?: () => void }) {
  if (!progress) return null;
  const pct = progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  const bar = (
    <div className="report-progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="Tiến độ in">
      <div style={{ width: `${pct}%` }} />
    </div>
  );
  if (!onCancel) return bar;
  return (
    <div className="row" style={{ alignItems: 'center', gap: 8 }}>
      <div style={{ flex: 1 }}>{bar}</div>
      <span className="muted">{pct} %</span>
      <button type="button" onClick={onCancel}>Hủy</button>
    </div>
  );
}

function RegistersTab() {
  const { data: opts, error } = useLoad(() => call('registers.options', {}));
  const [kind, setKind] = useState<RegisterKind>('dkcb');
  const [series, setSeries] = useState('');
  const [year, setYear] = useState('');
  const [dateStyle, setDateStyle] = useState<'' | 'numeric' | 'roman'>('');
  const [readerKind, setReaderKind] = useState<'student' | 'teacher'>('student');
  const [className, setClassName] = useState('');
  const [batchId, setBatchId] = useState('');
  const [withdrawalId, setWithdrawalId] = useState('');
  const [file, setFile] = useState<FileResult | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useJob();

  const print = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    setFile(null);
    try {
      setFile(await job.run((jobId) => call('registers.print', {
        kind, jobId, series: series || undefined, year: year || undefined, dateStyle: dateStyle || undefined, readerKind,
        className: className || undefined, batchId: batchId ? Number(batchId) : undefined, withdrawalId: withdrawalId ? Number(withdrawalId) : undefined,
      })));
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const usesSeries = kind === 'dkcb' || kind === 'sgk' || kind === 'mucluc';
  const usesYear = kind !== 'nhap' && kind !== 'xuat';
  return (
    <form className="panel" onSubmit={print} aria-label="In sổ sách" noValidate>
      <h2>In sổ sách, biên bản ra PDF</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {message && <Notice kind="error">{message}</Notice>}
      <div className="grid-3">
        <Field label="Loại sổ">
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as RegisterKind)}>
            {(Object.keys(registerLabels) as RegisterKind[]).map((k) => <option key={k} value={k}>{registerLabels[k]}</option>)}
          </select>
        </Field>
        {usesSeries && (
          <Field label="Loại tài liệu" hint={kind === 'sgk' ? 'Mặc định: SGK' : 'Mỗi loại một cuốn sổ'}>
            <select name="series" value={series} onChange={(e) => setSeries(e.target.value)}>
              <option value="">{kind === 'sgk' ? 'Sách giáo khoa (SGK)' : 'Tất cả các loại'}</option>
              {opts?.series.map((s) => <option key={s.code} value={s.code}>{s.name} ({s.code}) — {formatNumber(s.copies)} bản</option>)}
            </select>
          </Field>
        )}
        {usesYear && (
          <Field label="Năm học" hint={kind === 'muon' || kind === 'baochi' ? 'Mặc định: năm học hiện tại' : 'Để trống: cả cuốn sổ'}>
            <select name="year" value={year} onChange={(e) => setYear(e.target.value)}>
              <option value="">{kind === 'muon' || kind === 'baochi' ? `Năm học hiện tại (${opts?.currentYear ?? ''})` : 'Tất cả'}</option>
              {opts?.years.map((y) => <option key={y} value={y}>{y}</option>)}
            </select>
          </Field>
        )}
        {kind === 'muon' && (
          <>
            <Field label="Bạn đọc">
              <select name="readerKind" value={readerKind} onChange={(e) => setReaderKind(e.target.value as 'student' | 'teacher')}>
                <option value="student">Học sinh</option>
                <option value="teacher">Giáo viên, nhân viên</option>
              </select>
            </Field>
            {readerKind === 'student' && (
              <Field label="Lớp" hint="Để trống: mọi lớp, mỗi lớp một phần">
                <select name="className" value={className} onChange={(e) => setClassName(e.target.value)}>
                  <option value="">Tất cả các lớp</option>
                  {opts?.classes.map((c) => <option key={c} value={c}>{c}</option>)}
                </select>
              </Field>
            )}
          </>
        )}
        {kind === 'nhap' && (
          <Field label="Phiếu nhập">
            <select name="batchId" value={batchId} onChange={(e) => setBatchId(e.target.value)}>
              <option value="">Phiếu mới nhất</option>
              {opts?.batches.map((b) => <option key={b.id} value={b.id}>Số {b.registerNumber} — {formatDate(b.date)} — {formatNumber(b.totalCopies)} bản, {formatMoney(b.totalValue)}</option>)}
            </select>
          </Field>
        )}
        {kind === 'xuat' && (
          <Field label="Biên bản xuất">
            <select name="withdrawalId" value={withdrawalId} onChange={(e) => setWithdrawalId(e.target.value)}>
              <option value="">Biên bản mới nhất</option>
              {opts?.withdrawals.map((w) => <option key={w.id} value={w.id}>{w.number} — {formatDate(w.date)} — {formatNumber(w.copies)} bản</option>)}
            </select>
          </Field>
        )}
        <Field label="Cách ghi ngày">
          <select name="dateStyle" value={dateStyle} onChange={(e) => setDateStyle(e.target.value as '' | 'numeric' | 'roman')}>
            <option value="">Theo cài đặt của trường</option>
            <option value="numeric">26/11/2026</option>
            <option value="roman">26/XI/2026</option>
          </select>
        </Field>
      </div>
      <div className="row" style={{ marginTop: 14 }}>
        <button className="primary" type="submit" disabled={busy}>{busy ? 'Đang in…' : 'In ra PDF'}</button>
      </div>
      <ProgressBar progress={job.progress} onCancel={() => void job.cancel()} />
      <FileLink file={file} />
    </form>
  );
}

const KIND_LABEL: Record<string, string> = { student: 'Học sinh', teacher: 'Giáo viên', staff: 'Nhân viên' };

/** Simple inline SVG bars: no chart library. */
function Bars({ label, items, barWidth = 36 }: { label: string; items: { key: string; label: string; value: number }[]; barWidth?: number }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  const w = barWidth, h = 140;
  return (
    <figure className="report-chart" aria-label={label}>
      <svg width={items.length * w + 10} height={h + 36} role="img" aria-label={label}>
        {items.map((it, i) => {
          const bh = Math.round((it.value / max) * h);
          return (
            <g key={it.key} transform={`translate(${i * w + 6}, 0)`}>
              <rect x={4} y={h - bh + 14} width={w - 10} height={bh} className="report-bar"><title>{`${it.label}: ${formatNumber(it.value)}`}</title></rect>
              <text x={w / 2 - 1} y={h - bh + 10} textAnchor="middle" className="report-bar-value">{formatNumber(it.value)}</text>
              <text x={w / 2 - 1} y={h + 28} textAnchor="middle" className="report-bar-label">{it.label}</text>
            </g>
          );
        })}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="report-figure" data-testid={testId}>
      <span className="report-figure-value">{value}</span>
      <span className="report-figure-label">{label}</span>
    </div>
  );
}

function StatisticsTab({ years, currentYear }: { years: string[]; currentYear: string }) {
  const [year, setYear] = useState(currentYear);
  const { data: s, error, loading } = useLoad<Statistics>(() => call('reports.statistics', { year }), [year]);
  const [file, setFile] = useState<FileResult | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [period, setPeriod] = useState<'year' | 'term1' | 'term2' | 'month'>('year');
  const [month, setMonth] = useState(new Date().getMonth() + 1);
  const [proposals, setProposals] = useState('');
  const job = useJob();

  const perMonth = useMemo(() => (s ? s.months.map((m) => ({
    key: m, label: `${m.slice(5)}/${m.slice(2, 4)}`,
    value: s.circulation.filter((c) => c.month === m).reduce((a, c) => a + c.loans, 0),
  })) : []), [s]);
  const byKind = useMemo(() => {
    const out = new Map<string, number>();
    for (const c of s?.circulation ?? []) out.set(c.readerKind, (out.get(c.readerKind) ?? 0) + c.loans);
    return [...out.entries()];
  }, [s]);

  const act = async (work: () => Promise<FileResult>) => {
    setMessage(null);
    try {
      setFile(await work());
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };

  return (
    <section className="panel" aria-label="Thống kê">
      <div className="row">
        <Field label="Năm học">
          <select name="statsYear" value={year} onChange={(e) => setYear(e.target.value)}>
            {[...new Set([currentYear, ...years])].map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </Field>
        <button type="button" onClick={() => act(() => call('reports.exportXlsx', { year }))}>Xuất Excel (.xlsx)</button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {message && <Notice kind="error">{message}</Notice>}
      {loading && !s && <p className="muted">Đang tính…</p>}
      {s && (
        <>
          <div className="report-figures">
            <Figure label="Lượt mượn" value={formatNumber(s.totals.loans)} testId="stat-loans" />
            <Figure label="Lượt đọc tại chỗ" value={formatNumber(s.totals.inLibrary)} />
            <Figure label="Lượt đến thư viện" value={formatNumber(s.totals.visits)} testId="stat-visits" />
            <Figure label="Hoạt động thư viện" value={formatNumber(s.totals.activities)} testId="stat-activities" />
            <Figure label="Bản sách nhập" value={formatNumber(s.totals.added)} />
            <Figure label="Bản sách thanh lọc" value={formatNumber(s.totals.withdrawn)} />
            <Figure label="Bản sách trong kho" value={formatNumber(s.totals.copiesInStock)} testId="stat-stock" />
            <Figure label="Lượt mượn đang quá hạn" value={formatNumber(s.overdue.loans)} />
          </div>
          <div className="report-charts">
            <Bars label="Lượt mượn theo tháng" items={perMonth} />
            <Bars label="Lượt mượn theo bạn đọc" barWidth={72} items={byKind.map(([k, v]) => ({ key: k, label: KIND_LABEL[k] ?? k, value: v }))} />
            <Bars label="Kho sách theo loại (bản)" items={s.collectionBySeries.map((c) => ({ key: c.series, label: c.series, value: c.copies }))} />
          </div>
          <div className="grid-2">
            <div>
              <h3>Sách được mượn nhiều nhất</h3>
              <table className="data"><thead><tr><th>Nhan đề</th><th className="num">Lượt</th></tr></thead>
                <tbody>{s.topTitles.map((t) => <tr key={t.titleId}><td>{t.title}</td><td className="num">{formatNumber(t.loans)}</td></tr>)}</tbody></table>
            </div>
            <div>
              <h3>Lớp mượn nhiều nhất</h3>
              <table className="data"><thead><tr><th>Lớp</th><th className="num">Lượt mượn</th><th className="num">Học sinh mượn</th></tr></thead>
                <tbody>{s.topClasses.map((c) => <tr key={c.className}><td>{c.className}</td><td className="num">{formatNumber(c.loans)}</td><td className="num">{c.readers}</td></tr>)}</tbody></table>
            </div>
            <div>
              <h3>Kho sách theo môn loại</h3>
              <table className="data"><thead><tr><th>Lớp</th><th>Tên</th><th className="num">Bản</th></tr></thead>
                <tbody>{s.collectionByClass.map((c) => <tr key={c.code}><td>{c.code}</td><td>{c.label}</td><td className="num">{formatNumber(c.copies)}</td></tr>)}</tbody></table>
            </div>
            <div>
              <h3>Kho sách theo loại và ngôn ngữ</h3>
              <table className="data"><thead><tr><th>Loại</th><th className="num">Đầu sách</th><th className="num">Bản</th><th className="num">Giá trị</th></tr></thead>
                <tbody>{s.collectionBySeries.map((c) => <tr key={c.series}><td>{c.name}</td><td className="num">{formatNumber(c.titles)}</td><td className="num">{formatNumber(c.copies)}</td><td className="num">{formatMoney(c.value)}</td></tr>)}</tbody></table>
              <p className="muted">{s.collectionByLanguage.map((l) => `${languageLabel(l.language)}: ${formatNumber(l.copies)} bản`).join(' · ')}</p>
            </div>
          </div>
          <h3>Báo cáo tháng, học kỳ, năm (PDF)</h3>
          <div className="row">
            <Field label="Kỳ báo cáo">
              <select name="period" value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
                <option value="year">Cả năm học</option><option value="term1">Học kỳ I</option><option value="term2">Học kỳ II</option><option value="month">Một tháng</option>
              </select>
            </Field>
            {period === 'month' && (
              <Field label="Tháng">
                <select name="month" value={month} onChange={(e) => setMonth(Number(e.target.value))}>
                  {[8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7].map((m) => <option key={m} value={m}>Tháng {m}</option>)}
                </select>
              </Field>
            )}
          </div>
          <Field label="Đề nghị (in vào mục IV của báo cáo)">
            <textarea name="proposals" rows={3} value={proposals} onChange={(e) => setProposals(e.target.value)} />
          </Field>
          <div className="row" style={{ marginTop: 10 }}>
            <button type="button" className="primary" onClick={() => act(() => job.run((jobId) => call('reports.print', { period, year, month, proposals, jobId })))}>In báo cáo</button>
          </div>
          <ProgressBar progress={job.progress} />
        </>
      )}
      <FileLink file={file} />
    </section>
  );
}

const THRESHOLD_LABELS: [keyof SelfCheckThresholds, string][] = [
  ['copiesPerStudentL1', 'Bản sách/học sinh (mức 1)'], ['copiesPerStudentL2', 'Bản sách/học sinh (mức 2)'],
  ['teacherSetsPerSubject', 'Bộ sách giáo viên/giáo viên mỗi môn'], ['periodicalTitlesL2', 'Đầu báo, tạp chí (mức 2)'],
  ['periodicalCopiesL2', 'Số bản mỗi đầu báo (mức 2)'], ['activitiesL1', 'Hoạt động/năm (mức 1)'], ['activitiesL2', 'Hoạt động/năm (mức 2)'],
  ['loansPerStudentL1', 'Lượt mượn/học sinh (mức 1)'], ['loansPerStudentL2', 'Lượt mượn/học sinh (mức 2)'],
];
const LEVEL = (n: number) => (n === 0 ? 'Chưa đạt mức 1' : `Mức ${n}`);

function SelfCheckTab({ currentYear }: { currentYear: string }) {
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
        <Figure label="Lượt mượn trong năm" value={formatNumber(f.loans)} />
        <Figure label="Lượt đến thư viện" value={formatNumber(f.visits)} />
        <Figure label={`Hoạt động (yêu cầu ≥ ${thresholds.activitiesL1})`} value={formatNumber(f.activities)} />
        <Figure label={`Hạn nộp báo cáo ${data.deadline.split('-').reverse().join('/')}`} value={data.daysLeft >= 0 ? `còn ${data.daysLeft} ngày` : `quá ${-data.daysLeft} ngày`} />
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
                  <td>{c.measure ? `${c.measure.display} (yêu cầu ≥ ${c.measure.threshold.toLocaleString('vi-VN')})` : (
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

const EMPTY_ACTIVITY = { date: '', name: '', form: 'gioi_thieu_sach' as ActivityForm, audience: '', participants: 0, personInCharge: '', notes: '' };

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function ActivitiesTab({ currentYear }: { currentYear: string }) {
  const { data, error, reload } = useLoad(() => call('activities.list', { year: currentYear }), [currentYear]);
  const [form, setForm] = useState({ ...EMPTY_ACTIVITY, date: todayIso() });
  const [files, setFiles] = useState<File[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      let saved = await call('activities.save', form);
      for (const f of Array.from(files ?? [])) saved = await call('activities.addEvidence', { id: saved.id, fileName: f.name, base64: await readAsBase64(f) });
      setMessage({ kind: 'success', text: `Đã ghi nhận hoạt động "${saved.name}".` });
      setForm({ ...EMPTY_ACTIVITY, date: form.date });
      setFiles(null);
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const remove = async (id: number) => {
    if (!window.confirm('Xóa hoạt động này?')) return;
    try {
      await call('activities.delete', { id });
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <section className="panel" aria-label="Hoạt động thư viện">
      <h2>Hoạt động thư viện năm học {currentYear}</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} aria-label="Ghi nhận hoạt động" noValidate>
        <div className="grid-3">
          <Field label="Ngày"><DateField name="date" required value={form.date} onChange={(date) => setForm({ ...form, date })} /></Field>
          <Field label="Tên hoạt động"><input name="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          <Field label="Hình thức">
            <select name="form" value={form.form} onChange={(e) => setForm({ ...form, form: e.target.value as ActivityForm })}>
              {(Object.keys(activityForms) as ActivityForm[]).map((k) => <option key={k} value={k}>{activityForms[k]}</option>)}
            </select>
          </Field>
          <Field label="Lớp / đối tượng"><input name="audience" value={form.audience} onChange={(e) => setForm({ ...form, audience: e.target.value })} /></Field>
          <Field label="Số người tham gia"><input type="number" min={0} name="participants" value={form.participants} onChange={(e) => setForm({ ...form, participants: Number(e.target.value) })} /></Field>
          <Field label="Người phụ trách"><input name="personInCharge" value={form.personInCharge} onChange={(e) => setForm({ ...form, personInCharge: e.target.value })} /></Field>
        </div>
        <Field label="Ghi chú"><textarea name="notes" rows={2} value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} /></Field>
        <Field label="Minh chứng (ảnh, biên bản)"><FilePicker name="evidence" multiple files={files} onFiles={setFiles} /></Field>
        <div className="row" style={{ marginTop: 10 }}><button className="primary" type="submit">Ghi nhận hoạt động</button></div>
      </form>
      <table className="data" style={{ marginTop: 16 }} aria-label="Danh sách hoạt động">
        <thead><tr><th>Ngày</th><th>Tên hoạt động</th><th>Hình thức</th><th>Đối tượng</th><th className="num">Số người</th><th>Phụ trách</th><th>Minh chứng</th><th></th></tr></thead>
        <tbody>
          {data?.map((a) => (
            <tr key={a.id}>
              <td>{a.date.split('-').reverse().join('/')}</td><td>{a.name}</td><td>{activityForms[a.form]}</td><td>{a.audience}</td>
              <td className="num">{formatNumber(a.participants)}</td><td>{a.personInCharge}</td><td>{a.evidence.length ? `${a.evidence.length} tệp` : ''}</td>
              <td><button type="button" className="danger" onClick={() => remove(a.id)}>Xóa</button></td>
            </tr>
          ))}
          {data?.length === 0 && <tr><td colSpan={8} className="muted">Chưa có hoạt động nào trong năm học này.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}

export function ReportsScreen() {
  const [tab, setTab] = useState<Tab>('so-sach');
  const { data: opts } = useLoad(() => call('registers.options', {}));
  const currentYear = opts?.currentYear ?? '';
  return (
    <div>
      <ScreenHeader title="Sổ sách & Báo cáo" />
      <div className="report-tabs" role="tablist" aria-label="Sổ sách & Báo cáo">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'primary' : ''} onClick={() => setTab(id)}>{label}</button>
        ))}
      </div>
      {tab === 'so-sach' && <RegistersTab />}
      {tab === 'thong-ke' && currentYear && <StatisticsTab years={opts?.years ?? []} currentYear={currentYear} />}
      {tab === 'tu-danh-gia' && currentYear && <SelfCheckTab currentYear={currentYear} />}
      {tab === 'hoat-dong' && currentYear && <ActivitiesTab currentYear={currentYear} />}
      {tab === 'bao-chi' && <PeriodicalsPanel years={opts?.years ?? []} />}
    </div>
  );
}
