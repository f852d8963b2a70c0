import { useState } from 'react';
import type { MethodOutput } from '@shared/contract';
import { sourceLabel } from '@shared/contract/enums';
import { ApiError, call } from '../../api';
import { ProgressBar, useJob } from '../../jobs';
import { errorMessage, formatNumber, Notice } from '../../ui';
import { FilePicker, readFileBase64 } from '../../FilePicker';

type ImportResult = MethodOutput<'catalogue.import'>;
type Mapping = ImportResult['mapping'];

/** Import a catalogue file: preview (dry run), map columns when headers differ, then import all or nothing. */
export function ImportPanel({ onDone }: { onDone: () => void }) {
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [errors, setErrors] = useState<{ row: number; message: string }[]>([]);
  const [unknown, setUnknown] = useState<string[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The import runs on the worker thread and reports its progress; "Hủy" rolls the whole import back.
  const job = useJob();

  const run = async (dryRun: boolean, f = file, m = mapping) => {
    if (!f) return;
    setBusy(true);
    setErrors([]);
    try {
      const r = await job.run((jobId) => call('catalogue.import', { file: f, mapping: m, dryRun, jobId }));
      setPreview(r);
      setMapping(r.mapping);
      setUnknown(r.unknownColumns);
      setMessage(dryRun
        ? { kind: 'info', text: `Tệp hợp lệ: ${formatNumber(r.titles)} đầu sách, ${formatNumber(r.copies)} bản sách. Kiểm tra rồi bấm "Nhập vào danh mục".` }
        : { kind: 'success', text: `Đã nhập ${formatNumber(r.titles)} đầu sách, ${formatNumber(r.copies)} bản sách (${r.batches.map((b) => `phiếu số ${b.registerNumber}: ${b.copies} bản`).join('; ')}).` });
    } catch (e) {
      const details = e instanceof ApiError
        ? (e.details as { summary?: string; errors?: { row: number; message: string }[]; unknownColumns?: string[] } | undefined) : undefined;
      // The rows are listed below, once: the notice keeps only the sentence about them.
      setMessage({ kind: 'error', text: details?.errors?.length && details.summary ? details.summary : errorMessage(e) });
      setErrors(details?.errors ?? []);
      setUnknown(details?.unknownColumns ?? []);
    } finally {
      setBusy(false);
    }
  };

  const pick = async (f: File | undefined) => {
    if (!f) return;
    const next = { fileName: f.name, contentBase64: await readFileBase64(f) };
    setFile(next);
    setPreview(null);
    setMapping({});
    await run(true, next, {});
  };

  return (
    <section className="panel" aria-label="Nhập danh mục">
      <div className="row">
        <h2>Nhập danh mục sách từ tệp Excel (.xlsx) hoặc CSV</h2>
        <button type="button" onClick={onDone} aria-label="Đóng nhập danh mục">Đóng</button>
      </div>
      <p className="muted">Mỗi dòng một đầu sách. Cột thường dùng: Loại sách, Nhan đề, Tác giả, Nhà xuất bản, Năm xuất bản, Giá tiền, ISBN, Môn loại,
        Số lượng, Nguồn; có cột "Số ĐKCB" (ví dụ STK120-STK125) thì giữ nguyên số cũ. Có một dòng lỗi thì không nhập dòng nào.</p>
      <FilePicker accept=".xlsx,.csv" aria-label="Chọn tệp" onFiles={(f) => void pick(f[0])} />
      {job.running && <ProgressBar progress={job.progress} onCancel={() => void job.cancel()} />}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {errors.length > 0 && (
        <ul className="import-errors" aria-label="Dòng lỗi">{errors.slice(0, 100).map((e) => <li key={e.row}>{e.message}</li>)}</ul>
      )}
      {unknown.length > 0 && (
        <Notice kind="info">{unknown.map((c) => <span key={c}>Cột &apos;{c}&apos; không được nhập. </span>)}
          Nếu cột này có dữ liệu cần giữ, hãy chọn nó cho một trường bên dưới.</Notice>
      )}
      {preview && (
        <>
          <h3>Cột trong tệp</h3>
          <div className="grid-3">
            {preview.fields.map((f) => (
              <label key={f.key} className="field">
                <span className="field-label">{f.label}</span>
                <select value={mapping[f.key] ?? ''} onChange={(e) => setMapping({ ...mapping, [f.key]: e.target.value })}>
                  <option value="">(không có)</option>
                  {preview.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                </select>
              </label>
            ))}
          </div>
          <div className="row">
            <button type="button" onClick={() => void run(true)} disabled={busy}>Kiểm tra lại với cột đã chọn</button>
            <button type="button" className="primary" onClick={() => void run(false)} disabled={busy || preview.dryRun === false}>Nhập vào danh mục</button>
          </div>
          <table className="data" aria-label="Xem trước">
            <thead><tr><th className="num">Dòng</th><th>Nhan đề</th><th>Tác giả</th><th>Loại</th><th className="num">Số lượng</th><th>Nguồn</th></tr></thead>
            <tbody>
              {preview.preview.map((r) => (
                <tr key={r.row}><td className="num">{r.row}</td><td>{r.title}</td><td>{r.authors}</td><td>{r.series}</td><td className="num">{formatNumber(r.quantity)}</td><td>{sourceLabel(r.source)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
