import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Periodical, PeriodicalInput } from '@shared/contract';
import { languageLabel, periodicalFrequencies, periodicalLanguages } from '@shared/contract/enums';
import { formatDate, schoolYearMonths, schoolYearOf } from '@shared/dates';
import { call } from '../../api';
import { errorMessage, Field, Notice, useLoad } from '../../ui';
import { DateField } from '../../DateField';

const DAYS = Array.from({ length: 31 }, (_, i) => i + 1);
const EMPTY: PeriodicalInput = { name: '', publisher: '', frequency: '', language: 'vi', copiesOrdered: 1, active: true };

/** Today as the browser's local calendar day (YYYY-MM-DD). */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
const daysIn = (y: number, m: number) => new Date(y, m, 0).getDate();

/** Sổ đăng ký báo, tạp chí: the titles, a quick "received today" form and the month × day grid of one title. */
export function PeriodicalsPanel({ years }: { years: string[] }) {
  const { data: list, error, reload } = useLoad(() => call('periodicals.list', {}));
  const [form, setForm] = useState<PeriodicalInput>(EMPTY);
  const [selected, setSelected] = useState<number | null>(null);
  const [issue, setIssue] = useState({ receivedOn: localToday(), issueNumber: '', copies: 1 });
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const thisYear = schoolYearOf(localToday());
  const yearChoices = useMemo(() => Array.from(new Set([thisYear, ...years])).sort().reverse(), [thisYear, years]);
  const [year, setYear] = useState(thisYear);

  useEffect(() => {
    if (selected === null && list?.length) setSelected(list[0].id);
  }, [list, selected]);
  const current = list?.find((p) => p.id === selected) ?? null;
  const { data: issues, error: issuesError, reload: reloadIssues } = useLoad(
    async () => (selected ? call('periodicals.issues', { periodicalId: selected, year }) : []), [selected, year]);
  const byDay = useMemo(() => new Map((issues ?? []).map((i) => [i.receivedOn, i.issueNumber])), [issues]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const saved = await call('periodicals.save', form);
      setMessage({ kind: 'success', text: form.id ? `Đã lưu "${saved.name}".` : `Đã thêm "${saved.name}" vào sổ.` });
      setForm(EMPTY);
      setSelected(saved.id);
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const receive = async (e: FormEvent) => {
    e.preventDefault();
    if (!current) return setMessage({ kind: 'error', text: 'Hãy chọn báo, tạp chí.' });
    try {
      const r = await call('periodicals.receive', { periodicalId: current.id, ...issue });
      setMessage({
        kind: 'success',
        text: `Đã ghi nhận số ${r.issue.issueNumber} của ${current.name} ngày ${formatDate(r.issue.receivedOn)}${r.replaced ? ` (thay cho số ${r.replaced.issueNumber})` : ''}.`,
      });
      setIssue({ ...issue, issueNumber: '' });
      if (schoolYearOf(r.issue.receivedOn) !== year) setYear(schoolYearOf(r.issue.receivedOn));
      await Promise.all([reload(), reloadIssues()]);
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const edit = (p: Periodical) => setForm({
    id: p.id, name: p.name, publisher: p.publisher, frequency: p.frequency, language: p.language, copiesOrdered: p.copiesOrdered, active: p.active,
  });

  return (
    <section className="panel" aria-label="Báo, tạp chí">
      <h2>Sổ đăng ký báo, tạp chí</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <div className="periodicals-layout">
        <form onSubmit={receive} aria-label="Ghi nhận số báo" className="periodicals-receive" noValidate>
          <h3>Nhận báo hôm nay</h3>
          <div className="grid-2">
            <Field label="Báo, tạp chí">
              <select name="periodical" value={selected ?? ''} onChange={(e) => setSelected(Number(e.target.value) || null)}>
                {!list?.length && <option value="">Chưa có báo, tạp chí</option>}
                {list?.map((p) => <option key={p.id} value={p.id}>{p.name}{p.active ? '' : ' (ngừng đặt)'}</option>)}
              </select>
            </Field>
            <Field label="Ngày nhận">
              <DateField name="receivedOn" required value={issue.receivedOn} max={localToday()} onChange={(receivedOn) => setIssue({ ...issue, receivedOn })} />
            </Field>
            <Field label="Số báo" hint={current?.lastIssueNumber ? `Số nhận gần nhất: ${current.lastIssueNumber} (${formatDate(current.lastReceivedOn)})` : undefined}>
              <input name="issueNumber" value={issue.issueNumber} autoComplete="off" onChange={(e) => setIssue({ ...issue, issueNumber: e.target.value })} />
            </Field>
            <Field label="Số bản nhận">
              <input type="number" min={1} name="copies" value={issue.copies} onChange={(e) => setIssue({ ...issue, copies: Number(e.target.value) })} />
            </Field>
          </div>
          <div className="row" style={{ marginTop: 10 }}><button className="primary" type="submit" disabled={!current}>Ghi nhận</button></div>
        </form>
        <form onSubmit={save} aria-label="Thêm báo, tạp chí" className="periodicals-edit" noValidate>
          <h3>{form.id ? 'Sửa báo, tạp chí' : 'Thêm báo, tạp chí'}</h3>
          <div className="grid-2">
            <Field label="Tên báo, tạp chí"><input name="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
            <Field label="Cơ quan xuất bản"><input name="publisher" value={form.publisher} onChange={(e) => setForm({ ...form, publisher: e.target.value })} /></Field>
            <Field label="Kỳ hạn xuất bản">
              <input name="frequency" list="periodical-frequencies" value={form.frequency} onChange={(e) => setForm({ ...form, frequency: e.target.value })} />
            </Field>
            <Field label="Ngôn ngữ">
              <select name="language" value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value })}>
                {Object.entries(periodicalLanguages).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
                {form.language && !periodicalLanguages[form.language] && <option value={form.language}>{form.language}</option>}
              </select>
            </Field>
            <Field label="Số bản đặt">
              <input type="number" min={1} name="copiesOrdered" value={form.copiesOrdered} onChange={(e) => setForm({ ...form, copiesOrdered: Number(e.target.value) })} />
            </Field>
            {form.id && (
              <label className="labels-check"><input type="checkbox" name="active" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} /> Còn đặt</label>
            )}
          </div>
          <datalist id="periodical-frequencies">{periodicalFrequencies.map((f) => <option key={f} value={f} />)}</datalist>
          <div className="row" style={{ marginTop: 10 }}>
            <button className="primary" type="submit">{form.id ? 'Lưu' : 'Thêm vào sổ'}</button>
            {form.id && <button type="button" onClick={() => setForm(EMPTY)}>Hủy</button>}
          </div>
        </form>
      </div>

      <table className="data" style={{ marginTop: 16 }} aria-label="Danh sách báo, tạp chí">
        <thead><tr><th>Tên báo, tạp chí</th><th>Cơ quan xuất bản</th><th>Kỳ hạn</th><th>Ngôn ngữ</th><th className="num">Số bản đặt</th><th>Số nhận gần nhất</th><th></th></tr></thead>
        <tbody>
          {list?.map((p) => (
            <tr key={p.id} className={p.id === selected ? 'periodicals-selected' : undefined} aria-selected={p.id === selected}>
              <td><button type="button" className="link-button" onClick={() => setSelected(p.id)}>{p.name}</button>{!p.active && <span className="badge"> ngừng đặt</span>}</td>
              <td>{p.publisher}</td><td>{p.frequency}</td><td>{languageLabel(p.language)}</td><td className="num">{p.copiesOrdered}</td>
              <td>{p.lastIssueNumber ? `Số ${p.lastIssueNumber} — ${formatDate(p.lastReceivedOn)}` : ''}</td>
              <td><button type="button" onClick={() => edit(p)}>Sửa</button></td>
            </tr>
          ))}
          {list?.length === 0 && <tr><td colSpan={7} className="muted">Chưa có báo, tạp chí nào. Hãy thêm tờ báo, tạp chí thư viện đặt mua.</td></tr>}
        </tbody>
      </table>

      {current && (
        <div style={{ marginTop: 16 }}>
          <div className="row">
            <h3 style={{ margin: 0 }}>{current.name}</h3>
            <Field label="Năm học">
              <select name="gridYear" value={year} onChange={(e) => setYear(e.target.value)}>
                {yearChoices.map((y) => <option key={y} value={y}>{y}</option>)}
              </select>
            </Field>
          </div>
          {issuesError && <Notice kind="error">{issuesError}</Notice>}
          <div className="periodicals-grid-wrap">
            <table className="periodicals-grid" aria-label={`Số báo nhận theo ngày — ${current.name}`}>
              <thead><tr><th>Tháng</th>{DAYS.map((d) => <th key={d}>{d}</th>)}<th>Cộng</th></tr></thead>
              <tbody>
                {schoolYearMonths(year).map(([y, m]) => {
                  const n = daysIn(y, m);
                  const cells = DAYS.map((d) => (d <= n ? byDay.get(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) : undefined));
                  return (
                    <tr key={`${y}-${m}`}>
                      <th scope="row">{m}/{y}</th>
                      {cells.map((c, i) => <td key={i} className={i + 1 > n ? 'periodicals-noday' : c ? 'periodicals-got' : undefined}>{c ?? ''}</td>)}
                      <td className="num">{cells.filter(Boolean).length || ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
