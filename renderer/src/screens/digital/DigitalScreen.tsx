import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { DigitalResourceDto, FileResult, SearchHit } from '@shared/contract';
import { digitalAccessLevels, digitalForms, type DigitalAccess, type DigitalForm } from '@shared/contract/enums';
import { call, digitalUrl, fileLink, isElectron } from '../../api';
import { FilePicker } from '../../FilePicker';
import { useSession } from '../../session';
import { FileLink, ProgressBar, useJob } from '../../jobs';
import { errorMessage, Field, formatNumber, Notice, ScreenHeader, useLoad, type Message } from '../../ui';
import { useHashId } from '../catalogue/useHashId';
import { uploadFile } from '../../upload';
import { formatBytes } from '@shared/numbers';

const ACCEPT = '.pdf,.epub,.mp3,.m4a,.ogg,.oga,.mp4,.webm,.jpg,.jpeg,.png,application/pdf,application/epub+zip,audio/*,video/mp4,video/webm,image/jpeg,image/png';

interface Description { name: string; form: DigitalForm | ''; subject: string; grade: string; access: DigitalAccess; note: string }
const EMPTY: Description = { name: '', form: '', subject: '', grade: '', access: 'library', note: '' };

function DescriptionFields({ value, onChange, formRequired }: { value: Description; onChange: (d: Description) => void; formRequired?: boolean }) {
  return (
    <div className="grid-3">
      <Field label="Tên tài liệu" hint="Để trống: lấy tên tệp">
        <input name="name" value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} />
      </Field>
      <Field label="Hình thức">
        <select name="form" value={value.form} onChange={(e) => onChange({ ...value, form: e.target.value as DigitalForm | '' })}>
          {!formRequired && <option value="">Theo loại tệp</option>}
          {Object.entries(digitalForms).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
      </Field>
      <Field label="Ai được mở">
        <select name="access" value={value.access} onChange={(e) => onChange({ ...value, access: e.target.value as DigitalAccess })}>
          {Object.entries(digitalAccessLevels).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
      </Field>
      <Field label="Môn">
        <input name="subject" value={value.subject} onChange={(e) => onChange({ ...value, subject: e.target.value })} />
      </Field>
      <Field label="Khối">
        <select name="grade" value={value.grade} onChange={(e) => onChange({ ...value, grade: e.target.value })}>
          <option value="">—</option>
          {Array.from({ length: 12 }, (_, i) => i + 1).map((g) => <option key={g} value={g}>Khối {g}</option>)}
        </select>
      </Field>
      <Field label="Ghi chú">
        <input name="note" value={value.note} onChange={(e) => onChange({ ...value, note: e.target.value })} />
      </Field>
    </div>
  );
}

const described = (d: Description) => ({
  name: d.name, subject: d.subject, grade: d.grade ? Number(d.grade) : null, access: d.access, note: d.note, ...(d.form ? { form: d.form } : {}),
});

/** Chooses the đầu sách a resource belongs to: a search over the catalogue (without diacritics is fine). */
function TitlePicker({ value, onChange }: { value: { id: number; label: string } | null; onChange: (t: { id: number; label: string } | null) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    if (query.trim().length < 2) return setHits([]);
    let live = true;
    const t = setTimeout(() => {
      void call('catalogue.search', { query, limit: 8 }).then((r) => live && setHits(r.items)).catch(() => live && setHits([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query]);
  if (value) {
    return (
      <div className="row digital-title" data-testid="digital-title">
        <strong>{value.label}</strong>
        <button type="button" onClick={() => onChange(null)}>Đổi đầu sách</button>
      </div>
    );
  }
  return (
    <div className="digital-title-search">
      <Field label="Đầu sách">
        <input name="titleSearch" data-scan-target value={query} placeholder="Gõ tên sách, tác giả (không dấu cũng được)" autoComplete="off" onChange={(e) => setQuery(e.target.value)} />
      </Field>
      {hits.length > 0 && (
        <ul className="digital-hits" aria-label="Đầu sách tìm được">
          {hits.map((h) => {
            const label = `${h.title}${h.volume ? `. ${h.volume}` : ''}${h.authors ? ` — ${h.authors}` : ''}`;
            return <li key={h.id}><button type="button" onClick={() => onChange({ id: h.id, label })}>{label}</button></li>;
          })}
        </ul>
      )}
    </div>
  );
}

/** Shows a resource inside the page: PDF in a frame, audio and video players, the image; EPUB and links open apart. */
function Preview({ r }: { r: DigitalResourceDto }) {
  if (r.kind === 'link') return <p><a href={r.url ?? '#'} target="_blank" rel="noreferrer noopener">{r.url}</a></p>;
  const src = digitalUrl(r.id);
  if (r.mime === 'application/pdf') return <iframe className="digital-preview-frame" title={`Xem trước: ${r.name}`} src={src} />;
  if (r.mime.startsWith('audio/')) return <audio controls preload="metadata" src={src} aria-label={`Nghe: ${r.name}`} />;
  if (r.mime.startsWith('video/')) return <video controls preload="metadata" src={src} className="digital-preview-video" aria-label={`Xem: ${r.name}`} />;
  if (r.mime.startsWith('image/')) return <img src={src} alt={r.name} className="digital-preview-image" />;
  return <p className="muted">Sách điện tử EPUB: tải về để đọc bằng ứng dụng đọc sách.</p>;
}

/** "Thư viện số": the library's digital resources — add (file picker, drag-and-drop, link), preview, edit, remove, print. */
export function DigitalScreen() {
  // Everyone reads, opens and prints the list; only who may edit it (Thủ thư, Giáo viên phụ trách) adds, edits, removes and sets the limit.
  const { can } = useSession();
  const canEdit = can('digital.add');
  const fromHash = useHashId('thu-vien-so');
  const [title, setTitle] = useState<{ id: number; label: string } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [link, setLink] = useState('');
  const [desc, setDesc] = useState<Description>(EMPTY);
  const [message, setMessage] = useState<Message>(null);
  const [sending, setSending] = useState<{ sent: number; total: number } | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const cancelRef = useRef(false);
  const [filter, setFilter] = useState<{ q: string; form: DigitalForm | ''; access: DigitalAccess | '' }>({ q: '', form: '', access: '' });
  const { data: list, error, reload } = useLoad(() => call('digital.list', {
    q: filter.q, ...(filter.form ? { form: filter.form } : {}), ...(filter.access ? { access: filter.access } : {}),
  }), [filter.q, filter.form, filter.access]);
  const { data: settings, setData: setSettings } = useLoad(() => call('digital.settings', {}));
  const [limitMb, setLimitMb] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<(Description & { url: string }) | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [printed, setPrinted] = useState<FileResult | null>(null);
  const hashing = useJob();
  const printing = useJob();

  useEffect(() => {
    if (!fromHash) return;
    void call('catalogue.getTitle', { id: fromHash }).then((t) => setTitle({ id: t.title.id, label: `${t.title.title}${t.title.authors ? ` — ${t.title.authors}` : ''}` }))
      .catch(() => undefined);
  }, [fromHash]);
  useEffect(() => {
    if (settings) setLimitMb(String(Math.round(settings.maxBytes / 1024 / 1024)));
  }, [settings]);

  const current = list?.find((r) => r.id === selected) ?? null;
  useEffect(() => {
    setEditing(null);
    setConfirmRemove(false);
  }, [selected]);

  const choose = (files: File[]) => {
    const f = files[0] ?? null;
    setFile(f);
    setMessage(null);
    if (f && settings && f.size > settings.maxBytes) {
      setMessage({ kind: 'error', text: `Tệp quá lớn: ${formatBytes(f.size)}, tối đa ${formatBytes(settings.maxBytes)} một tệp.` });
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragOver(false);
    choose(Array.from(e.dataTransfer.files));
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    if (!title) return setMessage({ kind: 'error', text: 'Hãy chọn đầu sách cho tài liệu.' });
    if (!file && !link.trim()) return setMessage({ kind: 'error', text: 'Hãy chọn một tệp, kéo thả tệp vào đây, hoặc nhập một liên kết.' });
    cancelRef.current = false;
    try {
      let r: DigitalResourceDto;
      if (file) {
        const uploadId = await uploadFile('digital', file, (sent, total) => setSending({ sent, total }), () => cancelRef.current);
        setSending(null);
        r = await hashing.run((jobId) => call('digital.add', { titleId: title.id, uploadId, ...described(desc), jobId }));
      } else {
        r = await call('digital.add', { titleId: title.id, url: link.trim(), ...described(desc) });
      }
      setMessage({ kind: 'success', text: `Đã thêm "${r.name}" (${r.typeLabel}${r.kind === 'file' ? `, ${formatBytes(r.size)}` : ''}) vào "${r.title}".` });
      setFile(null);
      setLink('');
      setDesc(EMPTY);
      await reload();
      setSelected(r.id);
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setSending(null);
    }
  };

  const saveEdit = async (e: FormEvent) => {
    e.preventDefault();
    if (!current || !editing) return;
    try {
      const r = await call('digital.update', {
        id: current.id, ...described(editing), form: (editing.form || current.form) as DigitalForm, ...(current.kind === 'link' ? { url: editing.url } : {}),
      });
      setMessage({ kind: 'success', text: `Đã lưu "${r.name}".` });
      setEditing(null);
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const remove = async () => {
    if (!current) return;
    try {
      const r = await call('digital.remove', { id: current.id });
      setMessage({ kind: 'success', text: `Đã gỡ "${current.name}"${r.fileDeleted ? ' và xóa tệp của nó.' : current.kind === 'file' ? '; tệp vẫn giữ vì tài liệu khác cùng nội dung đang dùng.' : '.'}` });
      setSelected(null);
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const openForReading = async (r: DigitalResourceDto) => {
    // Browser mode: the tab (opened at once, while the click allows it) gets the resource's short-lived link, so its
    // address never carries the token.
    const tab = r.kind === 'file' && !isElectron ? window.open('', '_blank') : null;
    if (tab) tab.opener = null;
    try {
      await call('digital.recordView', { id: r.id });
      if (r.kind === 'link') window.open(r.url!, '_blank', 'noopener');
      else if (isElectron) window.open(digitalUrl(r.id), '_blank', 'noopener');
      else {
        const href = await fileLink({ digitalId: r.id });
        if (tab) tab.location.href = href;
        else window.open(href, '_blank', 'noopener');
      }
      await reload();
    } catch (err) {
      tab?.close();
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const saveLimit = async () => {
    try {
      setSettings(await call('digital.saveSettings', { maxMegabytes: Number(limitMb.replace(/\./g, '')) }));
      setMessage({ kind: 'success', text: `Đã lưu dung lượng tối đa: ${limitMb} MB một tệp.` });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const print = async () => {
    try {
      setPrinted(await printing.run((jobId) => call('digital.print', {
        ...(filter.form ? { form: filter.form } : {}), ...(filter.access ? { access: filter.access } : {}), jobId,
      })));
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <div>
      <ScreenHeader title="Thư viện số">
        <button type="button" onClick={print}>In danh mục tài liệu số</button>
      </ScreenHeader>
      <ProgressBar progress={printing.progress} />
      <FileLink file={printed} />
      {message && <Notice kind={message.kind}>{message.text}</Notice>}

      {canEdit && <form className="panel" aria-label="Thêm tài liệu số" onSubmit={add} noValidate>
        <h2>Thêm tài liệu số</h2>
        <TitlePicker value={title} onChange={setTitle} />
        <div
          className={`digital-drop${dragOver ? ' digital-drop-over' : ''}`}
          data-drop-zone
          data-testid="digital-drop"
          onDragOver={(e) => { e.preventDefault(); setDragOver(true); }}
          onDragLeave={() => setDragOver(false)}
          onDrop={onDrop}
        >
          <p>Kéo thả tệp vào đây, hoặc</p>
          <FilePicker onFiles={choose} files={file ? [file] : []} accept={ACCEPT} name="digitalFile" aria-label="Tệp tài liệu số" />
          {file && <span className="muted">{formatBytes(file.size)}</span>}
          <p className="muted">PDF, EPUB, MP3, M4A, OGG, MP4, WebM, JPEG, PNG — tối đa {settings ? formatBytes(settings.maxBytes) : '…'} một tệp. Loại tệp được xét theo nội dung.</p>
        </div>
        <Field label="Hoặc một liên kết (http:// hoặc https://)">
          <input name="url" type="url" value={link} disabled={!!file} placeholder="https://…" onChange={(e) => setLink(e.target.value)} />
        </Field>
        <DescriptionFields value={desc} onChange={setDesc} />
        {sending && (
          <div className="row" style={{ alignItems: 'center' }} role="status" aria-label="Đang tải tệp lên">
            <progress max={sending.total || 1} value={sending.sent} />
            <span className="muted">Đang gửi {formatBytes(sending.sent)} / {formatBytes(sending.total)}</span>
            <button type="button" onClick={() => { cancelRef.current = true; }}>Hủy</button>
          </div>
        )}
        <ProgressBar progress={hashing.progress} onCancel={() => void hashing.cancel()} />
        <div className="row" style={{ marginTop: 10 }}>
          <button type="submit" className="primary" disabled={!!sending || hashing.running}>Thêm tài liệu</button>
        </div>
      </form>}

      <section className="panel" aria-label="Danh sách tài liệu số">
        <h2>Tài liệu số của thư viện</h2>
        <div className="row">
          <Field label="Tìm">
            <input name="q" value={filter.q} placeholder="Tên sách, tài liệu, môn…" onChange={(e) => setFilter({ ...filter, q: e.target.value })} />
          </Field>
          <Field label="Hình thức">
            <select name="filterForm" value={filter.form} onChange={(e) => setFilter({ ...filter, form: e.target.value as DigitalForm | '' })}>
              <option value="">Tất cả</option>
              {Object.entries(digitalForms).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </Field>
          <Field label="Ai được mở">
            <select name="filterAccess" value={filter.access} onChange={(e) => setFilter({ ...filter, access: e.target.value as DigitalAccess | '' })}>
              <option value="">Tất cả</option>
              {Object.entries(digitalAccessLevels).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </Field>
        </div>
        {error && <Notice kind="error">{error}</Notice>}
        {list && list.length === 0 && <p className="muted">Chưa có tài liệu số nào{filter.q || filter.form || filter.access ? ' khớp với bộ lọc' : ''}.</p>}
        {list && list.length > 0 && (
          <table className="data" aria-label="Tài liệu số">
            <thead>
              <tr><th>Đầu sách</th><th>Tài liệu</th><th>Hình thức</th><th>Định dạng</th><th className="num">Dung lượng</th><th>Ai được mở</th><th className="num">Lượt xem</th><th /></tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} className={r.id === selected ? 'selected' : undefined}>
                  <td>{r.title}{r.authors && <span className="muted"> — {r.authors}</span>}</td>
                  <td>{r.name}</td>
                  <td>{digitalForms[r.form]}</td>
                  <td>{r.typeLabel}</td>
                  <td className="num">{r.kind === 'file' ? formatBytes(r.size) : ''}</td>
                  <td>{digitalAccessLevels[r.access]}</td>
                  <td className="num">{formatNumber(r.views)}</td>
                  <td><button type="button" onClick={() => setSelected(r.id)}>Xem trước</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {current && (
        <section className="panel" aria-label="Xem trước tài liệu số">
          <h2>{current.name} <span className="muted">— {current.title}</span></h2>
          <p className="muted">
            {digitalForms[current.form]} · {current.typeLabel}{current.kind === 'file' ? ` · ${formatBytes(current.size)}` : ''} · {digitalAccessLevels[current.access]}
            {current.subject ? ` · Môn ${current.subject}` : ''}{current.grade ? ` · Khối ${current.grade}` : ''} · {formatNumber(current.views)} lượt xem
          </p>
          <div className="digital-preview"><Preview r={current} /></div>
          <div className="row" style={{ marginTop: 10 }}>
            <button type="button" onClick={() => openForReading(current)}>Mở để đọc (tính một lượt xem)</button>
            {current.kind === 'file' && <a href={digitalUrl(current.id, true)} download={current.fileName}>Tải về</a>}
            {canEdit && <button type="button" onClick={() => setEditing({
              name: current.name, form: current.form, subject: current.subject, grade: current.grade ? String(current.grade) : '', access: current.access,
              note: current.note, url: current.url ?? '',
            })}>Sửa</button>}
            {canEdit && <button type="button" className="danger" onClick={() => setConfirmRemove(true)}>Gỡ</button>}
          </div>
          {confirmRemove && (
            <div className="notice notice-warning" role="alertdialog" aria-label="Xác nhận gỡ tài liệu">
              <p>Gỡ "{current.name}" khỏi "{current.title}"? {current.kind === 'file' ? 'Tệp sẽ bị xóa khỏi thư mục dữ liệu nếu không tài liệu nào khác cùng nội dung. ' : ''}Việc gỡ được ghi vào nhật ký.</p>
              <div className="row">
                <button type="button" className="danger" onClick={remove}>Gỡ tài liệu</button>
                <button type="button" onClick={() => setConfirmRemove(false)}>Thôi</button>
              </div>
            </div>
          )}
          {editing && (
            <form onSubmit={saveEdit} aria-label="Sửa tài liệu số" noValidate>
              <h3>Sửa thông tin</h3>
              {current.kind === 'link' && (
                <Field label="Liên kết">
                  <input name="editUrl" value={editing.url} onChange={(e) => setEditing({ ...editing, url: e.target.value })} />
                </Field>
              )}
              <DescriptionFields value={editing} onChange={(d) => setEditing({ ...editing, ...d })} formRequired />
              <div className="row" style={{ marginTop: 10 }}>
                <button type="submit" className="primary">Lưu</button>
                <button type="button" onClick={() => setEditing(null)}>Thôi</button>
              </div>
            </form>
          )}
        </section>
      )}

      {can('digital.saveSettings') && <details className="panel">
        <summary>Cài đặt thư viện số</summary>
        <div className="row">
          <Field label="Dung lượng tối đa một tệp (MB)">
            <input name="maxMegabytes" inputMode="numeric" value={limitMb} onChange={(e) => setLimitMb(e.target.value)} />
          </Field>
          <button type="button" onClick={saveLimit}>Lưu</button>
        </div>
      </details>}
    </div>
  );
}
