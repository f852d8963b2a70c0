import { useEffect, useState, type FormEvent } from 'react';
import type { Calibration, FileResult, ReaderSelection } from '@shared/contract';
import { call } from '../../api';
import { openGenerated } from '../../FileActions';
import { FileDone, JobProgress, useJob } from '../../jobs';
import { errorMessage, Field, Notice, useLoad, type Message } from '../../ui';
import { PrinterPicker } from './PrinterPicker';

/** In nhãn & thẻ › "Thẻ thư viện": library cards, ten to an A4 sheet. */
export function CardsPanel({ calibration }: { calibration: Calibration | null }) {
  const { data: classes } = useLoad(() => call('labels.cardClasses', {}));
  const [mode, setMode] = useState<ReaderSelection['by']>('all');
  const [className, setClassName] = useState('');
  const [list, setList] = useState('');
  const [backSide, setBackSide] = useState(false);
  const [printer, setPrinter] = useState(calibration?.current ?? '');
  const [msg, setMsg] = useState<Message>(null);
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
        <button className="primary" type="submit" disabled={job.running}>Tạo tệp PDF thẻ</button>
      </div>
      <JobProgress progress={job.progress} onCancel={() => void job.cancel()} />
      {done && <FileDone file={done} what="thẻ" />}
    </form>
  );
}
