import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountView } from '@shared/contract';
import { call } from '../../api';
import { useScanner } from '../../scanner';
import { errorMessage, Field, Notice } from '../../ui';
import { RecoverPanel } from './RecoverPanel';

export interface PasswordAccount { id: number; name: string; roleLabel: string }

type Way = 'card' | 'password' | 'recover';

/**
 * The desk's sign-in (and its lock). A staff or pupil card scanned anywhere on this screen fills the card
 * field and moves to the PIN; nothing else happens on a scan. The Thủ thư may use her password instead.
 * Locked (`locked` given): the same account unlocks with its PIN or password; a scan of another card, or
 * "Đổi người", signs that account out and starts over with the new card.
 */
export function SignInScreen({ school, passwordAccounts, locked, initialCard, openStraightIn, onOpenStraightIn, onSignedIn, onSwitchUser }: {
  school: string;
  passwordAccounts: PasswordAccount[];
  locked?: AccountView;
  /** A card scanned on the lock screen before "Đổi người": already filled in, the PIN next. */
  initialCard?: string;
  /** This PC opens straight into the Thủ thư's account (Cài đặt → Tài khoản): offered as a button. */
  openStraightIn?: boolean;
  onOpenStraightIn?: () => void;
  onSignedIn: (account: AccountView) => void;
  /** Locked only: "Đổi người" (with the card just scanned, if any). */
  onSwitchUser?: (card?: string) => void;
}) {
  const lockedPassword = locked ? passwordAccounts.find((a) => a.id === locked.id) : undefined;
  const [way, setWay] = useState<Way>(locked && !locked.card && lockedPassword ? 'password' : 'card');
  const [card, setCard] = useState(locked?.card ?? initialCard ?? '');
  const [pin, setPin] = useState('');
  const [accountId, setAccountId] = useState<number | ''>(lockedPassword?.id ?? (passwordAccounts.length === 1 ? passwordAccounts[0].id : ''));
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cardField = useRef<HTMLInputElement>(null);
  const pinField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (way === 'password') passwordField.current?.focus();
    else if (way === 'card') (locked || initialCard ? pinField : cardField).current?.focus();
  }, [way, locked, initialCard]);

  useScanner((code) => {
    if (locked && code !== locked.card) {
      onSwitchUser?.(code);
      return;
    }
    setWay('card');
    setCard(code);
    setPin('');
    setError(null);
    // Now, not after a timer: Chromium runs input before timers, so under load the PIN's first key would
    // otherwise reach the card field. The card form is not shown yet only when the password way was open.
    if (pinField.current) pinField.current.focus();
    else window.setTimeout(() => pinField.current?.focus(), 0);
  });

  // api.ts keeps the session the answer carries.
  const done = (r: { account: AccountView }) => onSignedIn(r.account);

  const signIn = async (e: FormEvent) => {
    e.preventDefault();
    if (!card.trim()) { setError('Hãy quét thẻ hoặc gõ số thẻ.'); cardField.current?.focus(); return; }
    if (!pin) { setError('Hãy gõ mã PIN.'); pinField.current?.focus(); return; }
    setBusy(true);
    setError(null);
    try {
      done(await call('session.signIn', { card: card.trim(), pin }));
    } catch (err) {
      setError(errorMessage(err));
      setPin('');
      pinField.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const signInWithPassword = async (e: FormEvent) => {
    e.preventDefault();
    if (accountId === '') { setError('Hãy chọn tài khoản.'); return; }
    if (!password) { setError('Hãy gõ mật khẩu.'); passwordField.current?.focus(); return; }
    setBusy(true);
    setError(null);
    try {
      done(await call('session.signInWithPassword', { accountId, password }));
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
      passwordField.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const title = locked ? 'Màn hình đang khóa' : 'Đăng nhập';
  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <div className="sign-in-box">
        <div className="sign-in-brand">Kệ Sách{school && <span className="sign-in-school">{school}</span>}</div>
        <h1 id="sign-in-title">{title}</h1>
        {locked && (
          <p className="sign-in-who" data-testid="locked-account">
            Đang đăng nhập: <strong>{locked.name}</strong> ({locked.roleLabel})
          </p>
        )}
        {error && <Notice kind="error">{error}</Notice>}

        {way === 'card' && (
          <form noValidate onSubmit={signIn} aria-label="Đăng nhập bằng thẻ">
            <p className="muted">{locked ? 'Gõ mã PIN để mở khóa.' : 'Quét thẻ thư viện (hoặc thẻ nhân viên), rồi gõ mã PIN.'}</p>
            <Field label="Số thẻ">
              <input ref={cardField} name="card" autoComplete="off" value={card} readOnly={!!locked}
                onChange={(e) => setCard(e.target.value)} />
            </Field>
            <Field label="Mã PIN">
              <input ref={pinField} name="pin" type="password" inputMode="numeric" autoComplete="off" value={pin}
                onChange={(e) => setPin(e.target.value)} />
            </Field>
            <div className="row">
              <button type="submit" className="primary" disabled={busy}>{locked ? 'Mở khóa' : 'Đăng nhập'}</button>
            </div>
          </form>
        )}

        {way === 'password' && (
          <form noValidate onSubmit={signInWithPassword} aria-label="Đăng nhập bằng mật khẩu">
            {locked ? null : passwordAccounts.length > 1 ? (
              <Field label="Tài khoản">
                <select value={accountId} onChange={(e) => setAccountId(e.target.value ? Number(e.target.value) : '')}>
                  <option value="">— chọn —</option>
                  {passwordAccounts.map((a) => <option key={a.id} value={a.id}>{a.name} ({a.roleLabel})</option>)}
                </select>
              </Field>
            ) : passwordAccounts[0] && <p>Tài khoản: <strong>{passwordAccounts[0].name}</strong> ({passwordAccounts[0].roleLabel})</p>}
            <Field label="Mật khẩu">
              <input ref={passwordField} name="password" type="password" autoComplete="current-password" value={password}
                onChange={(e) => setPassword(e.target.value)} />
            </Field>
            <div className="row">
              <button type="submit" className="primary" disabled={busy}>{locked ? 'Mở khóa' : 'Đăng nhập'}</button>
            </div>
          </form>
        )}

        {way === 'recover' && <RecoverPanel onDone={done} onCancel={() => setWay('password')} />}

        <div className="sign-in-links">
          {way !== 'card' && (!locked || locked.card) && (
            <button type="button" className="link-button" onClick={() => { setWay('card'); setError(null); }}>Dùng thẻ và mã PIN</button>
          )}
          {way === 'card' && (locked ? lockedPassword : passwordAccounts.length > 0) && (
            <button type="button" className="link-button" onClick={() => { setWay('password'); setError(null); }}>
              {locked ? 'Dùng mật khẩu' : 'Thủ thư: đăng nhập bằng mật khẩu'}
            </button>
          )}
          {way === 'password' && !locked && (
            <button type="button" className="link-button" onClick={() => { setWay('recover'); setError(null); }}>Quên mật khẩu</button>
          )}
          {locked && <button type="button" onClick={() => onSwitchUser?.()}>Đổi người</button>}
          {!locked && openStraightIn && onOpenStraightIn && (
            <button type="button" onClick={onOpenStraightIn} title="Máy này được đặt mở thẳng vào tài khoản Thủ thư (Cài đặt → Tài khoản)">Vào tài khoản Thủ thư</button>
          )}
        </div>
      </div>
    </main>
  );
}
