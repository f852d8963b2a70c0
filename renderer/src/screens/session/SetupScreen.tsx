import type { AccountView } from '@shared/contract';
import { SetupForm } from './SetupForm';

/** First start (session.current → setupNeeded, and this PC does not open straight in): the Thủ thư account first. */
export function SetupScreen({ school, onSignedIn }: { school: string; onSignedIn: (account: AccountView) => void }) {
  return (
    <main className="sign-in" aria-labelledby="setup-title">
      <div className="sign-in-box">
        <div className="sign-in-brand">Kệ Sách{school && <span className="sign-in-school">{school}</span>}</div>
        <h1 id="setup-title">Bắt đầu dùng Kệ Sách</h1>
        <p className="muted">Tài khoản Thủ thư làm được mọi việc và tạo tài khoản cho những người khác (cộng tác viên, giáo viên, ban giám hiệu, kế toán).</p>
        <SetupForm school={school} onDone={onSignedIn} />
      </div>
    </main>
  );
}
