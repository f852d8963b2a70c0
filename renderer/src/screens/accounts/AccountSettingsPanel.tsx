import { useEffect, useState, type FormEvent } from 'react';
import type { AccountSettings } from '@shared/contract';
import { call } from '../../api';
import { errorMessage, Field, Notice, useLoad, type Message } from '../../ui';

/**
 * Cài đặt → "Đăng nhập trên máy này": whether this PC opens straight into the Thủ thư's account (no
 * sign-in; the default for a new library, off once other accounts exist unless she turns it on again),
 * and after how many idle minutes the screen locks.
 */
export function AccountSettingsPanel() {
  const { data, error } = useLoad(() => call('accounts.settings', {}));
  const [form, setForm] = useState<{ openStraightIn: boolean; idleLockMinutes: string } | null>(null);
  const [message, setMessage] = useState<Message>(null);
  useEffect(() => {
    if (data) setForm({ openStraightIn: data.openStraightIn, idleLockMinutes: String(data.idleLockMinutes) });
  }, [data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    if (form.idleLockMinutes === '') {
      setMessage({ kind: 'error', text: 'Hãy nhập số phút (0: không tự khóa).' });
      return;
    }
    setMessage(null);
    try {
      const saved: AccountSettings = await call('accounts.saveSettings', { openStraightIn: form.openStraightIn, idleLockMinutes: Number(form.idleLockMinutes) });
      setForm({ openStraightIn: saved.openStraightIn, idleLockMinutes: String(saved.idleLockMinutes) });
      setMessage({ kind: 'success', text: 'Đã lưu cài đặt đăng nhập.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <form noValidate className="panel" onSubmit={save} aria-label="Đăng nhập trên máy này">
      <h2>Đăng nhập trên máy này</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {form && (
        <>
          <label className="check">
            <input type="checkbox" checked={form.openStraightIn} onChange={(e) => setForm({ ...form, openStraightIn: e.target.checked })} />
            Mở thẳng vào tài khoản Thủ thư trên máy này
          </label>
          <p className="muted">Bật: mở Kệ Sách là vào ngay tài khoản Thủ thư, không cần đăng nhập. Chỉ nên bật khi máy để ở nơi không ai khác dùng.</p>
          <Field label="Tự khóa màn hình sau (phút không dùng)" hint="0: không tự khóa. Màn hình khóa ghi ai đang đăng nhập; mở lại bằng mã PIN hoặc mật khẩu của chính người đó, hoặc bấm “Đổi người”.">
            <input name="idleLockMinutes" inputMode="numeric" value={form.idleLockMinutes} style={{ width: 90 }}
              onChange={(e) => setForm({ ...form, idleLockMinutes: e.target.value.replace(/\D/g, '') })} />
          </Field>
          <div className="row" style={{ marginTop: 12 }}><button type="submit" className="primary">Lưu</button></div>
        </>
      )}
    </form>
  );
}
