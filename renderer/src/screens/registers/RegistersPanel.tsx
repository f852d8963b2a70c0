import { useState, type FormEvent } from 'react';
import type { FileResult, RegisterKind } from '@shared/contract';
import { registerLabels } from '@shared/contract/enums';
import { formatDate } from '@shared/dates';
import { call } from '../../api';
import { FileLink, ProgressBar, useJob } from '../../jobs';
import { errorMessage, Field, formatMoney, formatNumber, Notice, useLoad } from '../../ui';

/** Sổ sách & Báo cáo › "Sổ sách, biên bản": any register or minutes printed to PDF (registers.print). */
export function RegistersPanel() {
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
