import { useState, type FormEvent } from 'react';
import type { AuditFilter, FileResult } from '@shared/contract';
import { auditKinds, type AuditKind } from '@shared/contract/enums';
import { call } from '../../api';
import { DateField } from '../../DateField';
import { hashParams } from '../../nav';
import { FileLink, ProgressBar, useJob } from '../../jobs';
import { errorMessage, Field, Notice, Pager, ScreenHeader, useLoad } from '../../ui';

const PAGE_SIZE = 50;

/** "#/nhat-ky/tai-khoan/12" (Tài khoản → "Xem nhật ký"): the rows of that account. */
function accountInHash(): number | undefined {
  const [, key, id] = hashParams();
  return key === 'tai-khoan' && /^\d+$/.test(id ?? '') ? Number(id) : undefined;
}

/**
 * Nhật ký: every change a librarian may have to account for (overrides, lost copies, confirmed
 * vouchers, rollovers…), who made it and when. The log is append-only: nothing here edits it.
 */
export function AuditScreen() {
  const [draft, setDraft] = useState<AuditFilter>(() => ({ copy: '', reader: '', from: '', to: '', accountId: accountInHash() }));
  const [filter, setFilter] = useState<AuditFilter>(() => ({ copy: '', reader: '', accountId: accountInHash() }));
  // Everyone who reads the log filters by person (audit.people: names and roles of those in the log, no cards).
  const accounts = useLoad(() => call('audit.people', {}).then((r) => r.rows));
  const [offset, setOffset] = useState(0);
  const [file, setFile] = useState<FileResult | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const job = useJob();
  const list = useLoad(() => call('audit.list', { filter, offset, limit: PAGE_SIZE }).then((r) => ({ ...r, offset })), [filter, offset]);

  const clean = (f: AuditFilter): AuditFilter => ({ ...f, kind: f.kind || undefined, from: f.from || undefined, to: f.to || undefined });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(clean(draft));
    setOffset(0);
  };
  const reset = () => {
    setDraft({ copy: '', reader: '', from: '', to: '' });
    setFilter({ copy: '', reader: '' });
    setOffset(0);
  };
  const exportXlsx = async () => {
    setExportError(null);
    setFile(null);
    try {
      setFile(await job.run((jobId) => call('audit.exportXlsx', { filter, jobId })));
    } catch (e) {
      setExportError(errorMessage(e));
    }
  };

  return (
    <div>
      <ScreenHeader title="Nhật ký thay đổi">
        <button type="button" onClick={() => void exportXlsx()} disabled={job.running}>Xuất Excel (.xlsx)</button>
      </ScreenHeader>
      <p className="muted">Mỗi thay đổi cần giải trình (cho mượn vượt quy định, báo mất, xác nhận phiếu nhập, biên bản xuất, chuyển năm học…) được ghi lại và không sửa, không xóa được.</p>
      <form className="row" style={{ alignItems: 'flex-end', marginBottom: 12, flexWrap: 'wrap' }} onSubmit={apply} aria-label="Lọc nhật ký">
        <Field label="Số ĐKCB"><input value={draft.copy ?? ''} onChange={(e) => setDraft({ ...draft, copy: e.target.value })} data-scan-target style={{ width: 130 }} /></Field>
        <Field label="Bạn đọc (mã hoặc số thẻ)"><input value={draft.reader ?? ''} onChange={(e) => setDraft({ ...draft, reader: e.target.value })} data-scan-target style={{ width: 150 }} /></Field>
        {(accounts.data?.length ?? 0) > 0 && (
          <Field label="Người thực hiện">
            <select value={draft.accountId ?? ''} onChange={(e) => setDraft({ ...draft, accountId: e.target.value ? Number(e.target.value) : undefined })}>
              <option value="">Mọi người</option>
              {accounts.data!.map((a) => <option key={a.id} value={a.id}>{a.name} ({a.roleLabel}){a.disabled ? ' — ngừng dùng' : ''}</option>)}
            </select>
          </Field>
        )}
        <Field label="Loại thay đổi">
          <select value={draft.kind ?? ''} onChange={(e) => setDraft({ ...draft, kind: (e.target.value || undefined) as AuditKind | undefined })}>
            <option value="">Mọi loại</option>
            {(Object.keys(auditKinds) as AuditKind[]).map((k) => <option key={k} value={k}>{auditKinds[k]}</option>)}
          </select>
        </Field>
        <Field label="Từ ngày"><DateField aria-label="Từ ngày" value={draft.from ?? ''} onChange={(from) => setDraft({ ...draft, from })} /></Field>
        <Field label="Đến ngày"><DateField aria-label="Đến ngày" value={draft.to ?? ''} onChange={(to) => setDraft({ ...draft, to })} /></Field>
        <button type="submit" className="primary">Lọc</button>
        <button type="button" onClick={reset}>Bỏ lọc</button>
      </form>
      <ProgressBar progress={job.progress} />
      {exportError && <Notice kind="error">{exportError}</Notice>}
      <FileLink file={file} />
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {list.data ? <Pager total={list.data.total} offset={list.data.offset} pageSize={PAGE_SIZE} unit="thay đổi" onChange={setOffset} /> : !list.error && <p className="muted">Đang tải…</p>}
      <table className="data" aria-label="Nhật ký thay đổi">
        <thead><tr><th>Thời gian</th><th>Người thực hiện</th><th>Loại</th><th>Nội dung</th><th>Số ĐKCB</th><th>Bạn đọc</th></tr></thead>
        <tbody>
          {list.data?.rows.map((r) => (
            <tr key={r.id}>
              <td style={{ whiteSpace: 'nowrap' }}>{r.when}</td><td>{r.who}</td><td>{r.kind}</td><td>{r.what}</td>
              <td>{r.copyCode && <code>{r.copyCode}</code>}</td><td>{r.readerName}</td>
            </tr>
          ))}
          {list.data && list.data.rows.length === 0 && <tr><td colSpan={6} className="muted">Không có thay đổi nào khớp bộ lọc.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
