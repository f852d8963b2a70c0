import { useState, type FormEvent } from 'react';
import type { FileResult, MethodOutput, Plan } from '@shared/contract';
import { planReasonLabels, suggestionSourceLabels, suggestionStatusLabels } from '@shared/contract/enums';
import { formatDateTime } from '@shared/dates';
import { ApiError, call } from '../../api';
import { FilePicker, readFileBase64 } from '../../FilePicker';
import { FileLink, ProgressBar, useJob } from '../../jobs';
import { errorMessage, Field, formatMoney, formatNumber, Notice, useLoad, type Message } from '../../ui';

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

/** The suggestion inbox: typed ones added here, the OPAC's arrive by themselves; chosen ones become lines. */
/** The inbox of purchase suggestions (typed here, or sent from the OPAC); with an open plan, chosen ones become lines. */
export function SuggestionsPanel({ plan, onDone, onClose }: { plan: Plan | null; onDone: () => Promise<void>; onClose?: () => void }) {
  const { data, error, reload } = useLoad(() => call('suggestions.list', {}));
  const [chosen, setChosen] = useState<number[]>([]);
  const [form, setForm] = useState({ title: '', author: '', who: '', why: '' });
  const [message, setMessage] = useState<Message>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const s = await call('suggestions.add', form);
      setMessage({ kind: 'success', text: `Đã ghi đề xuất "${s.title}".` });
      setForm({ title: '', author: '', who: '', why: '' });
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const toPlan = async () => {
    if (!plan) return;
    try {
      await call('plan.addSuggestions', { planId: plan.id, suggestionIds: chosen });
      setMessage({ kind: 'success', text: `Đã đưa ${formatNumber(chosen.length)} đề xuất vào kế hoạch (số lượng 1; sửa đơn giá, số lượng ở bảng dưới).` });
      setChosen([]);
      await Promise.all([reload(), onDone()]);
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const reject = async (id: number) => {
    try {
      await call('suggestions.setStatus', { id, status: 'rejected' });
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const spam = async () => {
    if (!window.confirm(`Đánh dấu ${formatNumber(chosen.length)} đề xuất là thư rác? Chúng sẽ rời hộp đề xuất; đề xuất giống hệt gửi sau cũng vào thư rác.`)) return;
    try {
      const r = await call('suggestions.markSpam', { ids: chosen });
      setMessage({ kind: 'success', text: `Đã đánh dấu ${formatNumber(r.marked)} đề xuất là thư rác và bỏ khỏi hộp đề xuất.` });
      setChosen([]);
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const open = (data ?? []).filter((s) => s.status === 'new');
  return (
    <section className="panel" aria-label="Đề xuất mua sách" id="hop-de-xuat">
      <div className="row"><h2>Đề xuất của giáo viên, học sinh</h2>{onClose && <button type="button" onClick={onClose}>Đóng</button>}</div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={add} aria-label="Ghi đề xuất" className="grid-3" noValidate>
        <Field label="Nhan đề đề xuất"><input name="suggestionTitle" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} /></Field>
        <Field label="Tác giả"><input name="suggestionAuthor" value={form.author} onChange={(e) => setForm({ ...form, author: e.target.value })} /></Field>
        <Field label="Người đề xuất"><input name="suggestionWho" value={form.who} onChange={(e) => setForm({ ...form, who: e.target.value })} /></Field>
        <Field label="Lý do"><input name="suggestionWhy" value={form.why} onChange={(e) => setForm({ ...form, why: e.target.value })} /></Field>
        <div className="row"><button type="submit">Ghi đề xuất</button></div>
      </form>
      <table className="data" aria-label="Hộp đề xuất">
        <thead><tr><th></th><th>Ngày</th><th>Nhan đề</th><th>Tác giả</th><th>Người đề xuất</th><th>Lý do</th><th>Nguồn</th><th>Trạng thái</th><th></th></tr></thead>
        <tbody>{(data ?? []).map((s) => (
          <tr key={s.id}>
            <td>{s.status === 'new' && <input type="checkbox" aria-label={`Chọn ${s.title}`} checked={chosen.includes(s.id)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))} />}</td>
            <td>{formatDateTime(s.createdAt)}{s.lastAt && <div className="muted">lần cuối {formatDateTime(s.lastAt)}</div>}</td><td>{s.title}{s.count > 1 && <span className="muted"> (gửi {formatNumber(s.count)} lần)</span>}</td><td>{s.author}</td><td>{s.who}</td><td>{s.why}</td><td>{suggestionSourceLabels[s.source]}</td><td>{suggestionStatusLabels[s.status]}</td>
            <td>{s.status === 'new' && <button type="button" onClick={() => void reject(s.id)}>Không mua</button>}</td>
          </tr>
        ))}</tbody>
      </table>
      <div className="row">
        {plan && !plan.frozen && (
          <button type="button" className="primary" disabled={!chosen.length} onClick={() => void toPlan()}>Đưa {formatNumber(chosen.length)} đề xuất vào kế hoạch</button>
        )}
        <button type="button" className="danger" disabled={!chosen.length} onClick={() => void spam()}>Đánh dấu {formatNumber(chosen.length)} đề xuất là thư rác</button>
        <span className="muted">{formatNumber(open.length)} đề xuất mới</span>
      </div>
    </section>
  );
}

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

/** Dự trù SGK for the next school year: its own table, printable on its own, added to the plan in one step. */
export function ForecastPanel({ plan, onDone, onClose }: { plan: Plan; onDone: () => Promise<void>; onClose: () => void }) {
  const { data, error } = useLoad(() => call('plan.forecast', { year: plan.year }), [plan.year]);
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
            <button type="button" className="primary" disabled={plan.frozen || !data.rows.some((r) => r.toBuy > 0)} onClick={() => void add()}>Thêm dự trù vào kế hoạch</button>
            <button type="button" onClick={() => void print()}>In dự trù SGK</button>
          </div>
          {job.running && <ProgressBar progress={job.progress} />}
          <FileLink file={file} />
        </>
      )}
    </section>
  );
}
