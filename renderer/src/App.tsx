import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AccountView, BackupStatus, MethodOutput, UnionStatus } from '@shared/contract';
import { formatDateTime } from '@shared/dates';
import { formatLibraryCounts } from '@shared/numbers';
import { call, currentSession, onAccessDenied, onEvent, onSignInRequired } from './api';
import { DamageScreen } from './screens/backup/DamageScreen';
import { SetupScreen } from './screens/session/SetupScreen';
import { SignInScreen } from './screens/session/SignInScreen';
import { useIdleLock } from './idle-lock';
import { errorMessage, Notice } from './ui';
import { hashParams } from './nav';
import { ScanLookup } from './ScanLookup';
import { screens, type ScreenEntry } from './screens/registry';
import { SessionContext, sessionApi } from './session';

type Current = MethodOutput<'session.current'>;

function currentScreenId(): string {
  return hashParams()[0];
}

/** The screens this account may open, in the sidebar's order. */
function allowedScreens(account: AccountView): ScreenEntry[] {
  const held = new Set<string>(account.permissions);
  return screens.filter((s) => held.has(s.permission));
}

export function App() {
  const [hashId, setHashId] = useState(currentScreenId);
  const [school, setSchool] = useState<string>('');
  const [denied, setDenied] = useState<string | null>(null);
  const [backup, setBackup] = useState<BackupStatus | null>(null);
  const [restoredNote, setRestoredNote] = useState<string | null>(null);
  const [union, setUnion] = useState<UnionStatus | null>(null);
  const loadUnion = useCallback(() => {
    call('union.getStatus', {}).then(setUnion, () => undefined);
  }, []);
  const [current, setCurrent] = useState<Current | null>(null);
  const [sessionError, setSessionError] = useState<string | null>(null);
  /** "Đổi người" while this PC opens straight into the Thủ thư: the sign-in screen anyway. */
  const [signInWanted, setSignInWanted] = useState(false);
  const [locked, setLocked] = useState(false);
  /** A card scanned on the lock screen of another account: carried to the sign-in screen. */
  const [nextCard, setNextCard] = useState<string | undefined>(undefined);

  const loadBackup = useCallback(() => {
    call('backup.status', {}).then(setBackup, () => undefined);
  }, []);
  const loadSchool = useCallback(() => {
    call('settings.getSchool', {}).then((s) => setSchool(s.schoolName), () => undefined);
  }, []);
  const loadSession = useCallback(() => {
    call('session.current', {}).then((c) => { setCurrent(c); setSessionError(null); }, (e) => setSessionError(errorMessage(e)));
  }, []);

  useEffect(() => {
    loadBackup();
    // The schedule runs in the main process: look again every few minutes and after any backup or restore.
    const timer = window.setInterval(loadBackup, 5 * 60 * 1000);
    window.addEventListener('kesach:backup-changed', loadBackup);
    const offScheduled = onEvent('backup.changed', loadBackup);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('kesach:backup-changed', loadBackup);
      offScheduled();
    };
  }, [loadBackup]);

  useEffect(() => {
    loadUnion();
    // Pushed every hour by the main process: look again after each push (its event) or one from Cài đặt.
    window.addEventListener('kesach:union-changed', loadUnion);
    const offPushed = onEvent('union.changed', loadUnion);
    return () => {
      window.removeEventListener('kesach:union-changed', loadUnion);
      offPushed();
    };
  }, [loadUnion]);

  useEffect(() => {
    const onHash = () => {
      setHashId(currentScreenId());
      setRestoredNote(null);
    };
    window.addEventListener('hashchange', onHash);
    loadSchool();
    loadSession();
    const offDenied = onAccessDenied(setDenied);
    // A call refused with SIGN_IN_REQUIRED (the session ended, "open straight in" turned off): the sign-in screen.
    const offSignIn = onSignInRequired(() => {
      setLocked(false);
      setSignInWanted(true);
      loadSession();
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      offDenied();
      offSignIn();
    };
  }, [loadSchool, loadSession]);

  const account = signInWanted ? null : current?.account ?? null;

  const signedIn = useCallback((a: AccountView) => {
    setSignInWanted(false);
    setLocked(false);
    setNextCard(undefined);
    setCurrent((c) => (c ? { ...c, account: a, setupNeeded: false } : c));
    loadSchool();
    loadBackup();
    loadUnion();
    loadSession();
  }, [loadSchool, loadBackup, loadUnion, loadSession]);

  const switchUser = useCallback((card?: string) => {
    setLocked(false);
    setNextCard(card);
    setSignInWanted(true);
    // The screen changes at once; signOut (api.ts then forgets the session) ends it in main meanwhile.
    if (currentSession()) void call('session.signOut', {}).catch(() => undefined).finally(loadSession);
    else loadSession();
  }, [loadSession]);

  // Only a real session locks: with "open straight in" anyone reaches the Thủ thư's account without one.
  useIdleLock(!!account && !locked && currentSession() !== null, current?.idleLockMinutes ?? 0, () => setLocked(true));

  const session = useMemo(() => (account ? sessionApi(account, () => switchUser(), () => setLocked(true), loadSession) : null), [account, switchUser, loadSession]);

  if (denied) {
    return (
      <main className="access-denied">
        <div className="access-denied-box" role="alert">
          <h1>Chưa vào được Kệ Sách</h1>
          <p>{denied}</p>
        </div>
      </main>
    );
  }

  if (backup?.damage) {
    return (
      <DamageScreen status={backup} onRestored={(r) => {
        setRestoredNote(`Đã khôi phục dữ liệu từ bản sao lưu (${formatLibraryCounts(r.counts)}). Tệp hỏng vẫn được giữ trong thư mục sao lưu.`);
        loadBackup();
        // Nothing but backup.* answered while the file was damaged: who is signed in, and the school, are read now.
        loadSession();
        loadSchool();
        loadUnion();
      }} />
    );
  }

  if (!current) {
    return (
      <main className="sign-in">
        <div className="sign-in-box">{sessionError ? <Notice kind="error">{sessionError}</Notice> : <p className="muted">Đang mở Kệ Sách…</p>}</div>
      </main>
    );
  }
  // First start: nobody can sign in yet. ("Đổi người" on a PC that opens straight in shows the sign-in screen instead:
  // the Thủ thư without a password sets it in Tài khoản.)
  if (current.setupNeeded && !account && !current.openStraightIn) return <SetupScreen school={school} onSignedIn={signedIn} />;
  if (!account || !session) {
    return (
      <SignInScreen key={`sign-in-${nextCard ?? ''}`} school={school} passwordAccounts={current.passwordAccounts} initialCard={nextCard}
        openStraightIn={current.openStraightIn} onOpenStraightIn={() => { setSignInWanted(false); loadSession(); }} onSignedIn={signedIn} />
    );
  }

  const allowed = allowedScreens(account);
  const active = allowed.find((s) => s.id === hashId) ?? allowed[0];
  const Screen = active?.component;
  return (
    <SessionContext.Provider value={session}>
      {locked && (
        <SignInScreen key={`lock-${account.id}`} school={school} passwordAccounts={current.passwordAccounts} locked={account}
          onSignedIn={signedIn} onSwitchUser={switchUser} />
      )}
      <div className="app" hidden={locked}>
        <nav className="sidebar" aria-label="Chức năng">
          <div className="brand">
            <span className="brand-name">Kệ Sách</span>
            <span className="brand-school">{school}</span>
            {backup && (
              // Only who may back up is sent to Cài đặt → Sao lưu; others just read the date.
              <a href={session.has('backup.run') ? '#/cai-dat' : undefined} className={`backup-status${backup.stale || backup.secondFolderMissing ? ' backup-status-warn' : ''}`} data-testid="backup-status"
                title={backup.stale ? `${backup.lastGood ? 'Đã hơn 3 ngày chưa có bản sao lưu được kiểm tra' : 'Chưa có bản sao lưu nào được kiểm tra'}. Vào Cài đặt → Sao lưu & khôi phục.` : 'Cài đặt → Sao lưu & khôi phục'}>
                {backup.lastGood ? `Sao lưu gần nhất: ${formatDateTime(backup.lastGood.at)}` : 'Chưa có bản sao lưu nào được kiểm tra'}
                {backup.stale && backup.lastGood && <span className="backup-warning" role="alert"> — đã hơn 3 ngày chưa sao lưu!</span>}
                {!backup.stale && backup.secondFolderMissing && <span className="backup-warning" role="alert"> — không thấy thư mục sao lưu thứ hai</span>}
              </a>
            )}
            {union?.configured && (
              <a href={session.has('settings.edit') ? '#/cai-dat' : undefined} className={`backup-status${union.lastError ? ' backup-status-warn' : ''}`} data-testid="union-status-bar"
                title={union.lastError ? `Lần đồng bộ gần nhất không thành công: ${union.lastError}` : 'Cài đặt → Liên thông'}>
                {union.lastSuccessAt ? `Liên thông: đồng bộ lúc ${formatDateTime(union.lastSuccessAt)}` : 'Liên thông: chưa đồng bộ lần nào'}
                {union.lastError && <span className="backup-warning"> — lần gần nhất lỗi</span>}
              </a>
            )}
          </div>
          <div className="who" aria-label="Người đang dùng">
            <span className="who-name" data-testid="signed-in-as">{account.name}</span>
            <span className="who-role">{account.roleLabel}</span>
            <div className="who-actions">
              <button type="button" onClick={() => switchUser()} title="Đăng xuất và để người khác đăng nhập">Đổi người</button>
              {currentSession() && <button type="button" onClick={() => setLocked(true)}>Khóa màn hình</button>}
            </div>
          </div>
          <ul>
            {allowed.map((s) => (
              <li key={s.id}>
                <a href={`#/${s.id}`} className={s.id === active?.id ? 'active' : ''} aria-current={s.id === active?.id ? 'page' : undefined}>
                  <span className="nav-icon" aria-hidden>{s.icon}</span>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content">
          {restoredNote && <Notice kind="success">{restoredNote}</Notice>}
          {Screen ? <Screen /> : <Notice kind="info">Tài khoản này không mở được màn hình nào. Hãy nhờ Thủ thư kiểm tra vai trò của tài khoản.</Notice>}
        </main>
        {!locked && <ScanLookup />}
      </div>
    </SessionContext.Provider>
  );
}
