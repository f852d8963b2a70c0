import { useState, type FormEvent } from 'react';
import type { AccountView } from '@shared/contract';
import { call } from '../../api';
import { errorMessage, Field, Notice } from '../../ui';
import { RecoveryCodeSheet } from './RecoveryCodeSheet';
import { PASSWORD_RULE } from '@shared/accounts';

/** The password typed twice, checked alike on first start and on recovery (its length main checks); null when fine. */
export function passwordProblem(password: string, again: string): string | null {
  if (!password) return 'Hãy đặt mật khẩu.';
  if (password !== again) return 'Hai lần gõ mật khẩu không giống nhau.';
  return null;
}

/** "Quên mật khẩu": the printed recovery code and a new password; then the new code, shown once. */
export function RecoverPanel({ onDone, onCancel }: { onDone: (r: { session: string; account: AccountView }) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ recoveryCode: string; session: string; account: AccountView } | null>(null);

  if (result) {
    return <RecoveryCodeSheet code={result.recoveryCode} name={result.account.name} school="" onContinue={() => onDone(result)} />;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = !code.trim() ? 'Hãy gõ mã khôi phục đã in khi cài đặt.' : passwordProblem(password, again);
    if (problem) { setError(problem); return; }
    setBusy(true);
    setError(null);
    try {
      setResult(await call('session.recover', { recoveryCode: code.trim(), newPassword: password }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Quên mật khẩu">
      <p className="muted">Gõ mã khôi phục đã in khi cài đặt Kệ Sách, rồi đặt mật khẩu mới.</p>
      {error && <Notice kind="error">{error}</Notice>}
      <Field label="Mã khôi phục"><input name="recoveryCode" autoComplete="off" autoFocus value={code} onChange={(e) => setCode(e.target.value)} /></Field>
      <Field label="Mật khẩu mới" hint={PASSWORD_RULE}><input name="newPassword" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} /></Field>
      <Field label="Gõ lại mật khẩu mới"><input name="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} /></Field>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>Đặt mật khẩu mới</button>
        <button type="button" onClick={onCancel}>Quay lại</button>
      </div>
    </form>
  );
}
