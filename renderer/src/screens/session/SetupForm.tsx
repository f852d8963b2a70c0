import { useState, type FormEvent } from 'react';
import type { AccountView } from '@shared/contract';
import { PASSWORD_RULE } from '@shared/accounts';
import { call } from '../../api';
import { errorMessage, Field, Notice } from '../../ui';
import { passwordProblem } from './RecoverPanel';
import { RecoveryCodeSheet } from './RecoveryCodeSheet';

/**
 * The Thủ thư's name and password (session.setUp, allowed while the Thủ thư account made by init, demo
 * or the first launch has none), then the recovery code shown once: she prints or writes it down and
 * ticks that she did before going on. On the first-start screen, and in Tài khoản for a library that
 * opened straight into her account without a password.
 */
export function SetupForm({ initialName = '', school, onDone }: { initialName?: string; school: string; onDone: (account: AccountView) => void }) {
  const [name, setName] = useState(initialName);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ recoveryCode: string; session: string; account: AccountView } | null>(null);

  if (result) {
    return <RecoveryCodeSheet code={result.recoveryCode} name={result.account.name} school={school} onContinue={() => onDone(result.account)} />;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = !name.trim() ? 'Hãy gõ họ tên của Thủ thư.' : passwordProblem(password, again);
    if (problem) { setError(problem); return; }
    setBusy(true);
    setError(null);
    try {
      // api.ts keeps the session the answer carries.
      setResult(await call('session.setUp', { name: name.trim(), password }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Đặt mật khẩu Thủ thư">
      {error && <Notice kind="error">{error}</Notice>}
      <Field label="Họ tên Thủ thư"><input name="name" autoFocus autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
      <Field label="Mật khẩu" hint={PASSWORD_RULE}><input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} /></Field>
      <Field label="Gõ lại mật khẩu"><input name="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} /></Field>
      <div className="row"><button type="submit" className="primary" disabled={busy}>Lưu mật khẩu</button></div>
    </form>
  );
}
