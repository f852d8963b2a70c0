import { useEffect, useState, type FormEvent } from 'react';
import type { UnionSettingsDto } from '@shared/contract';
import { formatDateTime } from '@shared/dates';
import { formatNumber } from '@shared/numbers';
import { call } from '../../api';
import { errorMessage, Notice, useLoad } from '../../ui';

interface Form { server: string; key: string; caFile: string; auto: boolean }

const formOf = (s: UnionSettingsDto): Form => ({ server: s.server, key: '', caFile: s.caFile ?? '', auto: s.auto });

/**
 * Cài đặt → Liên thông: the district union catalogue's address, the school's key (typed once, never shown again
 * in full), an optional CA file for the district's own certificate, the hourly push, and "Đồng bộ ngay".
 */
export function UnionPanel() {
  const settings = useLoad(() => call('union.getSettings', {}));
  const [form, setForm] = useState<Form | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState<'save' | 'push' | null>(null);

  useEffect(() => {
    if (settings.data && !form) setForm(formOf(settings.data));
  }, [settings.data, form]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setBusy('save');
    setMessage(null);
    try {
      const r = await call('union.saveSettings', { server: form.server, key: form.key || undefined, caFile: form.caFile || null, auto: form.auto });
      setForm(formOf(r));
      await settings.reload();
      setMessage({ kind: 'success', text: r.server ? 'Đã lưu cài đặt liên thông.' : 'Đã lưu: trường không gửi mục lục lên mục lục liên hợp.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const pushNow = async () => {
    setBusy('push');
    setMessage(null);
    try {
      const r = await call('union.pushNow', {});
      setMessage({ kind: 'success', text: r.records === 0
        ? `Đã đồng bộ cho ${r.school}: không có đầu sách nào thay đổi từ lần trước.`
        : `Đã đồng bộ cho ${r.school}: gửi ${formatNumber(r.records)} đầu sách lên mục lục liên hợp.` });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      await settings.reload();
      window.dispatchEvent(new Event('kesach:union-changed'));
      setBusy(null);
    }
  };

  const s = settings.data;
  return (
    <section className="panel" aria-label="Liên thông">
      <h2>Liên thông (mục lục liên hợp của phòng GD&amp;ĐT)</h2>
      <p className="muted">
        Gửi mục lục của trường lên máy chủ của phòng GD&amp;ĐT để các trường trong đặc khu thấy sách của nhau: nhan đề, tác giả, ISBN,
        số bản và số bản đang trên giá, cùng số liệu tổng hợp (số học sinh, lượt mượn mỗi tháng). Không bao giờ gửi tên, mã, thẻ
        hay sách đang mượn của bạn đọc. Chỉ gửi phần đã thay đổi từ lần trước; mất mạng giữa chừng thì lần sau gửi tiếp.
      </p>
      {settings.error && <Notice kind="error">{settings.error}</Notice>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {form && s && (
        <form noValidate onSubmit={save} aria-label="Cài đặt liên thông">
          <div className="row">
            <label>Địa chỉ máy chủ{' '}
              <input aria-label="Địa chỉ máy chủ liên thông" style={{ width: 320 }} placeholder="https://lienthong.phonggd.edu.vn/"
                value={form.server} onChange={(e) => setForm({ ...form, server: e.target.value })} />
            </label>
            <label>Khoá của trường{' '}
              <input aria-label="Khoá của trường" type="password" autoComplete="off" style={{ width: 220 }}
                placeholder={s.keyHint ? `Đã lưu (${s.keyHint}) — nhập để đổi` : 'Dòng cuối phòng GD&ĐT gửi'}
                value={form.key} onChange={(e) => setForm({ ...form, key: e.target.value })} />
            </label>
          </div>
          <div className="row">
            <label>Tệp chứng chỉ gốc (CA) của phòng, nếu có{' '}
              <input aria-label="Tệp chứng chỉ gốc" style={{ width: 320 }} placeholder="Để trống nếu máy chủ dùng chứng chỉ thông thường"
                value={form.caFile} onChange={(e) => setForm({ ...form, caFile: e.target.value })} />
            </label>
            <label>
              <input type="checkbox" checked={form.auto} onChange={(e) => setForm({ ...form, auto: e.target.checked })} />
              {' '}Tự động đồng bộ mỗi giờ khi mở Kệ Sách
            </label>
          </div>
          <div className="row">
            <button type="submit" className="primary" disabled={busy !== null}>{busy === 'save' ? 'Đang lưu…' : 'Lưu'}</button>
            <button type="button" onClick={pushNow} disabled={busy !== null || !s.status.configured}>{busy === 'push' ? 'Đang đồng bộ…' : 'Đồng bộ ngay'}</button>
          </div>
        </form>
      )}
      {s && (
        <p data-testid="union-status">
          {s.status.lastSuccessAt
            ? <>Đồng bộ thành công gần nhất: <strong>{formatDateTime(s.status.lastSuccessAt)}</strong>
              {s.status.school ? ` — ${s.status.school}, gửi ${formatNumber(s.status.lastRecords)} đầu sách` : ''}.</>
            : s.status.configured ? 'Chưa đồng bộ lần nào.' : 'Chưa cài đặt: nhập địa chỉ máy chủ và khoá phòng GD&ĐT cấp cho trường.'}
        </p>
      )}
      {s?.status.lastError && <Notice kind="warning">Lần đồng bộ gần nhất ({formatDateTime(s.status.lastAttemptAt ?? '')}) không thành công: {s.status.lastError}</Notice>}
    </section>
  );
}
