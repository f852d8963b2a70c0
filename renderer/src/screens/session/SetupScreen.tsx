import { useState, type FormEvent } from 'react';
import type { AccountView } from '@shared/contract';
import { call } from '../../api';
import { errorMessage, Field, Notice } from '../../ui';
import { passwordProblem } from './RecoverPanel';
import { PASSWORD_RULE } from '@shared/accounts';
import { RecoveryCodeSheet } from './RecoveryCodeSheet';

/**
 * First start: the Thủ thư account (made by init, demo or the first launch) has no password yet. She
 * gives her name and a password, then sees the recovery code once, prints or writes it down, and ticks
 * that she did before going in.
 */
export function SetupScreen({ school, onSignedIn }: { school: string; onSignedIn: (account: AccountView) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ recoveryCode: string; session: string; account: AccountView } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = !name.trim() ? 'Hãy gõ họ tên của Thủ thư.' : passwordProblem(password, again);
    if (problem) { setError(problem); return; }
    setBusy(true);
    setError(null);
    try {
      const r = await call('session.setUp', { name: name.trim(), password });
      setResult(r);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" aria-labelledby="setup-title">
      <div className="sign-in-box">
        <div className="sign-in-brand">Kệ Sách{school && <span className="sign-in-school">{school}</span>}</div>
        <h1 id="setup-title">Bắt đầu dùng Kệ Sách</h1>
        {result ? (
          <RecoveryCodeSheet code={result.recoveryCode} name={result.account.name} school={school} onContinue={() => onSignedIn(result.account)} />
        ) : (
          <form noValidate onSubmit={submit} aria-label="Tạo tài khoản Thủ thư">
            <p className="muted">Tài khoản Thủ thư làm được mọi việc và tạo tài khoản cho những người khác (cộng tác viên, giáo viên, ban giám hiệu, kế toán).</p>
            {error && <Notice kind="error">{error}</Notice>}
            <Field label="Họ tên Thủ thư"><input name="name" autoFocus autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
            <Field label="Mật khẩu" hint={PASSWORD_RULE}><input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} /></Field>
            <Field label="Gõ lại mật khẩu"><input name="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} /></Field>
            <div className="row"><button type="submit" className="primary" disabled={busy}>Tạo tài khoản</button></div>
          </form>
        )}
      </div>
    </main>
  );
}
