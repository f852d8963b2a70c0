import { useState } from 'react';

/**
 * The recovery code, shown once (first start, or after using the previous one): a school has no e-mail
 * reset, so the Thủ thư prints it or writes it down and keeps it apart from the computer. Going on
 * needs her to tick that she did.
 */
export function RecoveryCodeSheet({ code, name, school, onContinue }: { code: string; name: string; school: string; onContinue: () => void }) {
  const [kept, setKept] = useState(false);
  return (
    <section className="recovery" aria-label="Mã khôi phục">
      <div className="recovery-sheet">
        <h2>Mã khôi phục mật khẩu Kệ Sách</h2>
        {school && <p>{school}</p>}
        <p>Tài khoản Thủ thư: <strong>{name}</strong></p>
        <p className="recovery-code" data-testid="recovery-code">{code}</p>
        <p>Khi quên mật khẩu: ở màn hình đăng nhập, bấm "Quên mật khẩu" và gõ mã này. Mã chỉ dùng được một lần; Kệ Sách
          cấp mã mới ngay sau đó. Cất tờ này ở nơi an toàn, không để cạnh máy tính.</p>
      </div>
      <p className="muted no-print">Kệ Sách không lưu mã này ở dạng đọc được: đây là lần duy nhất mã hiện ra.</p>
      <div className="row no-print">
        <button type="button" onClick={() => window.print()}>In mã khôi phục</button>
      </div>
      <label className="check no-print">
        <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} />
        Tôi đã in hoặc chép lại mã khôi phục và cất ở nơi an toàn.
      </label>
      <div className="row no-print">
        <button type="button" className="primary" disabled={!kept} onClick={onContinue}>Vào Kệ Sách</button>
      </div>
    </section>
  );
}
