import { useMemo, useState } from 'react';
import type { FileResult, Statistics } from '@shared/contract';
import { digitalForms, languageLabel, readerKindLabels, type DigitalForm } from '@shared/contract/enums';
import { call } from '../../api';
import { FileLink, ProgressBar, useJob } from '../../jobs';
import { StaffActivityPanel } from '../stats/StaffActivityPanel';
import { errorMessage, Field, Figure, formatMoney, formatNumber, Notice, useLoad } from '../../ui';

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

/** Sổ sách & Báo cáo › "Thống kê": the year's figures, charts, Excel export and the period report (reports.*). */
export function StatisticsPanel({ years, currentYear }: { years: string[]; currentYear: string }) {
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
    // Loans only: a lượt đọc tại chỗ recorded with no reader open has no kind ('') and no loans.
    for (const c of s?.circulation ?? []) if (c.readerKind) out.set(c.readerKind, (out.get(c.readerKind) ?? 0) + c.loans);
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
            <Figure label="Lượt đặt trước" value={formatNumber(s.reservations.placed)} testId="stat-reservations" />
            <Figure label="Đặt trước đã nhận sách" value={formatNumber(s.reservations.fulfilled)} />
          </div>
          <div className="report-charts">
            <Bars label="Lượt mượn theo tháng" items={perMonth} />
            <Bars label="Lượt mượn theo bạn đọc" barWidth={72} items={byKind.map(([k, v]) => ({ key: k, label: readerKindLabels[k as keyof typeof readerKindLabels] ?? k, value: v }))} />
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
            <div>
              <h3>Đặt trước theo tháng</h3>
              <table className="data" aria-label="Đặt trước theo tháng">
                <thead><tr><th>Tháng</th><th className="num">Lượt đặt trước</th><th className="num">Đã nhận sách</th></tr></thead>
                <tbody>
                  {s.reservations.byMonth.filter((m) => m.placed || m.fulfilled).map((m) => (
                    <tr key={m.month}><td>{`${m.month.slice(5)}/${m.month.slice(0, 4)}`}</td><td className="num">{formatNumber(m.placed)}</td><td className="num">{formatNumber(m.fulfilled)}</td></tr>
                  ))}
                </tbody>
              </table>
              {!s.reservations.placed && !s.reservations.fulfilled && <p className="muted">Chưa có lượt đặt trước nào trong năm học.</p>}
            </div>
            <div data-testid="stat-digital">
              <h3>Tài liệu số</h3>
              <p className="muted">{formatNumber(s.digital.resources)} tài liệu của {formatNumber(s.digital.titles)} đầu sách ({formatNumber(s.digital.files)} tệp, {formatNumber(s.digital.links)} liên kết); {formatNumber(s.digital.views)} lượt xem trong năm học.</p>
              <table className="data"><thead><tr><th>Hình thức</th><th className="num">Tài liệu</th><th className="num">Lượt xem</th></tr></thead>
                <tbody>{s.digital.byForm.map((f) => <tr key={f.form}><td>{digitalForms[f.form as DigitalForm] ?? f.form}</td><td className="num">{formatNumber(f.resources)}</td><td className="num">{formatNumber(f.views)}</td></tr>)}</tbody></table>
              {s.digital.topResources.length > 0 && (
                <table className="data"><thead><tr><th>Xem nhiều nhất</th><th className="num">Lượt xem</th></tr></thead>
                  <tbody>{s.digital.topResources.map((r) => <tr key={r.id}><td>{r.name}{r.title && <span className="muted"> — {r.title}</span>}</td><td className="num">{formatNumber(r.views)}</td></tr>)}</tbody></table>
              )}
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
      <StaffActivityPanel year={year} />
    </section>
  );
}
