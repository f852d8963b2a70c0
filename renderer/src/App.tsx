import { useCallback, useEffect, useState } from 'react';
import type { BackupStatus, UnionStatus } from '@shared/contract';
import { formatDateTime } from '@shared/dates';
import { formatLibraryCounts } from '@shared/numbers';
import { call, onAccessDenied, onEvent } from './api';
import { DamageScreen } from './screens/backup/DamageScreen';
import { Notice } from './ui';
import { hashParams } from './nav';
import { ScanLookup } from './ScanLookup';
import { screens } from './screens/registry';

function currentScreenId(): string {
  const id = hashParams()[0];
  return screens.some((s) => s.id === id) ? id : screens[0].id;
}

export function App() {
  const [active, setActive] = useState(currentScreenId);
  const [school, setSchool] = useState<string>('');
  const [denied, setDenied] = useState<string | null>(null);
  const [backup, setBackup] = useState<BackupStatus | null>(null);
  const [restoredNote, setRestoredNote] = useState<string | null>(null);
  const [union, setUnion] = useState<UnionStatus | null>(null);
  const loadUnion = useCallback(() => {
    call('union.getStatus', {}).then(setUnion, () => undefined);
  }, []);
  const loadBackup = useCallback(() => {
    call('backup.status', {}).then(setBackup, () => undefined);
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
      setActive(currentScreenId());
      setRestoredNote(null);
    };
    window.addEventListener('hashchange', onHash);
    call('settings.getSchool', {}).then((s) => setSchool(s.schoolName), () => setSchool(''));
    const offDenied = onAccessDenied(setDenied);
    return () => {
      window.removeEventListener('hashchange', onHash);
      offDenied();
    };
  }, []);

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
      }} />
    );
  }

  const Screen = screens.find((s) => s.id === active)!.component;
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Chức năng">
        <div className="brand">
          <span className="brand-name">Kệ Sách</span>
          <span className="brand-school">{school}</span>
          {backup && (
            <a href="#/cai-dat" className={`backup-status${backup.stale || backup.secondFolderMissing ? ' backup-status-warn' : ''}`} data-testid="backup-status"
              title={backup.stale ? `${backup.lastGood ? 'Đã hơn 3 ngày chưa có bản sao lưu được kiểm tra' : 'Chưa có bản sao lưu nào được kiểm tra'}. Vào Cài đặt → Sao lưu & khôi phục.` : 'Cài đặt → Sao lưu & khôi phục'}>
              {backup.lastGood ? `Sao lưu gần nhất: ${formatDateTime(backup.lastGood.at)}` : 'Chưa có bản sao lưu nào được kiểm tra'}
              {backup.stale && backup.lastGood && <span className="backup-warning" role="alert"> — đã hơn 3 ngày chưa sao lưu!</span>}
              {!backup.stale && backup.secondFolderMissing && <span className="backup-warning" role="alert"> — không thấy thư mục sao lưu thứ hai</span>}
            </a>
          )}
          {union?.configured && (
            <a href="#/cai-dat" className={`backup-status${union.lastError ? ' backup-status-warn' : ''}`} data-testid="union-status-bar"
              title={union.lastError ? `Lần đồng bộ gần nhất không thành công: ${union.lastError}` : 'Cài đặt → Liên thông'}>
              {union.lastSuccessAt ? `Liên thông: đồng bộ lúc ${formatDateTime(union.lastSuccessAt)}` : 'Liên thông: chưa đồng bộ lần nào'}
              {union.lastError && <span className="backup-warning"> — lần gần nhất lỗi</span>}
            </a>
          )}
        </div>
        <ul>
          {screens.map((s) => (
            <li key={s.id}>
              <a href={`#/${s.id}`} className={s.id === active ? 'active' : ''} aria-current={s.id === active ? 'page' : undefined}>
                <span className="nav-icon" aria-hidden>{s.icon}</span>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {restoredNote && <Notice kind="success">{restoredNote}</Notice>}
        <Screen />
      </main>
      <ScanLookup />
    </div>
  );
}
