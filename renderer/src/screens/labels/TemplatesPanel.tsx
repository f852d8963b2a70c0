import { useState, type FormEvent } from 'react';
import type { LabelSheet } from '@shared/label-sheets';
import { call } from '../../api';
import { errorMessage, Field, Notice, type Message } from '../../ui';

const EMPTY_SHEET = { id: '', name: '', pageWidth: 210, pageHeight: 297, marginTop: 10, marginLeft: 5, columns: 3, rows: 8, labelWidth: 63.5, labelHeight: 33.9, pitchX: 66, pitchY: 33.9, cornerRadius: 2 };
const SHEET_FIELDS: [keyof typeof EMPTY_SHEET, string][] = [
  ['pageWidth', 'Chiều rộng trang'], ['pageHeight', 'Chiều cao trang'], ['marginTop', 'Lề trên'], ['marginLeft', 'Lề trái'],
  ['columns', 'Số cột'], ['rows', 'Số hàng'], ['labelWidth', 'Chiều rộng nhãn'], ['labelHeight', 'Chiều cao nhãn'],
  ['pitchX', 'Bước ngang'], ['pitchY', 'Bước dọc'], ['cornerRadius', 'Bán kính góc'],
];

/** In nhãn & thẻ › "Mẫu giấy nhãn": the built-in label sheets and the school's own. */
export function TemplatesPanel({ sheets, reload }: { sheets: LabelSheet[]; reload: () => void }) {
  const [form, setForm] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(EMPTY_SHEET).map(([k, v]) => [k, String(v)])));
  const [msg, setMsg] = useState<Message>(null);
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
