import { useState } from 'react';
import { PIN_DIGITS } from '@shared/contract/enums';
import { formatDate } from '@shared/dates';
import { call } from '../../api';
import { errorMessage, Notice, useLoad } from '../../ui';

/**
 * Mã PIN tra cứu of a teacher or staff member: with their card number it signs them in to the
 * catalogue on the school network (tra cứu trực tuyến), where "Giáo viên" resources open. The PIN is
 * typed here once and stored only as a hash; nobody can read it back, only set a new one.
 */
export function PinPanel({ readerId }: { readerId: number }) {
  const status = useLoad(() => call('readers.pinStatus', { id: readerId }), [readerId]);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const save = async () => {
    setMessage(null);
    try {
      await call('readers.setPin', { id: readerId, pin: pin.trim() });
      setPin('');
      setMessage({ kind: 'success', text: 'Đã đặt mã PIN tra cứu. Hãy báo mã này cho thầy cô (mã không xem lại được).' });
      await status.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  const clear = async () => {
    if (!window.confirm('Xóa mã PIN tra cứu? Thầy cô sẽ không đăng nhập tra cứu được cho đến khi có mã mới.')) return;
    try {
      await call('readers.clearPin', { id: readerId });
      setMessage({ kind: 'success', text: 'Đã xóa mã PIN tra cứu.' });
      await status.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  const s = status.data;
  return (
    <fieldset className="panel" aria-label="Mã PIN tra cứu" style={{ marginTop: 12 }}>
      <legend>Mã PIN tra cứu qua mạng nội bộ</legend>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {s && (
        <p data-testid="pin-status">
          {s.hasPin ? 'Đã có mã PIN.' : 'Chưa có mã PIN.'}
          {s.lockedUntil && ` Đang tạm khóa vì nhập sai nhiều lần từ nhiều máy (đến ${new Date(s.lockedUntil).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' })} ngày ${formatDate(s.lockedUntil.slice(0, 10))}); đặt mã mới sẽ mở khóa.`}
        </p>
      )}
      <div className="row">
        <input aria-label="Mã PIN mới" type="password" inputMode="numeric" autoComplete="new-password" placeholder={`${PIN_DIGITS.min}–${PIN_DIGITS.max} chữ số`} value={pin}
          onChange={(e) => setPin(e.target.value)} style={{ width: 140 }} />
        <button type="button" onClick={save}>{s?.hasPin ? 'Đặt lại mã PIN' : 'Đặt mã PIN'}</button>
        {s?.hasPin && <button type="button" className="danger" onClick={clear}>Xóa mã PIN</button>}
      </div>
      <p className="muted">
        Mã PIN gồm {PIN_DIGITS.min}–{PIN_DIGITS.max} chữ số. Mã đặt trước đây ngắn hơn {PIN_DIGITS.min} chữ số không còn đăng nhập được: hãy đặt mã mới.
      </p>
    </fieldset>
  );
}
