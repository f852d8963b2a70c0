import { useEffect, useState, type FormEvent } from 'react';
import type { PlanLine, PlanLineInput } from '@shared/contract';
import { planFundingSources, planPriorities, planPriorityLabels, planReasonLabels, planReasons } from '@shared/contract/enums';
import { normalizeIsbn } from '@shared/isbn';
import { call } from '../../api';
import { errorMessage, Field, Notice, type Message } from '../../ui';

type Form = { [K in Exclude<keyof PlanLineInput, 'id'>]-?: PlanLineInput[K] } & { id?: number };
const EMPTY: Form = {
  titleId: null, title: '', authors: '', publisher: '', publicationYear: '', isbn: '', seriesCode: '', quantity: 1, unitPrice: '',
  reason: 'other', priority: 'normal', funding: 'Ngân sách', supplier: '', note: '', suggestionId: null,
};

export function formOf(l: PlanLine): Form {
  return {
    id: l.id, titleId: l.titleId, title: l.title, authors: l.authors, publisher: l.publisher, publicationYear: l.publicationYear ?? '',
    isbn: l.isbn, seriesCode: l.seriesCode, quantity: l.quantity, unitPrice: l.unitPrice, reason: l.reason, priority: l.priority,
    funding: l.funding, supplier: l.supplier, note: l.note, suggestionId: l.suggestionId,
  };
}

/**
 * One plan line, typed or corrected. The ISBN field takes a scan (data-scan-target): a valid ISBN finds
 * the line that has it or adds the catalogue title that has it; an unknown one stays in the form.
 */
export function PlanLineForm({ planId, editing, series, onSaved, onClose }: {
  planId: number; editing: PlanLine | null; series: string[]; onSaved: (lineId?: number) => Promise<void>; onClose: () => void;
}) {
  const [form, setForm] = useState<Form>(editing ? formOf(editing) : EMPTY);
  const [message, setMessage] = useState<Message>(null);
  useEffect(() => setForm(editing ? formOf(editing) : EMPTY), [editing]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const isbnChanged = async (value: string) => {
    set('isbn', value);
    const isbn = normalizeIsbn(value);
    if (form.id || !isbn || isbn === 'invalid') return;
    try {
      const r = await call('plan.scanIsbn', { planId, isbn });
      if (r.found === 'line') {
        const line = r.plan.lines.find((l) => l.id === r.lineId)!;
        setForm(formOf(line));
        setMessage({ kind: 'info', text: `ISBN ${r.isbn} đã có trong kế hoạch: "${line.title}". Sửa số lượng nếu cần.` });
      } else if (r.found === 'catalogue') {
        const line = r.plan.lines.find((l) => l.id === r.lineId)!;
        setMessage({ kind: 'success', text: `Đã thêm "${line.title}" (có trong danh mục) với số lượng 1.` });
        setForm(formOf(line));
        await onSaved(r.lineId ?? undefined);
      } else {
        setMessage({ kind: 'info', text: `ISBN ${r.isbn} chưa có trong danh mục: hãy nhập nhan đề, tác giả… cho sách mới.` });
      }
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { id, ...rest } = form;
      await call('plan.saveLine', { planId, line: { ...rest, id, publicationYear: rest.publicationYear === '' ? null : rest.publicationYear } });
      setMessage({ kind: 'success', text: id ? `Đã sửa dòng "${form.title}".` : `Đã thêm "${form.title}" vào kế hoạch.` });
      setForm(EMPTY);
      await onSaved();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <form className="panel" aria-label="Dòng kế hoạch" onSubmit={save} noValidate>
      <div className="row">
        <h2>{form.id ? 'Sửa dòng kế hoạch' : 'Thêm dòng kế hoạch'}</h2>
        <button type="button" onClick={onClose}>Đóng</button>
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="grid-3">
        <Field label="ISBN" hint="Quét mã vạch ISBN để tìm hoặc thêm sách">
          <input name="isbn" value={form.isbn ?? ''} onChange={(e) => void isbnChanged(e.target.value)} data-scan-target="replace" />
        </Field>
        <Field label="Nhan đề"><input name="title" value={form.title} onChange={(e) => set('title', e.target.value)} /></Field>
        <Field label="Tác giả"><input name="authors" value={form.authors ?? ''} onChange={(e) => set('authors', e.target.value)} /></Field>
        <Field label="Nhà xuất bản"><input name="publisher" value={form.publisher ?? ''} onChange={(e) => set('publisher', e.target.value)} /></Field>
        <Field label="Năm xuất bản"><input name="publicationYear" inputMode="numeric" value={String(form.publicationYear ?? '')} onChange={(e) => set('publicationYear', e.target.value)} /></Field>
        <Field label="Loại sách">
          <select name="seriesCode" value={form.seriesCode ?? ''} onChange={(e) => set('seriesCode', e.target.value)}>
            <option value="">(chưa chọn)</option>
            {series.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </Field>
        <Field label="Số lượng"><input name="quantity" inputMode="numeric" value={String(form.quantity)} onChange={(e) => set('quantity', Number(e.target.value.replace(/\D/g, '')) || 0)} /></Field>
        <Field label="Đơn giá (đồng)"><input name="unitPrice" inputMode="numeric" value={String(form.unitPrice ?? '')} onChange={(e) => set('unitPrice', e.target.value)} /></Field>
        <Field label="Lý do">
          <select name="reason" value={form.reason} onChange={(e) => set('reason', e.target.value as Form['reason'])}>
            {planReasons.map((r) => <option key={r} value={r}>{planReasonLabels[r]}</option>)}
          </select>
        </Field>
        <Field label="Ưu tiên">
          <select name="priority" value={form.priority} onChange={(e) => set('priority', e.target.value as Form['priority'])}>
            {planPriorities.map((p) => <option key={p} value={p}>{planPriorityLabels[p]}</option>)}
          </select>
        </Field>
        <Field label="Nguồn kinh phí">
          <input name="funding" list="plan-funding" value={form.funding ?? ''} onChange={(e) => set('funding', e.target.value)} />
          <datalist id="plan-funding">{planFundingSources.map((f) => <option key={f} value={f} />)}</datalist>
        </Field>
        <Field label="Nhà cung cấp"><input name="supplier" value={form.supplier ?? ''} onChange={(e) => set('supplier', e.target.value)} /></Field>
        <Field label="Ghi chú"><input name="note" value={form.note ?? ''} onChange={(e) => set('note', e.target.value)} /></Field>
      </div>
      <div className="row"><button type="submit" className="primary">{form.id ? 'Lưu dòng' : 'Thêm vào kế hoạch'}</button></div>
    </form>
  );
}
