import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SchoolInfo, Series } from '@shared/contract';
import { formatAccession } from '@shared/accession';
import { formatDayMonth, parseDayMonth } from '@shared/dates';
import { ApiError, call } from '../../api';
import { errorMessage, Field, Notice, ScreenHeader, useLoad } from '../../ui';
import { LoanRulesPanel } from '../loan-rules/LoanRulesPanel';
import { ExportAllPanel } from '../archive/ExportAllPanel';
import { OpacPanel } from '../opac/OpacPanel';
import { UnionPanel } from '../union/UnionPanel';
import { DateField } from '../../DateField';
import { BackupPanel } from '../backup/BackupPanel';
import { AccountSettingsPanel } from '../accounts/AccountSettingsPanel';
import { useSession } from '../../session';

type FieldErrors = Partial<Record<keyof SchoolInfo, string>>;

function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const out: FieldErrors = {};
  for (const issue of error.details as { path: (string | number)[]; message: string }[]) {
    const key = issue.path[0] as keyof SchoolInfo;
    if (key && !out[key]) out[key] = issue.message;
  }
  return out;
}

/**
 * A yearly day typed day first ("12/06"); the contract stores it month first ("06-12"). Text that does
 * not read is refused here and passed on as typed, so saving is refused too (never a wrong day).
 */
function DayMonthField({ label, hint, name, value, serverError, onChange }: {
  label: string; hint: string; name: string; value: string; serverError?: string; onChange: (monthDay: string) => void;
}) {
  const [text, setText] = useState(() => formatDayMonth(value));
  const [error, setError] = useState<string | null>(null);
  const emitted = useRef(value);
  // A value from outside (the school loaded or saved) replaces what is shown.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(formatDayMonth(value));
      setError(null);
    }
  }, [value]);
  const change = (next: string) => {
    setText(next);
    const parsed = parseDayMonth(next);
    if (parsed.ok) setError(null);
    emitted.current = parsed.ok ? parsed.monthDay : next;
    onChange(emitted.current);
  };
  const blur = () => {
    const parsed = parseDayMonth(text);
    setError(parsed.ok ? null : parsed.message);
    if (parsed.ok) setText(formatDayMonth(parsed.monthDay));
  };
  return (
    <Field label={label} hint={hint} error={error ?? serverError}>
      <input name={name} inputMode="numeric" autoComplete="off" placeholder="ngày/tháng" value={text}
        aria-invalid={error ? true : undefined} onChange={(e) => change(e.target.value)} onBlur={blur} />
    </Field>
  );
}

function SchoolForm() {
  const { data, error: loadError } = useLoad(() => call('settings.getSchool', {}));
  const [form, setForm] = useState<SchoolInfo | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (data) setForm(data);
  }, [data]);
  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!form) return <p className="muted">Đang tải…</p>;

  const set = <K extends keyof SchoolInfo>(key: K) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    try {
      setForm(await call('settings.saveSchool', form));
      setErrors({});
      setMessage({ kind: 'success', text: 'Đã lưu thông tin nhà trường.' });
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  const input = (key: keyof SchoolInfo, label: string, hint?: string, type = 'text') => (
    <Field label={label} hint={hint} error={errors[key]}>
      <input name={key} type={type} value={String(form[key] ?? '')} onChange={set(key)} />
    </Field>
  );

  return (
    <form noValidate className="panel" onSubmit={submit} aria-label="Thông tin nhà trường">
      <h2>Thông tin nhà trường (in trên mọi sổ sách, biên bản, thẻ)</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="grid-2">
        {input('managingBody', 'Cơ quan chủ quản', 'Ví dụ: UBND ĐẶC KHU LÝ SƠN')}
        {input('schoolName', 'Tên trường', 'Ví dụ: TRƯỜNG THCS AN VĨNH')}
        {input('place', 'Địa danh', 'Dùng khi ghi "Lý Sơn, ngày … tháng … năm …"')}
        {input('address', 'Địa chỉ')}
        {input('principal', 'Hiệu trưởng')}
        {input('librarian', 'Người làm công tác thư viện')}
        {/* The school year moves only through the readers' rollover (its rules, its undo); settings.saveSchool refuses another year. */}
        <Field label="Năm học hiện tại" hint='Năm học chỉ đổi bằng "Chuyển năm học" trong Bạn đọc (học sinh lên lớp, cấp lại thẻ, hoàn tác được).' error={errors.schoolYear}>
          <input name="schoolYear" value={form.schoolYear} readOnly aria-readonly="true" />
        </Field>
        <div className="grid-2">
          <Field label="Ngày bắt đầu năm học" error={errors.schoolYearStart}><DateField name="schoolYearStart" required value={form.schoolYearStart} onChange={(schoolYearStart) => setForm({ ...form, schoolYearStart })} /></Field>
          <Field label="Ngày kết thúc năm học" error={errors.schoolYearEnd}><DateField name="schoolYearEnd" required value={form.schoolYearEnd} onChange={(schoolYearEnd) => setForm({ ...form, schoolYearEnd })} /></Field>
        </div>
        <DayMonthField label="Hạn nộp báo cáo tự đánh giá (ngày/tháng)" hint="Mặc định 12/06 (12 tháng 6)" name="reportDeadline"
          value={form.reportDeadline} serverError={errors.reportDeadline} onChange={(reportDeadline) => setForm({ ...form, reportDeadline })} />
        <Field label="Cách ghi ngày trên sổ sách">
          <select name="dateStyle" value={form.dateStyle} onChange={set('dateStyle')}>
            <option value="numeric">26/11/2026</option>
            <option value="roman">26/XI/2026 (tháng số La Mã)</option>
          </select>
        </Field>
      </div>
      <div className="row" style={{ marginTop: 14 }}>
        <button className="primary" type="submit" disabled={saving}>{saving ? 'Đang lưu…' : 'Lưu thông tin'}</button>
      </div>
    </form>
  );
}

