import { PinPanel } from './PinPanel';
import { useEffect, useState, type FormEvent } from 'react';
import type { ImportResult, ReaderDto } from '@shared/contract';
import { readerKindLabels, readerKinds, type ReaderKind } from '@shared/contract/enums';
import { formatDate, nextSchoolYear, todayIso } from '@shared/dates';
import { call } from '../../api';
import { useSession } from '../../session';
import { navigate } from '../../nav';
import { errorMessage, Field, formatNumber, Notice, Pager, ScreenHeader, useLoad } from '../../ui';
import { FilePicker, readFileBase64, readFileDataUrl } from '../../FilePicker';
import { DateField } from '../../DateField';

const PAGE_SIZE = 100;

function ImportPanel({ onDone }: { onDone: () => void }) {
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const choose = async (f: File | undefined) => {
    setPreview(null);
    setMessage(null);
    if (!f) return;
    const base64 = await readFileBase64(f);
    setFile({ name: f.name, base64 });
    try {
      setPreview(await call('readers.previewImport', { fileName: f.name, contentBase64: base64 }));
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  const run = async () => {
    if (!file) return;
    try {
      const r = await call('readers.import', { fileName: file.name, contentBase64: file.base64 });
      setMessage({ kind: 'success', text: `Đã nhập ${r.total} bạn đọc: ${r.created} mới, ${r.updated} cập nhật, ${r.unchanged} không đổi.` });
      setPreview(null);
      setFile(null);
      onDone();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  return (
    <section className="panel" aria-label="Nhập danh sách">
      <h2>Nhập danh sách học sinh / giáo viên (.xlsx, .csv)</h2>
      <p className="muted">Cột cần có: Mã học sinh (hoặc Mã giáo viên), Họ và tên; thêm Ngày sinh, Giới tính, Lớp hoặc Tổ chuyên môn, Chức vụ, Lớp chủ nhiệm. Nhập lại cùng danh sách sẽ cập nhật theo mã, không tạo trùng.</p>
      <FilePicker accept=".xlsx,.csv" aria-label="Chọn tệp danh sách" onFiles={(f) => void choose(f[0])} />
      {message && <div style={{ marginTop: 10 }}><Notice kind={message.kind}>{message.text}</Notice></div>}
      {preview && (
        <div style={{ marginTop: 10 }}>
          <p>
            {preview.total} dòng hợp lệ: <strong>{preview.created}</strong> mới, <strong>{preview.updated}</strong> cập nhật, {preview.unchanged} không đổi
            {preview.classes.length > 0 && <> — {preview.classes.length} lớp ({preview.classes.join(', ')})</>}.
          </p>
          {preview.unknownColumns.length > 0 && (
            <Notice kind="info">{preview.unknownColumns.map((c) => `Cột '${c}' không được nhập.`).join(' ')}</Notice>
          )}
          {preview.errors.length > 0 && (
            <Notice kind="error">
              Có {preview.errors.length} dòng lỗi, chưa nhập được. Hãy sửa tệp rồi chọn lại:
              <ul>{preview.errors.slice(0, 30).map((e) => <li key={e.row}>{e.message}</li>)}</ul>
            </Notice>
          )}
          <table className="data">
            <thead><tr><th>Dòng</th><th>Mã</th><th>Họ và tên</th><th>Lớp / Tổ</th><th>Ngày sinh</th><th></th></tr></thead>
            <tbody>
              {preview.preview.map((p) => (
                <tr key={p.row}>
                  <td>{p.row}</td><td>{p.code}</td><td>{p.fullName}</td><td>{p.className || p.department}</td><td>{formatDate(p.birthDate)}</td>
                  <td>{p.action === 'create' ? <span className="badge badge-ok">mới</span> : p.action === 'update' ? <><span className="badge badge-warn">cập nhật</span> <span className="muted">{p.changes}</span></> : <span className="badge">không đổi</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row" style={{ marginTop: 10 }}>
            <button type="button" className="primary" disabled={preview.errors.length > 0} onClick={run}>Nhập {preview.total} bạn đọc</button>
          </div>
        </div>
      )}
    </section>
  );
}

function RolloverPanel({ onDone }: { onDone: () => void }) {
  const school = useLoad(() => call('settings.getSchool', {}));
  const target = school.data ? nextSchoolYear(school.data.schoolYear) : '';
  const preview = useLoad(() => (target ? call('readers.rolloverPreview', { to: target }) : Promise.resolve(null)), [target]);
  const last = useLoad(() => call('readers.lastRollover', {}));
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const p = preview.data;

  const reloadAll = async () => {
    setTyped('');
    onDone();
    await Promise.all([school.reload(), last.reload()]);
  };
  const run = async () => {
    if (!p || typed.trim() !== p.to) return;
    setBusy(true);
    try {
      const r = await call('readers.rollover', { to: p.to, confirm: typed });
      setMessage({ kind: 'success', text: `Đã chuyển sang năm học ${r.to}: ${formatNumber(r.promoted)} học sinh lên lớp, ${formatNumber(r.graduated)} học sinh khối 9 thôi hoạt động, ${formatNumber(r.cardsReissued)} thẻ cấp lại.` });
      await reloadAll();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const undo = async () => {
    const l = last.data;
    if (!l) return;
    const helpers = l.helpersDisabled ? ` ${formatNumber(l.helpersDisabled)} tài khoản cộng tác viên đã khóa khi chuyển năm được mở lại.` : '';
    if (!window.confirm(`Hoàn tác lần chuyển năm học ${l.from} → ${l.to}? ${formatNumber(l.readers)} bạn đọc trở lại lớp, trạng thái và năm học như trước; năm học hiện tại trở về ${l.from}.${helpers}`)) return;
    setBusy(true);
    try {
      const r = await call('readers.undoRollover', { id: l.id });
      setMessage({ kind: 'success', text: `Đã hoàn tác lần chuyển năm học: ${formatNumber(r.restored)} bạn đọc trở lại như trước, năm học hiện tại là ${r.to}.` });
      await reloadAll();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-label="Chuyển năm học">
      <h2>Chuyển năm học (lên lớp)</h2>
      <p className="muted">Năm học hiện tại: <strong>{school.data?.schoolYear}</strong>. Lớp 6A1 thành 7A1…; học sinh khối 9 thôi hoạt động; lịch sử mượn được giữ nguyên.</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {(school.error || preview.error) && <Notice kind="error">{school.error || preview.error}</Notice>}
      {p?.refusal && <Notice kind="error">{p.refusal}</Notice>}
      {p && !p.refusal && (
        <div aria-label="Xem trước chuyển năm học">
          {p.warning && <Notice kind="warning">{p.warning}</Notice>}
          <p>
            Năm học mới: <strong>{p.to}</strong> — {formatNumber(p.promoted)} học sinh lên lớp, <strong>{formatNumber(p.leaving)} học sinh khối 9 thôi hoạt động</strong>,
            {' '}{formatNumber(p.cardsReissued)} thẻ được cấp lại ({formatNumber(p.cardsReissuedStudents)} học sinh, {formatNumber(p.cardsReissuedStaff)} cán bộ).
          </p>
          <table className="data" aria-label="Lớp trước và sau khi chuyển">
            <thead><tr><th>Lớp năm {p.from}</th><th>Năm {p.to}</th><th className="num">Học sinh</th></tr></thead>
            <tbody>
              {p.classes.map((c) => (
                <tr key={c.from}><td>{c.from}</td><td>{c.to ?? <span className="badge badge-warn">thôi hoạt động</span>}</td><td className="num">{formatNumber(c.students)}</td></tr>
              ))}
            </tbody>
          </table>
          {p.leavingLoans.length > 0 ? (
            <>
              <h3>Học sinh thôi hoạt động còn mượn {formatNumber(p.leavingLoans.length)} bản sách</h3>
              <p className="muted">Nên thu hồi các bản này trước khi chuyển năm học; sau khi chuyển, phiếu mượn vẫn được giữ.</p>
              <table className="data" aria-label="Sách học sinh thôi hoạt động còn mượn">
                <thead><tr><th>Bạn đọc</th><th>Lớp</th><th>ĐKCB</th><th>Nhan đề</th><th>Hạn trả</th></tr></thead>
                <tbody>
                  {p.leavingLoans.map((l) => (
                    <tr key={`${l.readerId}-${l.accessionCode}`}><td>{l.fullName}</td><td>{l.className}</td><td><code>{l.accessionCode}</code></td><td>{l.title}</td><td>{formatDate(l.dueAt)}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : <p className="muted">Học sinh thôi hoạt động không còn mượn sách nào.</p>}
          <div className="row" style={{ marginTop: 10, alignItems: 'flex-end' }}>
            <Field label={`Gõ "${p.to}" để xác nhận`}>
              <input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Gõ năm học mới để xác nhận" autoComplete="off" placeholder={p.to} />
            </Field>
            <button type="button" className="primary" onClick={run} disabled={busy || typed.trim() !== p.to}>Chuyển sang năm học {p.to}</button>
          </div>
        </div>
      )}
      {last.data && (
        <div style={{ marginTop: 16 }}>
          <h3>Hoàn tác</h3>
          <p className="muted">Lần chuyển gần nhất: {last.data.from} → {last.data.to}, ngày {formatDate(todayIso(new Date(last.data.at)))} ({formatNumber(last.data.readers)} bạn đọc).</p>
          <button type="button" onClick={undo} disabled={busy}>Hoàn tác lần chuyển năm gần nhất</button>
        </div>
      )}
    </section>
  );
}

type Editing = { id?: number; kind: ReaderKind; code: string; fullName: string; birthDate: string; sex: 'nam' | 'nu' | ''; className: string; department: string; homeroomClass: string; position: string; phone: string; active: boolean; photoDataUrl?: string | null };

function ReaderForm({ value, onClose }: { value: Editing; onClose: (saved: boolean) => void }) {
  const [form, setForm] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Editing>(k: K) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('readers.save', {
        ...form, birthDate: form.birthDate || null, subject: '',
      });
      onClose(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const photo = (f: File | undefined) => {
    if (!f) return;
    void readFileDataUrl(f).then((photoDataUrl) => setForm({ ...form, photoDataUrl }), () => undefined);
  };
  return (
    <form className="panel" onSubmit={submit} aria-label="Thông tin bạn đọc" noValidate>
      <h2>{form.id ? `Sửa bạn đọc ${form.fullName}` : 'Thêm bạn đọc'}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="grid-3">
        <Field label="Đối tượng">
          <select value={form.kind} onChange={set('kind')}>
            {readerKinds.map((k) => <option key={k} value={k}>{readerKindLabels[k]}</option>)}
          </select>
        </Field>
        <Field label="Mã học sinh / mã cán bộ"><input name="code" value={form.code} onChange={set('code')} /></Field>
        <Field label="Họ và tên"><input name="fullName" value={form.fullName} onChange={set('fullName')} /></Field>
        <Field label="Ngày sinh"><DateField name="birthDate" value={form.birthDate} onChange={(birthDate) => setForm({ ...form, birthDate })} /></Field>
        <Field label="Giới tính">
          <select value={form.sex} onChange={set('sex')}><option value="">—</option><option value="nam">Nam</option><option value="nu">Nữ</option></select>
        </Field>
        {form.kind === 'student'
          ? <Field label="Lớp" hint="Ví dụ 6A1"><input name="className" value={form.className} onChange={set('className')} /></Field>
          : <Field label="Tổ chuyên môn"><input name="department" value={form.department} onChange={set('department')} /></Field>}
        {form.kind !== 'student' && (
          <Field label="Lớp chủ nhiệm" hint="Ví dụ 7A2; để trống nếu không chủ nhiệm lớp nào. Thầy cô thấy sách đặt trước của học sinh lớp này đã về (tra cứu qua mạng).">
            <input name="homeroomClass" value={form.homeroomClass} onChange={set('homeroomClass')} />
          </Field>
        )}
        <Field label="Chức vụ"><input value={form.position} onChange={set('position')} /></Field>
        <Field label="Điện thoại"><input value={form.phone} onChange={set('phone')} /></Field>
        <Field label="Ảnh 3×4 (không bắt buộc)"><FilePicker accept="image/jpeg,image/png" aria-label="Chọn ảnh" onFiles={(f) => photo(f[0])} /></Field>
      </div>
      <label className="row" style={{ marginTop: 8 }}>
        <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} /> Đang hoạt động
      </label>
      <div className="row" style={{ marginTop: 12 }}>
        <button type="submit" className="primary">Lưu</button>
        <button type="button" onClick={() => onClose(false)}>Hủy</button>
      </div>
      {form.id && value.kind !== 'student' && <PinPanel readerId={form.id} />}
    </form>
  );
}

const toEditing = (r: ReaderDto): Editing => ({
  id: r.id, kind: r.kind, code: r.code, fullName: r.fullName, birthDate: r.birthDate ?? '', sex: (r.sex as Editing['sex']) || '',
  className: r.className, department: r.department, homeroomClass: r.homeroomClass, position: r.position, phone: r.phone, active: r.active,
});

export function ReadersScreen() {
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<ReaderKind | 'all'>('all');
  const [className, setClassName] = useState('');
  const [active, setActive] = useState<'active' | 'inactive' | 'all'>('active');
  const [tab, setTab] = useState<'list' | 'import' | 'rollover'>('list');
  const [editing, setEditing] = useState<Editing | null>(null);
  const classes = useLoad(() => call('readers.classes', {}));
  // Paged on the server; a new filter or search starts again at the first page.
  const [offset, setOffset] = useState(0);
  // The search waits for a pause in typing, so a long list is not re-rendered on every key.
  const [query, setQuery] = useState('');
  useEffect(() => {
    // Only a changed search starts again at page 1; on the first render this would undo a page turned within the pause.
    if (q === query) return;
    const t = setTimeout(() => { setQuery(q); setOffset(0); }, 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);
  // The page shown travels with its rows, so the pager never names a page whose rows have not arrived.
  const list = useLoad(() => call('readers.list', { q: query, kind, className, active, limit: PAGE_SIZE, offset }).then((r) => ({ ...r, offset })),
    [query, kind, className, active, offset]);

  const refresh = () => {
    void list.reload();
    void classes.reload();
  };

  return (
    <div>
      <ScreenHeader title="Bạn đọc">
        <button type="button" className={tab === 'list' ? 'primary' : ''} onClick={() => setTab('list')}>Danh sách</button>
        {can('readers.import') && <button type="button" className={tab === 'import' ? 'primary' : ''} onClick={() => setTab('import')}>Nhập danh sách lớp</button>}
        {can('readers.rollover') && <button type="button" className={tab === 'rollover' ? 'primary' : ''} onClick={() => setTab('rollover')}>Chuyển năm học</button>}
      </ScreenHeader>
      {tab === 'import' && <ImportPanel onDone={refresh} />}
      {tab === 'rollover' && <RolloverPanel onDone={refresh} />}
      {tab === 'list' && (
        <>
          {editing && <ReaderForm value={editing} onClose={(saved) => { setEditing(null); if (saved) refresh(); }} />}
          <div className="row" style={{ marginBottom: 12 }}>
            <input type="search" aria-label="Tìm bạn đọc" placeholder="Tìm theo tên, mã, lớp (gõ không dấu cũng được)" value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 340 }} />
            <select aria-label="Đối tượng" value={kind} onChange={(e) => { setKind(e.target.value as ReaderKind | 'all'); setOffset(0); }}>
              <option value="all">Mọi đối tượng</option>
              {readerKinds.map((k) => <option key={k} value={k}>{readerKindLabels[k]}</option>)}
            </select>
            <select aria-label="Lớp" value={className} onChange={(e) => { setClassName(e.target.value); setOffset(0); }}>
              <option value="">Mọi lớp</option>
              {classes.data?.map((c) => <option key={c.className} value={c.className}>{c.className} ({c.students})</option>)}
            </select>
            <select aria-label="Trạng thái" value={active} onChange={(e) => { setActive(e.target.value as 'active' | 'inactive' | 'all'); setOffset(0); }}>
              <option value="active">Đang hoạt động</option><option value="inactive">Thôi hoạt động</option><option value="all">Tất cả</option>
            </select>
            {can('readers.save') && <button type="button" onClick={() => setEditing({ kind: 'student', code: '', fullName: '', birthDate: '', sex: '', className: '', department: '', homeroomClass: '', position: '', phone: '', active: true })}>Thêm bạn đọc</button>}
          </div>
          {list.error && <Notice kind="error">{list.error}</Notice>}
          {list.data ? <Pager total={list.data.total} offset={list.data.offset} pageSize={PAGE_SIZE} unit="bạn đọc" onChange={setOffset} /> : <p className="muted">Đang tải…</p>}
          <table className="data" aria-label="Danh sách bạn đọc">
            <thead><tr><th>Số thẻ</th><th>Mã</th><th>Họ và tên</th><th>Lớp / Tổ</th><th>Ngày sinh</th><th>Đối tượng</th><th></th></tr></thead>
            <tbody>
              {list.data?.rows.map((r) => (
                <tr key={r.id} className={r.active ? undefined : 'muted'}>
                  <td><code>{r.cardNumber}</code></td><td>{r.code}</td><td>{r.fullName}</td>
                  <td>{r.className || r.department}</td><td>{formatDate(r.birthDate)}</td>
                  <td>{readerKindLabels[r.kind]}{!r.active && ' (thôi)'}</td>
                  <td className="loan-actions">
                    <button type="button" onClick={() => navigate('luu-thong', 'quet', r.cardNumber)}>Mượn/trả</button>
                    <button type="button" onClick={() => navigate('luu-thong', 'lich-su', String(r.id))}>Lịch sử mượn</button>
                    {can('readers.save') && <button type="button" onClick={() => setEditing(toEditing(r))}>Sửa</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
