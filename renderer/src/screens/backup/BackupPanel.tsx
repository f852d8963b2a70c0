import { formatLibraryCounts } from '@shared/numbers';
import { useEffect, useState, type FormEvent } from 'react';
import type { BackupSettings, RestoreResult } from '@shared/contract';
import { formatDateTime } from '@shared/dates';
import { call } from '../../api';
import { useSession } from '../../session';
import { errorMessage, Field, Notice, useLoad } from '../../ui';
import { announceBackupChange, BackupList, ManifestWarnings } from './BackupList';
import { RestoreFromFile } from './RestoreFromFile';

/** Cài đặt → "Sao lưu & khôi phục": status, "Sao lưu ngay", the list with restore, rotation and the second folder. */
export function BackupPanel() {
  const { can } = useSession();
  const list = useLoad(() => call('backup.list', {}));
  // Read again once the list is in: the list checks every file, so the status then reports every changed one.
  const status = useLoad(() => call('backup.status', {}), [list.data]);
  const settings = useLoad(() => call('backup.getSettings', {}));
  const [form, setForm] = useState<BackupSettings | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    if (settings.data) setForm(settings.data);
  }, [settings.data]);

  const reload = async () => {
    await Promise.all([status.reload(), list.reload()]);
  };

  const runNow = async () => {
    setRunning(true);
    setMessage(null);
    try {
      const e = await call('backup.run', {});
      setMessage({
        kind: 'success',
        text: `Đã sao lưu và kiểm tra (${e.counts ? formatLibraryCounts(e.counts) : ''}).${e.secondCopy === 'missing' ? ' Không thấy thư mục thứ hai: chưa chép sang được.' : ''}`,
      });
      announceBackupChange();
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setRunning(false);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    try {
      setForm(await call('backup.saveSettings', form));
      setMessage({ kind: 'success', text: 'Đã lưu cài đặt sao lưu.' });
      announceBackupChange();
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  const restored = async (r: RestoreResult) => {
    setMessage({ kind: 'success', text: `Đã khôi phục: ${formatLibraryCounts(r.counts)}. Dữ liệu trước đó được giữ trong thư mục sao lưu.` });
    await reload();
  };

  const num = (k: 'daily' | 'weekly' | 'monthly') => (e: { target: { value: string } }) =>
    form && setForm({ ...form, [k]: Number(e.target.value.replace(/\D/g, '')) || 0 });

  const s = status.data;
  return (
    <section className="panel" aria-label="Sao lưu & khôi phục">
      <h2>Sao lưu &amp; khôi phục</h2>
      <Notice kind={message?.kind ?? 'info'}>{message?.text}</Notice>
      <Notice kind="error">{status.error ?? list.error}</Notice>
      {s && (
        <>
          <p>
            {s.lastGood ? <>Bản sao lưu gần nhất: <strong>{formatDateTime(s.lastGood.at)}</strong> (đã kiểm tra).</> : <>Chưa có bản sao lưu nào được kiểm tra.</>}
            {' '}Kệ Sách tự sao lưu khi mở (nếu bản gần nhất đã quá một ngày), cứ 4 giờ một lần khi đang mở, và khi đóng.
            {' '}Chỉ các bản tự động được xoay vòng (mỗi ngày giữ bản mới nhất); bản "Sao lưu ngay", bản trước khi khôi phục và trước khi nâng cấp được giữ lại.
          </p>
          <p className="muted">Thư mục sao lưu: <code>{s.folder}</code></p>
          {s.secondFolder && <p className="muted">Bản sao ở thư mục thứ hai được chép vào thư mục con <code>KeSach-saoluu</code> của nó (Kệ Sách chỉ ghi và xóa trong thư mục con này).</p>}
          {s.secondFolderMissing && <Notice kind="warning">Không thấy thư mục sao lưu thứ hai <code>{s.secondFolder}</code> (USB chưa cắm hoặc ổ mạng chưa kết nối): các bản sao lưu mới chưa được chép sang đó.</Notice>}
          <ManifestWarnings warnings={s.warnings} />
        </>
      )}
      <div className="row">
        <button type="button" className="primary" disabled={running} onClick={() => void runNow()}>{running ? 'Đang sao lưu…' : 'Sao lưu ngay'}</button>
      </div>
      <h3>Các bản sao lưu</h3>
      {list.data && <BackupList items={list.data} current={s?.current ?? null} onRestored={(r) => void restored(r)} />}
      <h3>Khôi phục từ một tệp khác</h3>
      {can('backup.restoreUpload') && <RestoreFromFile current={s?.current ?? null} onRestored={(r) => void restored(r)} />}
      {form && (
        <form noValidate onSubmit={save} aria-label="Cài đặt sao lưu" style={{ marginTop: 14 }}>
          <h3>Giữ bao nhiêu bản</h3>
          <div className="grid-3">
            <Field label="Theo ngày" hint="Bản mới nhất của mỗi ngày gần đây"><input name="daily" inputMode="numeric" value={form.daily} onChange={num('daily')} /></Field>
            <Field label="Theo tuần"><input name="weekly" inputMode="numeric" value={form.weekly} onChange={num('weekly')} /></Field>
            <Field label="Theo tháng"><input name="monthly" inputMode="numeric" value={form.monthly} onChange={num('monthly')} /></Field>
          </div>
          <Field label="Thư mục sao lưu thứ hai (USB, ổ mạng)" hint="Đường dẫn đầy đủ, ví dụ E:\SaoLuuKeSach; Kệ Sách chép vào thư mục con KeSach-saoluu trong đó. Để trống nếu không dùng.">
            <input name="secondFolder" value={form.secondFolder} onChange={(e) => setForm({ ...form, secondFolder: e.target.value })} />
          </Field>
          <div className="row"><button type="submit">Lưu cài đặt sao lưu</button></div>
        </form>
      )}
    </section>
  );
}
