import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Calibration, CopySelection, FileResult, LabelKind, LabelPreview } from '@shared/contract';
import { findSheet, labelsPerSheet, type LabelSheet } from '@shared/label-sheets';
import { call } from '../../api';
import { openGenerated } from '../../FileActions';
import { FileDone, JobProgress, useJob } from '../../jobs';
import { hashParams } from '../../nav';
import { errorMessage, Field, formatNumber, Notice, useLoad, type Message } from '../../ui';
import { BatchPicker } from '../accession/BatchPicker';
import { TitlePicker } from '../catalogue/TitlePicker';
import { PrinterPicker } from './PrinterPicker';
import { SheetPreview } from './SheetPreview';

const KINDS: [LabelKind, string][] = [['spine', 'Nhãn gáy (ký hiệu xếp giá)'], ['barcode', 'Nhãn mã vạch'], ['combined', 'Nhãn gáy + mã vạch']];

function initialSelection(): { mode: CopySelection['by']; value: string } {
  const [, by, value] = hashParams();
  if (by === 'title' || by === 'batch') return { mode: by, value: value ?? '' };
  if (by === 'list' && value) return { mode: 'list', value: value.split(',').join('\n') };
  return { mode: 'all', value: '' };
}

/** In nhãn & thẻ › "Nhãn sách": spine and barcode labels for a chosen set of copies, previewed on the sheet. */
export function LabelsPanel({ sheets, calibration }: { sheets: LabelSheet[]; calibration: Calibration | null }) {
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
  const [msg, setMsg] = useState<Message>(null);
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
          <button className="primary" type="submit" disabled={job.running || !preview?.total}>Tạo tệp PDF</button>
        </div>
        <JobProgress progress={job.progress} onCancel={() => void job.cancel()} />
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