const EMPTY_SERIES = { code: '', name: '', prefix: '', separator: '' as const, padding: 6, registerGroup: 'KHAC' as const, material: 'sach' as const, active: true };

function SeriesTable() {
  const { data, error, reload } = useLoad(() => call('settings.listSeries', {}));
  const [editing, setEditing] = useState<(Omit<Series, 'id' | 'nextNumber'> & { id?: number }) | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    try {
      const saved = await call('settings.saveSeries', editing);
      setMessage({ kind: 'success', text: `Đã lưu loại tài liệu ${saved.code}.` });
      setEditing(null);
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <section className="panel" aria-label="Loại tài liệu">
      <h2>Loại tài liệu và số đăng ký cá biệt (ĐKCB)</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <table className="data">
        <thead>
          <tr><th>Mã</th><th>Tên</th><th>Mẫu số ĐKCB</th><th>Nhóm trong sổ ĐKTQ</th><th className="num">Số tiếp theo</th><th></th></tr>
        </thead>
        <tbody>
          {data?.map((s) => (
            <tr key={s.id}>
              <td>{s.code}</td>
              <td>{s.name}</td>
              <td><code>{formatAccession(s, s.nextNumber)}</code></td>
              <td>{s.registerGroup}</td>
              <td className="num">{s.nextNumber}</td>
              <td><button type="button" onClick={() => setEditing(s)}>Sửa</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {!editing && (
        <div className="row" style={{ marginTop: 12 }}>
          <button type="button" onClick={() => setEditing({ ...EMPTY_SERIES })}>Thêm loại tài liệu</button>
        </div>
      )}
      {editing && (
        <form noValidate onSubmit={save} style={{ marginTop: 14 }} aria-label="Sửa loại tài liệu">
          <div className="grid-3">
            <Field label="Mã"><input name="code" value={editing.code} onChange={(e) => setEditing({ ...editing, code: e.target.value })} /></Field>
            <Field label="Tên"><input name="name" value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} /></Field>
            <Field label="Tiền tố ĐKCB" hint="Chỉ phụ âm, ví dụ STK"><input name="prefix" value={editing.prefix} onChange={(e) => setEditing({ ...editing, prefix: e.target.value })} /></Field>
            <Field label="Dấu ngăn">
              <select name="separator" value={editing.separator} onChange={(e) => setEditing({ ...editing, separator: e.target.value as Series['separator'] })}>
                <option value="">(không)</option><option value=".">.</option><option value="-">-</option>
              </select>
            </Field>
            <Field label="Số chữ số"><input name="padding" type="number" min={1} max={10} value={editing.padding} onChange={(e) => setEditing({ ...editing, padding: Number(e.target.value) })} /></Field>
            <Field label="Nhóm trong sổ ĐKTQ">
              <select name="registerGroup" value={editing.registerGroup} onChange={(e) => setEditing({ ...editing, registerGroup: e.target.value as Series['registerGroup'] })}>
                <option value="SGK">SGK</option><option value="SNV">SNV</option><option value="STK">STK</option><option value="STN">Thiếu nhi</option><option value="KHAC">Khác</option>
              </select>
            </Field>
          </div>
          <p className="muted">Ví dụ số ĐKCB: <code>{editing.prefix ? formatAccession(editing, 123) : '—'}</code></p>
          <div className="row">
            <button className="primary" type="submit">Lưu loại tài liệu</button>
            <button type="button" onClick={() => setEditing(null)}>Hủy</button>
          </div>
        </form>
      )}
    </section>
  );
}

export function SettingsScreen() {
  const { can } = useSession();
  return (
    <section className="screen">
      <ScreenHeader title="Cài đặt" />
      <SchoolForm />
      <SeriesTable />
      <LoanRulesPanel />
      {can('accounts.saveSettings') && <AccountSettingsPanel />}
      {can('backup.list') && <BackupPanel />}
      {can('archive.exportAll') && <ExportAllPanel />}
      <OpacPanel />
      <UnionPanel />
    </section>
  );
}
