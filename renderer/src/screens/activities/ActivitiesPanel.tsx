import { useState, type FormEvent } from 'react';
import { activityForms, type ActivityForm } from '@shared/contract/enums';
import { formatDate, todayIso } from '@shared/dates';
import { call } from '../../api';
import { DateField } from '../../DateField';
import { FilePicker, readFileBase64 } from '../../FilePicker';
import { errorMessage, Field, formatNumber, Notice, useLoad } from '../../ui';

const EMPTY_ACTIVITY = { date: '', name: '', form: 'gioi_thieu_sach' as ActivityForm, audience: '', participants: 0, personInCharge: '', notes: '' };

/** Sổ sách & Báo cáo › "Hoạt động thư viện": the year's reading activities with their evidence (activities.*). */
export function ActivitiesPanel({ currentYear }: { currentYear: string }) {
  const { data, error, reload } = useLoad(() => call('activities.list', { year: currentYear }), [currentYear]);
  const [form, setForm] = useState({ ...EMPTY_ACTIVITY, date: todayIso() });
  const [files, setFiles] = useState<File[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      let saved = await call('activities.save', form);
      for (const f of Array.from(files ?? [])) saved = await call('activities.addEvidence', { id: saved.id, fileName: f.name, base64: await readFileBase64(f) });
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
              <td>{formatDate(a.date)}</td><td>{a.name}</td><td>{activityForms[a.form]}</td><td>{a.audience}</td>
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
