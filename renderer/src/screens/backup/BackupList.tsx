import { useState, type ReactNode } from 'react';
import type { BackupListItem, LibraryCounts, RestoreResult } from '@shared/contract';
import { backupKindLabels } from '@shared/contract/enums';
import { formatDateTime } from '@shared/dates';
import { formatBytes, formatLibraryCounts } from '@shared/numbers';
import { call } from '../../api';
import { useSession } from '../../session';
import { errorMessage, formatNumber, Notice } from '../../ui';

/** Tells the status bar (App) that backups changed. */
export function announceBackupChange(): void {
  window.dispatchEvent(new Event('kesach:backup-changed'));
}

/**
 * The verified backups with their counts; "Khôi phục…" opens a confirmation that says what will be
 * replaced, and only its button restores.
 */
export function BackupList({ items, current, onRestored }: {
  items: BackupListItem[];
  /** The library now (null when the database is damaged). */
  current: LibraryCounts | null;
  onRestored: (r: RestoreResult) => void;
}) {
  const { can } = useSession();
  const [confirming, setConfirming] = useState<BackupListItem | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const restore = async (b: BackupListItem) => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('backup.restore', { file: b.file });
      setConfirming(null);
      announceBackupChange();
      onRestored(r);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!items.length) return <p className="muted">Chưa có bản sao lưu nào được kiểm tra.</p>;
  return (
    <>
      <Notice kind="error">{error}</Notice>
      {confirming && (
        <RestoreConfirm
          title={<>Khôi phục bản sao lưu lúc {formatDateTime(confirming.at, { seconds: true })}?</>}
          current={current}
          counts={confirming.counts}
          after={<>Mọi thay đổi sau {formatDateTime(confirming.at, { seconds: true })} sẽ không còn trong dữ liệu đang dùng.</>}
          busy={busy}
          confirmLabel="Thay dữ liệu bằng bản sao lưu này"
          onConfirm={() => void restore(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
      <table className="data" aria-label="Các bản sao lưu">
        <thead>
          <tr>
            <th>Thời điểm</th><th>Loại</th><th className="num">Dung lượng</th><th className="num">Đầu sách</th><th className="num">Bản sách</th>
            <th className="num">Bạn đọc</th><th className="num">Lượt mượn</th><th />
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.file}>
              <td>{formatDateTime(b.at, { seconds: true })}</td>
              <td>{backupKindLabels[b.kind]}</td>
              <td className="num">{formatBytes(b.bytes)}</td>
              <td className="num">{b.counts ? formatNumber(b.counts.titles) : ''}</td>
              <td className="num">{b.counts ? formatNumber(b.counts.copies) : ''}</td>
              <td className="num">{b.counts ? formatNumber(b.counts.readers) : ''}</td>
              <td className="num">{b.counts ? formatNumber(b.counts.loans) : ''}</td>
              <td>{can('backup.restore') && <button type="button" disabled={busy} onClick={() => setConfirming(b)}>Khôi phục…</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** "Xác nhận khôi phục": what will be replaced by what; only its button restores. */
export function RestoreConfirm({ title, current, counts, after, busy, confirmLabel, onConfirm, onCancel }: {
  title: ReactNode;
  /** The library now (null when the database is damaged). */
  current: LibraryCounts | null;
  /** What the backup holds. */
  counts: LibraryCounts | null;
  /** What will no longer be there. */
  after: ReactNode;
  busy: boolean;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="notice notice-warning" role="alertdialog" aria-label="Xác nhận khôi phục">
      <p><strong>{title}</strong></p>
      <p>
        {current
          ? <>Dữ liệu đang dùng ({formatLibraryCounts(current)}) sẽ được thay bằng dữ liệu của bản sao lưu này</>
          : <>Tệp dữ liệu bị hỏng sẽ được thay bằng dữ liệu của bản sao lưu này</>}
        {counts ? <> ({formatLibraryCounts(counts)})</> : null}.
        {' '}{after}
      </p>
      <p>{current ? 'Trước khi thay, dữ liệu đang dùng được sao lưu vào thư mục sao lưu (loại "Trước khi khôi phục"), nên có thể khôi phục lại.' : 'Tệp hỏng đã được giữ lại trong thư mục sao lưu, không bị xóa.'}</p>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
          {busy ? 'Đang khôi phục…' : confirmLabel}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>Hủy</button>
      </div>
    </div>
  );
}

/** Entries of the backups' manifest that are ignored (not one of our file names, or a changed file), as the status reports them. */
export function ManifestWarnings({ warnings }: { warnings: string[] }) {
  if (!warnings.length) return null;
  return (
    <div className="notice notice-warning" role="status" aria-label="Cảnh báo về sổ sao lưu">
      {warnings.map((w) => <p key={w}>{w}</p>)}
    </div>
  );
}
