import { formatLibraryCounts } from '@shared/numbers';
import type { BackupStatus, RestoreResult } from '@shared/contract';
import { formatDateTime } from '@shared/dates';
import { call } from '../../api';
import { Notice, useLoad } from '../../ui';
import { BackupList, ManifestWarnings } from './BackupList';
import { RestoreFromFile } from './RestoreFromFile';

/** Shown instead of every screen when the database failed its check at open. */
export function DamageScreen({ status, onRestored }: { status: BackupStatus; onRestored: (r: RestoreResult) => void }) {
  const damage = status.damage!;
  const list = useLoad(() => call('backup.list', {}));
  return (
    <main className="access-denied">
      <div className="access-denied-box" role="alert" aria-label="Dữ liệu bị hỏng">
        <h1>Tệp dữ liệu bị hỏng</h1>
        <p>Kệ Sách phát hiện tệp dữ liệu bị hỏng khi mở: {damage.problem}.</p>
        <p>Để không làm hỏng thêm, Kệ Sách không ghi gì vào tệp này. {damage.keptAs ? <>Một bản của tệp hỏng được giữ lại tại <code>{damage.keptAs}</code>.</> : null}</p>
        {damage.newest
          ? <p>Bản sao lưu tốt gần nhất: <strong>{formatDateTime(damage.newest.at)}</strong>{damage.newest.counts ? ` (${formatLibraryCounts(damage.newest.counts)})` : ''}. Hãy khôi phục từ bản này (hoặc một bản khác trong danh sách).</p>
          : <p>Chưa có bản sao lưu nào được kiểm tra trong <code>{status.folder}</code>. Nếu có bản sao lưu ở USB hoặc máy khác, hãy bấm "Chọn tệp sao lưu…" bên dưới.</p>}
        <ManifestWarnings warnings={status.warnings} />
        <Notice kind="error">{list.error}</Notice>
        {list.data && list.data.length > 0 && <BackupList items={list.data} current={null} onRestored={onRestored} />}
        <h3>Khôi phục từ một tệp khác</h3>
        <RestoreFromFile current={null} onRestored={onRestored} />
      </div>
    </main>
  );
}
