import { useState } from 'react';
import type { LibraryCounts, RestoreResult, UploadedBackup } from '@shared/contract';
import { formatBytes } from '@shared/numbers';
import { call } from '../../api';
import { FilePicker } from '../../FilePicker';
import { errorMessage, Notice } from '../../ui';
import { uploadFile } from '../../upload';
import { announceBackupChange, RestoreConfirm } from './BackupList';

/**
 * "Chọn tệp sao lưu…": a backup that is not in the list (a USB stick, another computer). The file is
 * sent to main in pieces, goes through the restore's own checks (backup.checkUpload: a file that is
 * not a whole Kệ Sách database is refused and nothing changes), is described in the same confirmation
 * as a listed backup, and only its button restores (backup.restoreUpload).
 */
export function RestoreFromFile({ current, onRestored }: {
  /** The library now (null when the database is damaged). */
  current: LibraryCounts | null;
  onRestored: (r: RestoreResult) => void;
}) {
  const [progress, setProgress] = useState<string | null>(null);
  const [checked, setChecked] = useState<(UploadedBackup & { uploadId: string }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = async (files: File[]) => {
    const file = files[0];
    if (!file) return;
    setChecked(null);
    setError(null);
    setBusy(true);
    try {
      const uploadId = await uploadFile('backup', file, (sent, total) => setProgress(`Đang đọc tệp ${file.name}: ${Math.floor((sent / total) * 100)} %`));
      setProgress(`Đang kiểm tra tệp ${file.name}…`);
      setChecked({ ...(await call('backup.checkUpload', { uploadId })), uploadId });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
      setBusy(false);
    }
  };

  const restore = async (uploadId: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('backup.restoreUpload', { uploadId });
      setChecked(null);
      announceBackupChange();
      onRestored(r);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="restore-from-file">
      <p className="muted">Bản sao lưu không có trong danh sách (trên USB, ở máy khác): chọn tệp, Kệ Sách kiểm tra tệp trước rồi mới hỏi có khôi phục không.</p>
      <FilePicker label="Chọn tệp sao lưu…" aria-label="Tệp sao lưu" onFiles={(f) => void (busy ? undefined : choose(f))} />
      {progress && <p role="status">{progress}</p>}
      <Notice kind="error">{error}</Notice>
      {checked && (
        <RestoreConfirm
          title={<>Khôi phục từ tệp {checked.fileName} ({formatBytes(checked.bytes)})?</>}
          current={current}
          counts={checked.counts}
          after={<>Mọi thay đổi không có trong tệp này sẽ không còn trong dữ liệu đang dùng.{checked.pending ? ' Tệp được tạo bởi phiên bản Kệ Sách cũ hơn: sau khi khôi phục sẽ được nâng cấp.' : ''}</>}
          busy={busy}
          confirmLabel="Thay dữ liệu bằng tệp này"
          onConfirm={() => void restore(checked.uploadId)}
          onCancel={() => setChecked(null)}
        />
      )}
    </div>
  );
}
