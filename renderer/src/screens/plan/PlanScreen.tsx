import { useEffect, useState } from 'react';
import type { FileResult, Plan, PlanLine } from '@shared/contract';
import { planPriorityLabels, planReasonLabels, planStatusLabels } from '@shared/contract/enums';
import { formatDate, nextSchoolYear, schoolYearOf } from '@shared/dates';
import { call } from '../../api';
import { DateField } from '../../DateField';
import { useSession } from '../../session';
import { FileLink, ProgressBar, useJob } from '../../jobs';
import { errorMessage, Field, Figure, formatMoney, formatNumber, Notice, ScreenHeader, useLoad, type Message } from '../../ui';
import { PlanLineForm } from './PlanLineForm';
import { ForecastPanel } from './ForecastPanel';
import { NeedsPanel } from './NeedsPanel';
import { QuotationPanel } from './QuotationPanel';
import { SuggestionsPanel } from '../suggestions/SuggestionsPanel';

type Source = 'line' | 'quotation' | 'needs' | 'forecast' | null;

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Kế hoạch mua sắm (#/ke-hoach): the year's plan, its lines and where they come from (a báo giá,
 * the suggestion inbox, computed needs, the SGK forecast, typed or scanned), the workflow up to the
 * principal's approval, the phiếu nhập that carry it out, the print and the accountant's file.
 */
