import { useEffect, useState, type FormEvent } from 'react';
import type { Calibration } from '@shared/contract';
import type { LabelSheet } from '@shared/label-sheets';
import { call } from '../../api';
import { openGenerated } from '../../FileActions';
import { errorMessage, Field, Notice, type Message } from '../../ui';

/** In nhãn & thẻ › "Căn chỉnh máy in": each printer's measured offset and the page to measure it with. */
export function CalibrationPanel({ sheets, calibration, onSaved }: { sheets: LabelSheet[]; calibration: Calibration | null; onSaved: (c: Calibration) => void }) {
  const [printer, setPrinter] = useState(calibration?.current ?? '');
  const [dx, setDx] = useState('0');
  const [dy, setDy] = useState('0');
  const [templateId, setTemplateId] = useState('L7651');
  const [msg, setMsg] = useState<Message>(null);
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
