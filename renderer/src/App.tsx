import { useEffect, useState } from 'react';
import { call, onAccessDenied } from './api';
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

  useEffect(() => {
    const onHash = () => setActive(currentScreenId());
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

  const Screen = screens.find((s) => s.id === active)!.component;
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Chức năng">
        <div className="brand">
          <span className="brand-name">Kệ Sách</span>
          <span className="brand-school">{school}</span>
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
        <Screen />
      </main>
      <ScanLookup />
    </div>
  );
}
