import { useState } from 'react';
import type { MethodOutput, Plan } from '@shared/contract';
import { ApiError, call } from '../../api';
import { FilePicker, readFileBase64 } from '../../FilePicker';
import { ProgressBar, useJob } from '../../jobs';
import { errorMessage, formatMoney, formatNumber, Notice, type Message } from '../../ui';

type ImportResult = MethodOutput<'plan.import'>;

/** Báo giá (.xlsx/.csv): preview first, then all rows or none; bad rows listed "Dòng 4: …". */
export function QuotationPanel({ plan, onDone, onClose }: { plan: Plan; onDone: () => Promise<void>; onClose: () => void }) {
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [errors, setErrors] = useState<{ row: number; message: string }[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const job = useJob();
  const run = async (dryRun: boolean, f = file) => {
    if (!f) return;
    setErrors([]);
    try {
      const r = await job.run((jobId) => call('plan.import', { planId: plan.id, file: f, dryRun, jobId }));
      setPreview(dryRun ? r : null);
      setMessage(dryRun
        ? { kind: 'info', text: `Tệp hợp lệ: ${formatNumber(r.lines)} dòng, ${formatNumber(r.copies)} bản, ${formatMoney(r.amount)}. Kiểm tra rồi bấm "Thêm vào kế hoạch".` }
        : { kind: 'success', text: `Đã thêm ${formatNumber(r.lines)} dòng, ${formatNumber(r.copies)} bản, ${formatMoney(r.amount)} từ báo giá.` });
      if (!dryRun) await onDone();
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { summary?: string; errors?: { row: number; message: string }[] } | undefined) : undefined;
      setMessage({ kind: 'error', text: details?.errors?.length && details.summary ? details.summary : errorMessage(e) });
      setErrors(details?.errors ?? []);
      setPreview(null);
    }
  };
  const pick = async (f: File | undefined) => {
    if (!f) return;
    const next = { fileName: f.name, contentBase64: await readFileBase64(f) };
    setFile(next);
    await run(true, next);
  };
  return (
    <section className="panel" aria-label="Nhập báo giá">
      <div className="row"><h2>Nhập báo giá (.xlsx hoặc .csv)</h2><button type="button" onClick={onClose}>Đóng</button></div>
      <p className="muted">Cột như khi nhập danh mục: Nhan đề (Tên sách), Tác giả, Nhà xuất bản, Năm xuất bản, ISBN, Loại sách, Số lượng, Đơn giá;
        thêm Thành tiền, Ghi chú, Lý do, Ưu tiên, Nguồn kinh phí, Nhà cung cấp nếu có. Có một dòng lỗi thì không thêm dòng nào.</p>
      <FilePicker accept=".xlsx,.csv" aria-label="Chọn tệp báo giá" onFiles={(f) => void pick(f[0])} />
      {job.running && <ProgressBar progress={job.progress} />}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {errors.length > 0 && <ul className="import-errors" aria-label="Dòng lỗi">{errors.map((e) => <li key={e.row}>{e.message}</li>)}</ul>}
      {preview && (
        <>
          <table className="data" aria-label="Xem trước báo giá">
            <thead><tr><th className="num">Dòng</th><th>Tên sách</th><th>Tác giả</th><th>Loại</th><th className="num">Số lượng</th><th className="num">Đơn giá</th><th className="num">Thành tiền</th><th>Trong danh mục</th></tr></thead>
            <tbody>{preview.preview.map((r) => (
              <tr key={r.row}><td className="num">{r.row}</td><td>{r.title}</td><td>{r.authors}</td><td>{r.seriesCode}</td><td className="num">{formatNumber(r.quantity)}</td>
                <td className="num">{formatNumber(r.unitPrice)}</td><td className="num">{formatNumber(r.amount)}</td><td>{r.held || 'Sách mới'}{r.held && !r.matched && <div className="muted">khác năm xuất bản: xem có phải bản in mới không</div>}</td></tr>
            ))}</tbody>
          </table>
          <div className="row"><button type="button" className="primary" onClick={() => void run(false)}>Thêm vào kế hoạch</button></div>
        </>
      )}
    </section>
  );
}
