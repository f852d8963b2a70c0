import { useState, type FormEvent } from 'react';
import type { AccountRow } from '@shared/contract';
import { roleLabels, roles, type Role } from '@shared/accounts';
import { PIN_DIGITS } from '@shared/contract/enums';
import { formatDate, formatDateTime } from '@shared/dates';
import { call } from '../../api';
import { DateField } from '../../DateField';
import { navigate } from '../../nav';
import { useSession } from '../../session';
import { SetupForm } from '../session/SetupForm';
import { errorMessage, Field, Notice, ScreenHeader, useLoad, type Message } from '../../ui';

interface Draft { name: string; role: Role; card: string; pin: string; password: string; schoolYearEnd: string; keepOpenStraightIn: boolean }
const EMPTY: Draft = { name: '', role: 'cong-tac-vien', card: '', pin: '', password: '', schoolYearEnd: '', keepOpenStraightIn: false };

/**
 * Tài khoản (#/tai-khoan, Thủ thư only): who may use Kệ Sách and as what. Accounts are never deleted —
 * the Nhật ký names them — only stopped ("Ngừng dùng") and started again. A PIN is typed once and kept
 * only as a hash: nobody reads it back, the Thủ thư sets a new one.
 */
export function AccountsScreen() {
  const session = useSession();
  const list = useLoad(() => call('accounts.list', {}));
  const [settingPassword, setSettingPassword] = useState(false);
  const me = list.data?.rows.find((a) => a.id === session.account?.id);
  /** A Thủ thư without a password (a library made by init/demo) sets one first: once another account exists, this PC stops opening straight into hers. */
  const passwordFirst = !!me && me.role === 'thu-thu' && !me.hasPassword;
  const settings = useLoad(() => call('accounts.settings', {}));
  /** Others have accounts but this PC still opens straight into the Thủ thư's: anyone here, after "Đổi người" too, acts as her. */
  const straightInWithOthers = !!settings.data?.openStraightIn && !!list.data?.rows.some((a) => !a.disabled && a.id !== me?.id && me?.role === 'thu-thu');
  /** The PC opens straight in and nobody else has an account yet: the next one ends that, unless she keeps it. */
  const firstOther = !!settings.data?.openStraightIn && !straightInWithOthers;
  const stopStraightIn = () => run(async () => {
    await call('accounts.saveSettings', { openStraightIn: false, idleLockMinutes: settings.data!.idleLockMinutes });
    await settings.reload();
    session.refresh?.();
    return 'Máy này không mở thẳng vào tài khoản Thủ thư nữa: mỗi người đăng nhập bằng thẻ và mã PIN (Thủ thư dùng mật khẩu).';
  });
  const [message, setMessage] = useState<Message>(null);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [resetFor, setResetFor] = useState<AccountRow | null>(null);
  const [newPin, setNewPin] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await work();
      setMessage({ kind: 'success', text });
      await list.reload();
      return true;
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run(async () => {
      const a = await call('accounts.add', {
        name: draft.name, role: draft.role, card: draft.card.trim() || undefined, pin: draft.pin || undefined,
        password: draft.password || undefined, schoolYearEnd: draft.role === 'cong-tac-vien' && draft.schoolYearEnd ? draft.schoolYearEnd : undefined,
        keepOpenStraightIn: firstOther && draft.keepOpenStraightIn ? true : undefined,
      });
      if (a.openStraightInEnded || firstOther) { await settings.reload(); session.refresh?.(); }
      return `Đã tạo tài khoản ${a.name} (${a.roleLabel}).${draft.pin ? ' Hãy báo mã PIN cho người dùng (mã không xem lại được).' : ''}`
        + (a.openStraightInEnded ? ' Từ giờ máy này sẽ hỏi đăng nhập: mỗi người đăng nhập bằng thẻ và mã PIN, Thủ thư bằng mật khẩu.' : '');
    });
    if (ok) { setDraft(EMPTY); setAdding(false); }
  };

  const resetPin = async (e: FormEvent) => {
    e.preventDefault();
    if (!resetFor) return;
    const who = resetFor;
    const ok = await run(async () => {
      await call('accounts.resetPin', { id: who.id, pin: newPin.trim() });
      return `Đã đặt mã PIN mới cho ${who.name}. Hãy báo mã này cho người dùng (mã không xem lại được).`;
    });
    if (ok) { setResetFor(null); setNewPin(''); }
  };

  const toggle = (a: AccountRow) => run(async () => {
    if (a.disabled) {
      await call('accounts.enable', { id: a.id });
      return `Đã cho tài khoản ${a.name} dùng lại.`;
    }
    await call('accounts.disable', { id: a.id });
    return `Đã ngừng tài khoản ${a.name}: không đăng nhập được nữa; nhật ký vẫn giữ tên.`;
  });

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });

  return (
    <div>
      <ScreenHeader title="Tài khoản">
        {!adding && <button type="button" className="primary" disabled={passwordFirst} onClick={() => { setAdding(true); setMessage(null); }}>Thêm tài khoản</button>}
      </ScreenHeader>
      <p className="muted">Mỗi người dùng Kệ Sách một tài khoản, nên Nhật ký ghi đúng ai đã cho mượn, ghi mất, khôi phục… Tài khoản không xóa được (nhật ký còn nhắc tới), chỉ ngừng dùng.</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}

      {me && passwordFirst && (
        <section className="panel" aria-label="Mật khẩu Thủ thư">
          <h2>Tài khoản của bạn chưa có mật khẩu</h2>
          {settingPassword ? (
            <SetupForm initialName={me.name} school="" onDone={() => { setSettingPassword(false); void list.reload(); session.refresh?.(); }} />
          ) : (
            <>
              <p>Máy này đang mở thẳng vào tài khoản Thủ thư. Khi có tài khoản của người khác, máy không mở thẳng nữa (trừ khi bạn
                bật lại trong Cài đặt) và bạn đăng nhập bằng mật khẩu: hãy đặt mật khẩu (và in mã khôi phục) trước khi thêm tài khoản.</p>
              <button type="button" className="primary" onClick={() => setSettingPassword(true)}>Đặt mật khẩu</button>
            </>
          )}
        </section>
      )}

      {straightInWithOthers && !passwordFirst && (
        <section className="panel notice-warning" aria-label="Mở thẳng vào tài khoản Thủ thư">
          <p>Máy này vẫn mở thẳng vào tài khoản Thủ thư: ai ngồi vào máy, kể cả sau khi bấm "Đổi người", cũng làm được mọi việc của
            Thủ thư. Khi đã có tài khoản cho người khác, nên tắt (đổi lại được trong Cài đặt → "Đăng nhập trên máy này").</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void stopStraightIn()}>Tắt mở thẳng vào tài khoản Thủ thư</button>
        </section>
      )}

      {adding && (
        <form noValidate className="panel" onSubmit={add} aria-label="Thêm tài khoản">
          <h2>Thêm tài khoản</h2>
          <div className="grid-3">
            <Field label="Họ tên"><input name="name" autoFocus value={draft.name} onChange={(e) => set('name', e.target.value)} /></Field>
            <Field label="Vai trò">
              <select name="role" value={draft.role} onChange={(e) => set('role', e.target.value as Role)}>
                {roles.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
              </select>
            </Field>
            <Field label="Số thẻ" hint="Quét thẻ thư viện hoặc thẻ nhân viên của người này.">
              <input name="card" autoComplete="off" data-scan-target value={draft.card} onChange={(e) => set('card', e.target.value)} />
            </Field>
            <Field label="Mã PIN" hint={`${PIN_DIGITS.min}–${PIN_DIGITS.max} chữ số, để đăng nhập cùng thẻ.`}>
              <input name="pin" type="password" inputMode="numeric" autoComplete="new-password" value={draft.pin} onChange={(e) => set('pin', e.target.value)} />
            </Field>
            <Field label="Mật khẩu (không bắt buộc)" hint="Đăng nhập không cần thẻ, chọn tên rồi gõ mật khẩu.">
              <input name="password" type="password" autoComplete="new-password" value={draft.password} onChange={(e) => set('password', e.target.value)} />
            </Field>
            {draft.role === 'cong-tac-vien' && (
              <Field label="Dùng đến hết ngày" hint="Để trống: hết năm học hiện tại. Khi chuyển năm học, tài khoản tự ngừng.">
                <DateField name="schoolYearEnd" aria-label="Dùng đến hết ngày" value={draft.schoolYearEnd} onChange={(v) => set('schoolYearEnd', v)} />
              </Field>
            )}
          </div>
          {firstOther && (
            <div className="notice notice-info" role="group" aria-label="Đăng nhập trên máy này">
              <p>Từ giờ máy này sẽ hỏi đăng nhập: khi đã có tài khoản của người khác, máy không mở thẳng vào tài khoản Thủ thư nữa
                (ai ngồi vào máy cũng làm được mọi việc của Thủ thư). Thủ thư đăng nhập bằng mật khẩu.</p>
              <label className="check">
                <input type="checkbox" name="keepOpenStraightIn" checked={draft.keepOpenStraightIn} onChange={(e) => set('keepOpenStraightIn', e.target.checked)} />
                Vẫn mở thẳng vào tài khoản Thủ thư trên máy này
              </label>
            </div>
          )}
          <div className="row" style={{ marginTop: 12 }}>
            <button type="submit" className="primary" disabled={busy}>Tạo tài khoản</button>
            <button type="button" onClick={() => { setAdding(false); setDraft(EMPTY); }}>Hủy</button>
          </div>
        </form>
      )}

      {resetFor && (
        <form noValidate className="panel" onSubmit={resetPin} aria-label="Đặt lại mã PIN">
          <h2>Đặt lại mã PIN của {resetFor.name}</h2>
          <div className="row">
            <Field label="Mã PIN mới"><input name="newPin" type="password" inputMode="numeric" autoComplete="new-password" autoFocus value={newPin} onChange={(e) => setNewPin(e.target.value)} /></Field>
            <button type="submit" className="primary" disabled={busy}>Đặt mã PIN</button>
            <button type="button" onClick={() => { setResetFor(null); setNewPin(''); }}>Hủy</button>
          </div>
        </form>
      )}

      {list.error && <Notice kind="error">{list.error}</Notice>}
      <table className="data" aria-label="Danh sách tài khoản">
        <thead><tr><th>Họ tên</th><th>Vai trò</th><th>Số thẻ</th><th>Đăng nhập gần nhất</th><th>Trạng thái</th><th /></tr></thead>
        <tbody>
          {list.data?.rows.map((a) => (
            <tr key={a.id} className={a.disabled ? 'muted' : ''}>
              <td>{a.name}</td>
              <td>{a.roleLabel}</td>
              <td>{a.card ? <code>{a.card}</code> : <span className="muted">—</span>}</td>
              <td>{a.lastSignInAt ? formatDateTime(a.lastSignInAt) : <span className="muted">Chưa đăng nhập</span>}</td>
              <td>
                {a.disabled ? <span className="badge badge-danger">Ngừng dùng</span> : <span className="badge badge-ok">Đang dùng</span>}
                {a.schoolYearEnd && <span className="muted"> đến hết {formatDate(a.schoolYearEnd)}</span>}
              </td>
              <td className="loan-actions">
                <button type="button" onClick={() => navigate('nhat-ky', 'tai-khoan', String(a.id))}>Xem nhật ký</button>
                {a.card && <button type="button" onClick={() => { setResetFor(a); setNewPin(''); setMessage(null); }}>Đặt lại PIN</button>}
                <button type="button" className={a.disabled ? '' : 'danger'} disabled={busy} onClick={() => void toggle(a)}>{a.disabled ? 'Dùng lại' : 'Ngừng dùng'}</button>
              </td>
            </tr>
          ))}
          {list.data && list.data.rows.length === 0 && <tr><td colSpan={6} className="muted">Chưa có tài khoản nào.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
