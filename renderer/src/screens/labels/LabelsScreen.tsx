import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Calibration, CopySelection, FileResult, LabelKind, LabelPreview, ReaderSelection, SearchHit } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { findSheet, labelsPerSheet, type LabelSheet } from '../../../../shared/label-sheets';
import { call, onEvent } from '../../api';
import { FileActions, openGenerated } from '../../FileActions';
import { hashParams } from '../../nav';
import { errorMessage, Field, formatNumber, Notice, ScreenHeader, useLoad } from '../../ui';
import { SheetPreview } from './SheetPreview';

type Msg = { kind: 'error' | 'success' | 'info'; text: string } | null;
type Tab = 'nhan' | 'the' | 'can-chinh' | 'mau';

const KINDS: [LabelKind, string][] = [['spine', 'Nhãn gáy (ký hiệu xếp giá)'], ['barcode', 'Nhãn mã vạch'], ['combined', 'Nhãn gáy + mã vạch']];

function newJobId(): string {
  return `nhan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Follows a long job's progress events and lets the user cancel it. */
function useJob() {
  const [job, setJob] = useState<{ id: string; done: number; total: number } | null>(null);
  const idRef = useRef<string | null>(null);
  useEffect(() => onEvent('job.progress', (p) => {
    if (p.jobId === idRef.current) setJob({ id: p.jobId, done: p.done, total: p.total });
  }), []);
  return {
    job,
    async run<T>(work: (jobId: string) => Promise<T>): Promise<T> {
      const id = newJobId();
      idRef.current = id;
      setJob({ id, done: 0, total: 0 });
      try {
        return await work(id);
      } finally {
        idRef.current = null;
        setJob(null);
      }
    },
    cancel: () => (idRef.current ? call('jobs.cancel', { jobId: idRef.current }) : undefined),
  };
}

function JobProgress({ job, onCancel }: { job: { done: number; total: number } | null; onCancel: () => void }) {
  if (!job) return null;
  return (
    <div className="labels-job" role="status" aria-label="Tiến độ">
      <progress max={job.total || 1} value={job.done} />
      <span>{job.total ? `${formatNumber(job.done)} / ${formatNumber(job.total)}` : 'Đang chuẩn bị…'}</span>
      <button type="button" onClick={onCancel}>Hủy</button>
    </div>
  );
}

function FileDone({ file, what }: { file: FileResult & { count: number }; what: string }) {
  return (
    <Notice kind="success">
      Đã tạo {formatNumber(file.count)} {what} ({file.pages ?? '?'} trang).{' '}
      <FileActions file={{ fileName: file.fileName }} />
    </Notice>
  );
}

function PrinterPicker({ calibration, printer, setPrinter }: { calibration: Calibration | null; printer: string; setPrinter: (p: string) => void }) {
  if (!calibration) return null;
  return (
    <Field label="Máy in (độ lệch đã căn chỉnh)">
      <select name="printer" value={printer} onChange={(e) => setPrinter(e.target.value)}>
        {Object.entries(calibration.printers).map(([name, o]) => (
          <option key={name} value={name}>{name} (x {(o.dx / 10).toFixed(1)} mm, y {(o.dy / 10).toFixed(1)} mm)</option>
        ))}
      </select>
    </Field>
  );
}

function initialSelection(): { mode: CopySelection['by']; value: string } {
  const [, by, value] = hashParams();
  if (by === 'title' || by === 'batch') return { mode: by, value: value ?? '' };
  if (by === 'list' && value) return { mode: 'list', value: value.split(',').join('\n') };
  return { mode: 'all', value: '' };
}

const SOURCE_LABELS: Record<string, string> = { mua: 'Mua', bieu_tang: 'Biếu tặng', cap_phat: 'Cấp phát', khac: 'Khác' };

/** Phiếu nhập by number and date (never by internal id): the confirmed ones, newest first. */
function BatchPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { data, error } = useLoad(() => call('accession.list', { status: 'confirmed', limit: 1000 }));
  return (
    <Field label="Phiếu nhập" hint={error ?? 'Nhãn cho các bản sách của phiếu (số ĐKCB phiếu đã cấp).'}>
      <select name="batch" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">— Chọn phiếu nhập —</option>
        {data?.map((b) => (
          <option key={b.id} value={b.id}>
            Phiếu số {b.registerNumber ?? '—'} ngày {formatDate(b.date)} · {SOURCE_LABELS[b.source] ?? b.source}{b.supplier ? ` (${b.supplier})` : ''} · {formatNumber(b.totalCopies)} bản{b.codeRanges ? ` · ${b.codeRanges}` : ''}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A title picked by its name (search without diacritics), never by internal id. */
function TitlePicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [chosen, setChosen] = useState<string>('');
  useEffect(() => {
    if (!value) return setChosen('');
    let stale = false;
    call('catalogue.getTitle', { id: Number(value) })
      .then((r) => !stale && setChosen(`${r.title.title}${r.title.volume ? ` – ${r.title.volume}` : ''}${r.title.authors ? ` (${r.title.authors})` : ''}`))
      .catch(() => !stale && setChosen(''));
    return () => { stale = true; };
  }, [value]);
  useEffect(() => {
    if (!query.trim()) return setHits([]);
    let stale = false;
    const t = setTimeout(() => {
      call('catalogue.search', { query, limit: 12 }).then((r) => !stale && setHits(r.items)).catch(() => !stale && setHits([]));
    }, 200);
    return () => { stale = true; clearTimeout(t); };
  }, [query]);
  return (
    <div>
      <Field label="Tìm đầu sách" hint={chosen ? `Đã chọn: ${chosen}` : 'Gõ nhan đề, tác giả hoặc ISBN, rồi chọn trong danh sách.'}>
        <input name="titleQuery" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Ví dụ: de men" />
      </Field>
      {hits.length > 0 && (
        <ul className="picker-list" aria-label="Đầu sách tìm được">
          {hits.map((h) => (
            <li key={h.id}>
              <button type="button" onClick={() => { onChange(String(h.id)); setQuery(''); setHits([]); }}>
                {h.title}{h.volume ? ` – ${h.volume}` : ''} <span className="muted">{h.authors} · {h.seriesCode} · {formatNumber(h.copies)} bản</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function LabelsPanel({ sheets, calibration }: { sheets: LabelSheet[]; calibration: Calibration | null }) {
  const init = useMemo(initialSelection, []);
  const [kind, setKind] = useState<LabelKind>('barcode');
  const [templateId, setTemplateId] = useState('L7651');
  const [start, setStart] = useState(1);
  const [mode, setMode] = useState<CopySelection['by']>(init.mode);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [list, setList] = useState(init.mode === 'list' ? init.value : '');
  const [idValue, setIdValue] = useState(init.mode === 'title' || init.mode === 'batch' ? init.value : '');
  const [series, setSeries] = useState('');
  const [printer, setPrinter] = useState(calibration?.current ?? '');
  const [markPrinted, setMarkPrinted] = useState(true);
  const [preview, setPreview] = useState<LabelPreview | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [done, setDone] = useState<(FileResult & { count: number }) | null>(null);
  const job = useJob();
  const { data: seriesList } = useLoad(() => call('settings.listSeries', {}));
  const sheet = findSheet(sheets, templateId) ?? sheets[0];

  useEffect(() => setPrinter((p) => p || calibration?.current || ''), [calibration]);

  const selection = (): CopySelection | null => {
    switch (mode) {
      case 'all': case 'unlabelled': return { by: mode };
      case 'range': return from.trim() && to.trim() ? { by: 'range', from, to } : null;
      case 'list': {
        const codes = list.split(/[\s,;]+/).filter(Boolean);
        return codes.length ? { by: 'list', codes } : null;
      }
      case 'title': case 'batch': {
        const n = Number(idValue);
        if (!Number.isInteger(n) || n < 1) return null;
        return mode === 'title' ? { by: 'title', titleId: n } : { by: 'batch', batchId: n };
      }
    }
  };
  const sel = selection();
  const selKey = JSON.stringify([sel, series]);

  useEffect(() => {
    if (!sel || !sheet) {
      setPreview(null);
      return;
    }
    let stale = false;
    const t = setTimeout(() => {
      call('labels.preview', { kind, templateId, start, selection: sel, series: series || undefined })
        .then((r) => !stale && (setPreview(r), setMsg(null)))
        .catch((e) => !stale && (setPreview(null), setMsg({ kind: 'error', text: errorMessage(e) })));
    }, 250);
    return () => {
      stale = true;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selKey, templateId, kind, start]);

  useEffect(() => {
    if (sheet && start > labelsPerSheet(sheet)) setStart(1);
  }, [sheet, start]);

  const generate = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!sel) {
      setMsg({ kind: 'error', text: 'Hãy chọn bản sách cần in nhãn.' });
      return;
    }
    try {
      const r = await job.run((jobId) => call('labels.print', {
        kind, templateId, start, selection: sel, series: series || undefined, printer: printer || undefined, markPrinted, jobId,
      }));
      setMsg(null);
      setDone({ ...r, count: r.labels });
      void openGenerated(r.fileName).catch(() => undefined);
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <form noValidate className="panel labels-layout" onSubmit={generate} aria-label="In nhãn sách">
      <div className="labels-options">
        <h2>Nhãn sách</h2>
        <div className="grid-2">
          <Field label="Loại nhãn">
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as LabelKind)}>
              {KINDS.map(([k, label]) => <option key={k} value={k}>{label}</option>)}
            </select>
          </Field>
          <Field label="Mẫu giấy nhãn">
            <select name="template" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              {sheets.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </Field>
          <Field label="Bắt đầu từ nhãn số" hint="Bỏ qua các nhãn đã dùng trên tờ đầu; có thể bấm vào hình tờ nhãn.">
            <input name="start" type="number" min={1} max={sheet ? labelsPerSheet(sheet) : 1} value={start}
              onChange={(e) => setStart(Math.max(1, Number(e.target.value) || 1))} />
          </Field>
          <Field label="Loại tài liệu">
            <select name="series" value={series} onChange={(e) => setSeries(e.target.value)}>
              <option value="">Tất cả</option>
              {seriesList?.map((s) => <option key={s.id} value={s.code}>{s.code} — {s.name}</option>)}
            </select>
          </Field>
        </div>
        <Field label="Chọn bản sách">
          <select name="selection" value={mode} onChange={(e) => { setMode(e.target.value as CopySelection['by']); setIdValue(''); }}>
            <option value="all">Tất cả bản sách</option>
            <option value="unlabelled">Bản sách chưa in nhãn</option>
            <option value="range">Theo khoảng số ĐKCB</option>
            <option value="list">Danh sách quét / nhập số ĐKCB</option>
            <option value="batch">Theo phiếu nhập</option>
            <option value="title">Các bản của một đầu sách</option>
          </select>
        </Field>
        {mode === 'range' && (
          <div className="grid-2">
            <Field label="Từ số ĐKCB"><input name="from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="STK000120" /></Field>
            <Field label="Đến số ĐKCB"><input name="to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="STK000180" /></Field>
          </div>
        )}
        {mode === 'list' && (
          <Field label="Số ĐKCB" hint="Quét mã vạch hoặc gõ, mỗi dòng một số.">
            <textarea name="codes" rows={5} value={list} onChange={(e) => setList(e.target.value)} data-scan-target="append" />
          </Field>
        )}
        {mode === 'batch' && <BatchPicker value={idValue} onChange={setIdValue} />}
        {mode === 'title' && <TitlePicker value={idValue} onChange={setIdValue} />}
        <div className="grid-2">
          <PrinterPicker calibration={calibration} printer={printer} setPrinter={setPrinter} />
          <label className="labels-check"><input type="checkbox" checked={markPrinted} onChange={(e) => setMarkPrinted(e.target.checked)} /> Ghi nhận các bản này đã in nhãn</label>
        </div>
        {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
        {preview && (
          <p className="muted" aria-live="polite">
            {formatNumber(preview.total)} bản sách → {formatNumber(preview.total)} nhãn
            {sheet ? `, ${Math.ceil((preview.total + start - 1) / labelsPerSheet(sheet))} tờ ${sheet.id}` : ''}.
          </p>
        )}
        <div className="row">
          <button className="primary" type="submit" disabled={!!job.job || !preview?.total}>Tạo tệp PDF</button>
        </div>
        <JobProgress job={job.job} onCancel={() => void job.cancel()} />
        {done && <FileDone file={done} what="nhãn" />}
      </div>
      {sheet && (
        <div className="labels-preview">
          <SheetPreview sheet={sheet} start={start} cells={preview?.cells ?? []} onPick={setStart} />
          <p className="muted">Tờ đầu tiên · bắt đầu ở nhãn số {start}</p>
        </div>
      )}
    </form>
  );
}

function CardsPanel({ calibration }: { calibration: Calibration | null }) {
  const { data: classes } = useLoad(() => call('labels.cardClasses', {}));
  const [mode, setMode] = useState<ReaderSelection['by']>('all');
  const [className, setClassName] = useState('');
  const [list, setList] = useState('');
  const [backSide, setBackSide] = useState(false);
  const [printer, setPrinter] = useState(calibration?.current ?? '');
  const [msg, setMsg] = useState<Msg>(null);
  const [done, setDone] = useState<(FileResult & { count: number }) | null>(null);
  const job = useJob();
  useEffect(() => setPrinter((p) => p || calibration?.current || ''), [calibration]);

  const generate = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const selection: ReaderSelection = mode === 'class' ? { by: 'class', className: className || classes?.[0]?.className || '' }
      : mode === 'list' ? { by: 'list', cardNumbers: list.split(/[\s,;]+/).filter(Boolean) } : { by: mode };
    try {
      const r = await job.run((jobId) => call('labels.printCards', { selection, backSide, printer: printer || undefined, jobId }));
      setMsg(null);
      setDone({ ...r, count: r.cards });
      void openGenerated(r.fileName).catch(() => undefined);
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <form noValidate className="panel" onSubmit={generate} aria-label="In thẻ thư viện">
      <h2>Thẻ thư viện (ID-1, 10 thẻ trên một tờ A4, có dấu cắt)</h2>
      <div className="grid-3">
        <Field label="Chọn bạn đọc">
          <select name="readers" value={mode} onChange={(e) => setMode(e.target.value as ReaderSelection['by'])}>
            <option value="all">Tất cả bạn đọc đang hoạt động</option>
            <option value="class">Theo lớp</option>
            <option value="newThisYear">Bạn đọc mới trong năm học</option>
            <option value="list">Danh sách số thẻ / mã</option>
          </select>
        </Field>
        {mode === 'class' && (
          <Field label="Lớp">
            <select name="className" value={className || classes?.[0]?.className || ''} onChange={(e) => setClassName(e.target.value)}>
              {classes?.map((c) => <option key={c.className} value={c.className}>{c.className} ({c.count} học sinh)</option>)}
            </select>
          </Field>
        )}
        {mode === 'list' && (
          <Field label="Số thẻ hoặc mã học sinh" hint="Mỗi dòng một số.">
            <textarea name="cards" rows={3} value={list} onChange={(e) => setList(e.target.value)} data-scan-target="append" />
          </Field>
        )}
        <PrinterPicker calibration={calibration} printer={printer} setPrinter={setPrinter} />
      </div>
      <label className="labels-check"><input type="checkbox" checked={backSide} onChange={(e) => setBackSide(e.target.checked)} /> In mặt sau (nội quy thư viện, đảo cột để in hai mặt theo cạnh dài)</label>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <div className="row" style={{ marginTop: 12 }}>
        <button className="primary" type="submit" disabled={!!job.job}>Tạo tệp PDF thẻ</button>
      </div>
      <JobProgress job={job.job} onCancel={() => void job.cancel()} />
      {done && <FileDone file={done} what="thẻ" />}
    </form>
  );
}

function CalibrationPanel({ sheets, calibration, onSaved }: { sheets: LabelSheet[]; calibration: Calibration | null; onSaved: (c: Calibration) => void }) {
  const [printer, setPrinter] = useState(calibration?.current ?? '');
  const [dx, setDx] = useState('0');
  const [dy, setDy] = useState('0');
  const [templateId, setTemplateId] = useState('L7651');
  const [msg, setMsg] = useState<Msg>(null);
  useEffect(() => {
    if (!calibration) return;
    const name = printer || calibration.current;
    const o = calibration.printers[name];
    setPrinter(name);
    if (o) {
      setDx((o.dx / 10).toFixed(1));
      setDy((o.dy / 10).toFixed(1));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [calibration]);

  const tenths = (v: string) => Math.round(Number(v.replace(',', '.')) * 10);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const c = await call('labels.saveCalibration', { printer, dx: tenths(dx), dy: tenths(dy) });
      onSaved(c);
      setMsg({ kind: 'success', text: `Đã lưu độ lệch của máy in ${printer}.` });
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(err) });
    }
  };
  const page = async () => {
    try {
      const r = await call('labels.calibrationPdf', { templateId, printer: printer || undefined });
      await openGenerated(r.fileName);
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <form noValidate className="panel" onSubmit={save} aria-label="Căn chỉnh máy in">
      <h2>Căn chỉnh máy in</h2>
      <p className="muted">In trang căn chỉnh trên giấy thường, đặt lên một tờ nhãn và soi ngược sáng; đo khoảng lệch bằng thước rồi nhập
        (dương: dịch sang phải / xuống dưới), bước 0,1 mm.</p>
      <div className="grid-3">
        <Field label="Tên máy in"><input name="printerName" value={printer} onChange={(e) => setPrinter(e.target.value)} list="printers" /></Field>
        <Field label="Lệch ngang x (mm)"><input name="dx" type="number" step={0.1} min={-10} max={10} value={dx} onChange={(e) => setDx(e.target.value)} /></Field>
        <Field label="Lệch dọc y (mm)"><input name="dy" type="number" step={0.1} min={-10} max={10} value={dy} onChange={(e) => setDy(e.target.value)} /></Field>
      </div>
      <datalist id="printers">{Object.keys(calibration?.printers ?? {}).map((p) => <option key={p} value={p} />)}</datalist>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <div className="row" style={{ marginTop: 12 }}>
        <button className="primary" type="submit">Lưu độ lệch</button>
        <Field label="Mẫu giấy cho trang căn chỉnh">
          <select name="calibrationTemplate" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            {sheets.map((s) => <option key={s.id} value={s.id}>{s.id}</option>)}
          </select>
        </Field>
        <button type="button" onClick={() => void page()}>In trang căn chỉnh</button>
      </div>
    </form>
  );
}

const EMPTY_SHEET = { id: '', name: '', pageWidth: 210, pageHeight: 297, marginTop: 10, marginLeft: 5, columns: 3, rows: 8, labelWidth: 63.5, labelHeight: 33.9, pitchX: 66, pitchY: 33.9, cornerRadius: 2 };
const SHEET_FIELDS: [keyof typeof EMPTY_SHEET, string][] = [
  ['pageWidth', 'Chiều rộng trang'], ['pageHeight', 'Chiều cao trang'], ['marginTop', 'Lề trên'], ['marginLeft', 'Lề trái'],
  ['columns', 'Số cột'], ['rows', 'Số hàng'], ['labelWidth', 'Chiều rộng nhãn'], ['labelHeight', 'Chiều cao nhãn'],
  ['pitchX', 'Bước ngang'], ['pitchY', 'Bước dọc'], ['cornerRadius', 'Bán kính góc'],
];

function TemplatesPanel({ sheets, reload }: { sheets: LabelSheet[]; reload: () => void }) {
  const [form, setForm] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(EMPTY_SHEET).map(([k, v]) => [k, String(v)])));
  const [msg, setMsg] = useState<Msg>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const num = (k: string) => Number(String(form[k]).replace(',', '.'));
    try {
      const s = await call('labels.saveTemplate', {
        id: form.id, name: form.name, pageWidth: num('pageWidth'), pageHeight: num('pageHeight'), marginTop: num('marginTop'), marginLeft: num('marginLeft'),
        columns: num('columns'), rows: num('rows'), labelWidth: num('labelWidth'), labelHeight: num('labelHeight'), pitchX: num('pitchX'), pitchY: num('pitchY'),
        cornerRadius: num('cornerRadius'),
      });
      setMsg({ kind: 'success', text: `Đã lưu mẫu giấy nhãn ${s.id}.` });
      reload();
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(err) });
    }
  };
  const remove = async (id: string) => {
    try {
      await call('labels.deleteTemplate', { id });
      reload();
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <section className="panel" aria-label="Mẫu giấy nhãn">
      <h2>Mẫu giấy nhãn (mm)</h2>
      <table className="data">
        <thead><tr><th>Mã</th><th>Tên</th><th className="num">Nhãn</th><th className="num">Cột × hàng</th><th></th></tr></thead>
        <tbody>
          {sheets.map((s) => (
            <tr key={s.id}>
              <td>{s.id}</td><td>{s.name}</td><td className="num">{s.labelWidth} × {s.labelHeight}</td><td className="num">{s.columns} × {s.rows}</td>
              <td>{s.builtIn ? <span className="badge">có sẵn</span> : <button type="button" className="danger" onClick={() => void remove(s.id)}>Xóa</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form noValidate onSubmit={save} aria-label="Thêm mẫu giấy nhãn" style={{ marginTop: 14 }}>
        <div className="grid-3">
          <Field label="Mã mẫu"><input name="id" value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} placeholder="TRUONG-24" /></Field>
          <Field label="Tên mẫu"><input name="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          {SHEET_FIELDS.map(([k, label]) => (
            <Field key={k} label={`${label}${k === 'columns' || k === 'rows' ? '' : ' (mm)'}`}>
              <input name={k} inputMode="decimal" value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
            </Field>
          ))}
        </div>
        {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
        <div className="row" style={{ marginTop: 12 }}><button className="primary" type="submit">Lưu mẫu giấy nhãn</button></div>
      </form>
    </section>
  );
}

export function LabelsScreen() {
  const [tab, setTab] = useState<Tab>(() => (hashParams()[1] === 'the' ? 'the' : 'nhan'));
  const sheets = useLoad(() => call('labels.listTemplates', {}));
  const cal = useLoad(() => call('labels.getCalibration', {}));
  const tabs: [Tab, string][] = [['nhan', 'Nhãn sách'], ['the', 'Thẻ thư viện'], ['can-chinh', 'Căn chỉnh máy in'], ['mau', 'Mẫu giấy nhãn']];
  return (
    <>
      <ScreenHeader title="In nhãn & thẻ" />
      <div className="labels-tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'labels-tab labels-tab-active' : 'labels-tab'} onClick={() => setTab(id)}>{label}</button>
        ))}
      </div>
      {(sheets.error || cal.error) && <Notice kind="error">{sheets.error ?? cal.error}</Notice>}
      {sheets.data && tab === 'nhan' && <LabelsPanel sheets={sheets.data} calibration={cal.data} />}
      {tab === 'the' && <CardsPanel calibration={cal.data} />}
      {sheets.data && tab === 'can-chinh' && <CalibrationPanel sheets={sheets.data} calibration={cal.data} onSaved={(c) => cal.setData(c)} />}
      {sheets.data && tab === 'mau' && <TemplatesPanel sheets={sheets.data} reload={() => void sheets.reload()} />}
    </>
  );
}