export function PlanScreen() {
  // Ban giám hiệu reads, prints and decides; only who may edit the plan (Thủ thư, Giáo viên phụ trách, Kế toán) changes it.
  const { can } = useSession();
  const canEdit = can('plan.saveLine');
  const thisYear = schoolYearOf(localToday());
  const years = [thisYear, nextSchoolYear(thisYear), `${Number(thisYear.slice(0, 4)) - 1}-${thisYear.slice(0, 4)}`];
  const [year, setYear] = useState(thisYear);
  const [version, setVersion] = useState<number | undefined>(undefined);
  const { data: plan, error, reload, setData } = useLoad(() => call('plan.get', { year, version }), [year, version]);
  const { data: series } = useLoad(() => call('settings.listSeries', {}));
  const [source, setSource] = useState<Source>(null);
  const [editing, setEditing] = useState<PlanLine | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [file, setFile] = useState<FileResult | null>(null);
  const job = useJob();

  const act = async (work: () => Promise<Plan | null | void>, success?: string) => {
    setMessage(null);
    try {
      const r = await work();
      if (r) setData(r);
      if (success) setMessage({ kind: 'success', text: success });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };
  const create = () => act(() => call('plan.create', { year }), `Đã lập kế hoạch năm học ${year}.`);

  return (
    <div>
      <ScreenHeader title="Kế hoạch mua sắm">
        <label className="field-inline">Năm học{' '}
          <select aria-label="Năm học" value={year} onChange={(e) => { setYear(e.target.value); setVersion(undefined); }}>
            {years.sort().map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </label>
        {plan && plan.versions.length > 1 && (
          <label className="field-inline">Phiên bản{' '}
            <select aria-label="Phiên bản" value={plan.version} onChange={(e) => setVersion(Number(e.target.value))}>
              {plan.versions.map((v) => <option key={v.id} value={v.version}>{v.version} — {planStatusLabels[v.status]}</option>)}
            </select>
          </label>
        )}
      </ScreenHeader>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {plan === null && !error && (
        <section className="panel">
          <p>Năm học {year} chưa có kế hoạch mua sắm, bổ sung sách.</p>
          {can('plan.create') && <button type="button" className="primary" onClick={() => void create()}>Lập kế hoạch năm học {year}</button>}
        </section>
      )}
      {plan === null && !error && <SuggestionsPanel plan={null} onDone={reload} />}
      {plan && (
        <>
          <PlanHeader plan={plan} act={act} />
          {!plan.frozen && canEdit && (
            <div className="row" role="group" aria-label="Nguồn dòng kế hoạch">
              <button type="button" onClick={() => { setEditing(null); setSource('line'); }}>Thêm dòng / quét ISBN</button>
              <button type="button" onClick={() => setSource('quotation')}>Nhập báo giá</button>
              <button type="button" onClick={() => document.getElementById('hop-de-xuat')?.scrollIntoView({ block: 'start' })}>Từ đề xuất</button>
              <button type="button" onClick={() => setSource('needs')}>Nhu cầu tính toán</button>
              <button type="button" onClick={() => setSource('forecast')}>Dự trù SGK</button>
            </div>
          )}
          {(plan.frozen || !canEdit) && (
            <div className="row">
              <button type="button" onClick={() => setSource('forecast')}>Dự trù SGK</button>
            </div>
          )}
          {/* Panels that change lines exist only while the plan is a draft: once submitted or approved, none stays open
              with a message of the step before ("Kế hoạch đang trình duyệt…" under an approved plan). */}
          {source === 'line' && !plan.frozen && canEdit && (
            <PlanLineForm planId={plan.id} editing={editing} series={(series ?? []).map((s) => s.code)}
              onSaved={async () => { await reload(); }} onClose={() => { setSource(null); setEditing(null); }} />
          )}
          {source === 'quotation' && !plan.frozen && <QuotationPanel plan={plan} onDone={reload} onClose={() => setSource(null)} />}
          {source === 'needs' && !plan.frozen && <NeedsPanel plan={plan} onDone={reload} onClose={() => setSource(null)} />}
          {source === 'forecast' && <ForecastPanel plan={plan} onDone={reload} onClose={() => setSource(null)} />}

          <section className="panel" aria-label="Các dòng kế hoạch">
            <table className="data" aria-label="Dòng kế hoạch">
              <thead><tr>
                <th className="num">STT</th><th>Tên sách</th><th>Tác giả</th><th>NXB</th><th className="num">Năm XB</th><th>Loại</th>
                <th className="num">Số lượng</th><th className="num">Đơn giá</th><th className="num">Thành tiền</th><th>Lý do</th><th>Ưu tiên</th>
                <th>Đã nhận</th><th></th>
              </tr></thead>
              <tbody>{plan.lines.map((l, i) => (
                <tr key={l.id} data-line={l.id}>
                  <td className="num">{i + 1}</td><td>{l.title}{l.note && <div className="muted">{l.note}</div>}</td><td>{l.authors}</td><td>{l.publisher}</td>
                  <td className="num">{l.publicationYear ?? ''}</td><td>{l.seriesCode}</td><td className="num">{formatNumber(l.quantity)}</td>
                  <td className="num">{formatNumber(l.unitPrice)}</td><td className="num">{formatNumber(l.amount)}</td>
                  <td>{planReasonLabels[l.reason]}</td><td>{planPriorityLabels[l.priority]}</td>
                  <td className={l.overDelivered ? 'field-message' : ''}>{l.receivedText}{l.overDelivered ? ' (giao thừa)' : ''}</td>
                  <td>{!plan.frozen && canEdit && (
                    <span className="row">
                      <button type="button" onClick={() => { setEditing(l); setSource('line'); }}>Sửa</button>
                      <button type="button" onClick={() => { if (window.confirm(`Xóa dòng "${l.title}" khỏi kế hoạch?`)) void act(() => call('plan.deleteLine', { planId: plan.id, lineId: l.id }), 'Đã xóa dòng.'); }}>Xóa</button>
                    </span>
                  )}</td>
                </tr>
              ))}</tbody>
              <tfoot><tr>
                <th></th><th>Tổng cộng</th><th colSpan={4}></th><th className="num" data-testid="plan-copies">{formatNumber(plan.totals.copies)}</th><th></th>
                <th className="num" data-testid="plan-amount">{formatNumber(plan.totals.amount)}</th><th colSpan={2}></th>
                <th>{plan.totals.received ? `đã nhận ${formatNumber(plan.totals.received)} bản, ${formatMoney(plan.totals.receivedAmount)}` : ''}</th><th></th>
              </tr></tfoot>
            </table>
            {plan.lines.length === 0 && <p className="muted">Chưa có dòng nào: dùng các nút ở trên để thêm.</p>}
          </section>

          <section className="panel grid-2" aria-label="Tổng hợp">
            <table className="data" aria-label="Theo loại sách">
              <thead><tr><th>Loại sách</th><th className="num">Số bản</th><th className="num">Thành tiền</th></tr></thead>
              <tbody>{plan.totals.bySeries.map((s) => <tr key={s.seriesCode}><td>{s.seriesCode || 'Chưa xếp loại'}</td><td className="num">{formatNumber(s.copies)}</td><td className="num">{formatNumber(s.amount)}</td></tr>)}</tbody>
            </table>
            <table className="data" aria-label="Theo lý do">
              <thead><tr><th>Lý do</th><th className="num">Số bản</th><th className="num">Thành tiền</th></tr></thead>
              <tbody>{plan.totals.byReason.map((r) => <tr key={r.reason}><td>{planReasonLabels[r.reason]}</td><td className="num">{formatNumber(r.copies)}</td><td className="num">{formatNumber(r.amount)}</td></tr>)}</tbody>
            </table>
          </section>

          {(plan.status === 'approved' || plan.status === 'executing') && plan.latest && <ReceiptsPanel plan={plan} act={act} />}

          {/* The inbox stays in view whatever the plan's stage: a suggestion arriving from the OPAC is always seen. */}
          <SuggestionsPanel plan={plan} onDone={reload} />

          <section className="panel" aria-label="In và xuất">
            <div className="row">
              <button type="button" onClick={() => void act(async () => { setFile(await job.run((jobId) => call('plan.print', { planId: plan.id, jobId }))); })}>In kế hoạch (PDF)</button>
              <button type="button" onClick={() => void act(async () => { setFile(await call('plan.export', { planId: plan.id })); })}>Xuất Excel cho kế toán</button>
            </div>
            {job.running && <ProgressBar progress={job.progress} />}
            <FileLink file={file} />
          </section>
        </>
      )}
    </div>
  );
}

/** Status, budget, purpose paragraph and the workflow buttons of one plan version. */
function PlanHeader({ plan, act }: { plan: Plan; act: (work: () => Promise<Plan | null | void>, success?: string) => Promise<void> }) {
  const { can } = useSession();
  const [cap, setCap] = useState(plan.budgetCap === null ? '' : String(plan.budgetCap));
  const [purpose, setPurpose] = useState(plan.purpose);
  const [approval, setApproval] = useState({ date: localToday(), number: '' });
  useEffect(() => {
    setCap(plan.budgetCap === null ? '' : String(plan.budgetCap));
    setPurpose(plan.purpose);
  }, [plan.id, plan.budgetCap, plan.purpose]);
  return (
    <section className="panel" aria-label="Kế hoạch">
      <div className="row">
        <strong data-testid="plan-status">Phiên bản {plan.version} — {planStatusLabels[plan.status]}</strong>
        {plan.approvalDate && <span>Duyệt ngày {formatDate(plan.approvalDate)}, số {plan.approvalNumber}</span>}
        {!plan.latest && <span className="muted">(phiên bản cũ, giữ nguyên)</span>}
      </div>
      <div className="report-figures">
        <Figure label="Đầu sách" value={formatNumber(plan.totals.lines)} />
        <Figure label="Bản" value={formatNumber(plan.totals.copies)} />
        <Figure label="Thành tiền" value={formatMoney(plan.totals.amount)} testId="plan-total" />
        {plan.remaining !== null && <Figure label={plan.overBudget ? 'Vượt hạn mức' : 'Còn lại trong hạn mức'} value={formatMoney(Math.abs(plan.remaining))} testId="plan-remaining" />}
        {plan.totals.received > 0 && <Figure label="Đã nhận" value={`${formatNumber(plan.totals.received)} bản — ${formatMoney(plan.totals.receivedAmount)}`} testId="plan-received" />}
      </div>
      {plan.overBudget && <Notice kind="warning">Kế hoạch vượt hạn mức kinh phí {formatMoney(-(plan.remaining ?? 0))}.</Notice>}
      {plan.receivedOverBudget && <Notice kind="warning">Giá trị đã nhận vượt {plan.budgetCap !== null ? 'hạn mức kinh phí' : 'thành tiền của kế hoạch'}.</Notice>}
      {!plan.frozen && can('plan.update') ? (
        <div className="grid-2">
          <Field label="Hạn mức kinh phí (đồng)"><input name="budgetCap" inputMode="numeric" value={cap} onChange={(e) => setCap(e.target.value)} /></Field>
          <Field label="Mục đích (in trên kế hoạch)"><textarea name="purpose" rows={3} value={purpose} onChange={(e) => setPurpose(e.target.value)} /></Field>
          <div className="row">
            <button type="button" onClick={() => void act(() => call('plan.update', { planId: plan.id, budgetCap: cap.trim() === '' ? null : cap, purpose }), 'Đã lưu hạn mức và mục đích.')}>Lưu hạn mức, mục đích</button>
            <button type="button" className="primary" onClick={() => void act(() => call('plan.setStatus', { planId: plan.id, action: 'submit' }), 'Đã trình duyệt kế hoạch.')}>Trình duyệt</button>
          </div>
        </div>
      ) : <p className="muted">{plan.purpose}</p>}
      {plan.status === 'submitted' && plan.latest && can('plan.setStatus') && (
        <div className="grid-3" aria-label="Duyệt kế hoạch">
          <Field label="Ngày Hiệu trưởng duyệt"><DateField name="approvalDate" value={approval.date} onChange={(date) => setApproval({ ...approval, date })} /></Field>
          <Field label="Số quyết định duyệt"><input name="approvalNumber" value={approval.number} onChange={(e) => setApproval({ ...approval, number: e.target.value })} /></Field>
          <div className="row">
            <button type="button" className="primary" onClick={() => void act(() => call('plan.setStatus', { planId: plan.id, action: 'approve', approvalDate: approval.date, approvalNumber: approval.number }), 'Kế hoạch đã được duyệt.')}>Duyệt</button>
            <button type="button" onClick={() => void act(() => call('plan.setStatus', { planId: plan.id, action: 'return' }), 'Đã trả kế hoạch về nháp.')}>Trả về nháp</button>
          </div>
        </div>
      )}
      {(plan.status === 'approved' || plan.status === 'executing') && plan.latest && can('plan.newVersion') && (
        <button type="button" onClick={() => { if (window.confirm('Kế hoạch đã duyệt được giữ nguyên. Tạo phiên bản mới (nháp) để thay đổi?')) void act(() => call('plan.newVersion', { planId: plan.id }), 'Đã tạo phiên bản mới; phiên bản đã duyệt được giữ nguyên.'); }}>Tạo phiên bản mới để thay đổi</button>
      )}
    </section>
  );
}

/** Thực hiện: confirmed phiếu nhập linked to the plan; their lines count against the plan lines of the same titles. */
function ReceiptsPanel({ plan, act }: { plan: Plan; act: (work: () => Promise<Plan | null | void>, success?: string) => Promise<void> }) {
  const { can } = useSession();
  const { data: batches } = useLoad(() => call('accession.list', { status: 'confirmed', limit: 200 }));
  const linked = new Set(plan.receipts.map((r) => r.batchId));
  const [batchId, setBatchId] = useState<number | ''>('');
  return (
    <section className="panel" aria-label="Thực hiện kế hoạch">
      <h2>Thực hiện: phiếu nhập theo kế hoạch</h2>
      <p className="muted">Chỉ gắn được phiếu nhập của năm học {plan.year}.</p>
      {can('plan.linkBatch') && <div className="row">
        <select aria-label="Phiếu nhập" value={batchId} onChange={(e) => setBatchId(e.target.value ? Number(e.target.value) : '')}>
          <option value="">(chọn phiếu nhập đã xác nhận)</option>
          {(batches ?? []).filter((b) => !linked.has(b.id) && schoolYearOf(b.date) === plan.year).map((b) => (
            <option key={b.id} value={b.id}>Phiếu số {b.registerNumber} — {formatDate(b.date)} — {formatNumber(b.totalCopies)} bản{b.supplier ? ` — ${b.supplier}` : ''}</option>
          ))}
        </select>
        <button type="button" className="primary" disabled={batchId === ''} onClick={() => void act(() => call('plan.linkBatch', { planId: plan.id, batchId: Number(batchId) }), 'Đã gắn phiếu nhập vào kế hoạch.').then(() => setBatchId(''))}>Gắn vào kế hoạch</button>
      </div>}
      {plan.receipts.length > 0 && (
        <ul aria-label="Phiếu nhập đã gắn">{plan.receipts.map((r) => (
          <li key={r.batchId}>Phiếu nhập số {r.registerNumber ?? '—'} ngày {formatDate(r.date)}: {formatNumber(r.lines)} dòng kế hoạch{' '}
            {can('plan.unlinkBatch') && <button type="button" onClick={() => void act(() => call('plan.unlinkBatch', { planId: plan.id, batchId: r.batchId }), 'Đã bỏ gắn phiếu nhập.')}>Bỏ gắn</button>}
            {r.outside.length > 0 && (
              <ul aria-label={`Nhận ngoài kế hoạch — phiếu số ${r.registerNumber ?? '—'}`}>{r.outside.map((o, i) => (
                <li key={i}>Nhận ngoài kế hoạch: {o.title} — {formatNumber(o.quantity)} bản, {formatMoney(o.amount)}</li>
              ))}</ul>
            )}
          </li>
        ))}</ul>
      )}
    </section>
  );
}
