import { useEffect, useState, type FormEvent } from 'react';
import type { FileResult, OpacSettings } from '@shared/contract';
import { call } from '../../api';
import { FileActions } from '../../FileActions';
import { errorMessage, Notice, useLoad } from '../../ui';

/**
 * "Cho phép tra cứu qua mạng nội bộ": the OPAC listener (off by default), its interface and port, the
 * addresses pupils type and a poster with the QR code. Part of Cài đặt.
 */
export function OpacPanel() {
  const status = useLoad(() => call('opac.status', {}));
  const [form, setForm] = useState<OpacSettings | null>(null);
  const [portText, setPortText] = useState('');
  const [capText, setCapText] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [poster, setPoster] = useState<FileResult | null>(null);

  useEffect(() => {
    if (status.data && !form) {
      setForm(status.data.settings);
      setPortText(String(status.data.settings.port));
      setCapText(String(status.data.settings.suggestionsPerDay));
    }
  }, [status.data, form]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setSaving(true);
    setMessage(null);
    try {
      const port = Number(portText.replace(/\D/g, ''));
      const cap = capText.trim() === '' ? Number.NaN : Number(capText.replace(/\D/g, ''));
      const r = await call('opac.saveSettings', { ...form, port: portText.trim() === '' ? Number.NaN : port, suggestionsPerDay: cap });
      setForm(r.settings);
      await status.reload();
      if (r.settings.enabled && r.error) setMessage({ kind: 'error', text: `Đã lưu, nhưng chưa mở được: ${r.error}` });
      else setMessage({ kind: 'success', text: r.settings.enabled ? (r.running ? 'Đã bật tra cứu qua mạng nội bộ.' : 'Đã lưu; tra cứu sẽ mở khi chạy ứng dụng Kệ Sách.') : 'Đã tắt tra cứu qua mạng nội bộ.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  const printPoster = async (url: string) => {
    setMessage(null);
    try {
      setPoster(await call('opac.printPoster', { url }));
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  const s = status.data;
  return (
    <section className="panel" aria-label="Tra cứu qua mạng nội bộ">
      <h2>Tra cứu qua mạng nội bộ</h2>
      <p className="muted">
        Học sinh và giáo viên tìm sách từ máy tính lớp học hoặc điện thoại nối Wi-Fi của trường: xem sách còn trên giá không, ở kệ nào,
        đọc tài liệu số. Trang tra cứu chỉ xem được, không bao giờ hiện tên, mã, lớp hay sách đang mượn của bạn đọc.
      </p>
      {status.error && <Notice kind="error">{status.error}</Notice>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {form && s && (
        <form noValidate onSubmit={save} className="row" aria-label="Cài đặt tra cứu">
          <label>
            <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} />
            {' '}Cho phép tra cứu qua mạng nội bộ
          </label>
          <label>Giao diện mạng{' '}
            <select aria-label="Giao diện mạng" value={form.host} onChange={(e) => setForm({ ...form, host: e.target.value })}>
              <option value="0.0.0.0">Mọi giao diện mạng của máy này</option>
              {s.interfaces.map((i) => <option key={i.address} value={i.address}>{i.name}: {i.address}</option>)}
              {form.host !== '0.0.0.0' && !s.interfaces.some((i) => i.address === form.host) && <option value={form.host}>{form.host} (không còn trên máy này)</option>}
            </select>
          </label>
          <label>Cổng{' '}
            <input aria-label="Cổng" inputMode="numeric" style={{ width: 80 }} value={portText} onChange={(e) => setPortText(e.target.value)} />
          </label>
          <label>Nhận tối đa{' '}
            <input aria-label="Số đề xuất mua sách nhận mỗi ngày" inputMode="numeric" style={{ width: 60 }} value={capText} onChange={(e) => setCapText(e.target.value)} />
            {' '}đề xuất mua sách mỗi ngày (mọi máy cộng lại)
          </label>
          <button type="submit" className="primary" disabled={saving}>{saving ? 'Đang lưu…' : 'Lưu'}</button>
        </form>
      )}
      {s && s.loopbackOnly && s.settings.enabled && (
        <Notice kind="warning">
          Tra cứu đang chỉ mở trên chính máy này ({s.settings.host}): điện thoại và máy tính lớp học không vào được, nên không có áp phích để in.
          Hãy chọn giao diện mạng Wi-Fi (hoặc cáp mạng) của trường, hoặc "Mọi giao diện mạng", rồi bấm Lưu.
        </Notice>
      )}
      {s && s.running && (
        <>
          {s.loopbackOnly ? (
            <p data-testid="opac-state"><strong>Đang mở</strong> chỉ trên máy này: <code>http://{s.settings.host}:{s.settings.port}/</code></p>
          ) : (
            <p data-testid="opac-state"><strong>Đang mở.</strong> Địa chỉ để gõ vào trình duyệt (mỗi mạng của máy này một địa chỉ):</p>
          )}
          <ul data-testid="opac-addresses">
            {s.addresses.map((a) => (
              <li key={a.url}>
                <code>{a.url}</code> <span className="muted">({a.name})</span>{' '}
                <button type="button" onClick={() => printPoster(a.url)}>In áp phích có mã QR</button>
              </li>
            ))}
          </ul>
          {s.addresses.length === 0 && !s.loopbackOnly && <Notice kind="warning">Máy này chưa nối mạng nào: hãy nối Wi-Fi hoặc cáp mạng của trường.</Notice>}
          {!s.loopbackOnly && <p className="muted">
            Nếu máy khác không mở được, hãy cho phép cổng {s.settings.port} trong tường lửa Windows cho mạng riêng (xem hướng dẫn trong README).
          </p>}
        </>
      )}
      {s && !s.running && s.settings.enabled && s.error && <Notice kind="error">Chưa mở được: {s.error}</Notice>}
      {s && !s.available && <Notice kind="info">Tra cứu qua mạng chỉ mở khi chạy ứng dụng Kệ Sách (hoặc chế độ trình duyệt).</Notice>}
      {poster && <p><FileActions file={poster} /></p>}
    </section>
  );
}
