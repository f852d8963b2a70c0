import { useState } from 'react';
import type { MethodOutput } from '@shared/contract';
import { ApiError, call } from '../../api';
import { FilePicker, readFileBase64 } from '../../FilePicker';
import { errorMessage, formatNumber, Notice } from '../../ui';

type MarcResult = MethodOutput<'catalogue.importMarc'>;

const MATCH_LABELS: Record<MarcResult['preview'][number]['match'], string> = {
  new: 'Đầu sách mới', isbn: 'Đã có (trùng ISBN)', title: 'Đã có (trùng nhan đề, tác giả, năm)',
};

/** "8 bản mới (giữ 5 số ĐKCB, cấp mới 3 số), 1 bản mất" — what a preview or an import adds. */
function copiesText(r: { copies: number; keptCodes?: number; kept?: number; newCodes?: number; numbered?: number; lost: number; already: number }): string {
  const kept = r.keptCodes ?? r.kept ?? 0;
  const numbered = r.newCodes ?? r.numbered ?? 0;
  const parts = [`${formatNumber(r.copies)} bản mới`];
  if (r.copies) parts[0] += ` (giữ ${formatNumber(kept)} số ĐKCB, cấp mới ${formatNumber(numbered)} số)`;
  if (r.lost) parts.push(`${formatNumber(r.lost)} bản được ghi là mất`);
  if (r.already) parts.push(`${formatNumber(r.already)} bản đã có trong kho`);
  return parts.join(', ');
}

/**
 * Nhập MARC 21 (.mrc ISO 2709 or .xml MARCXML, from Kệ Sách, Koha, SLiMS, Libol): the file is checked and
 * previewed first (nothing stored), then imported whole or not at all, like the catalogue's Excel import.
 */
export function MarcImportPanel({ onDone }: { onDone: () => void }) {
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<MarcResult | null>(null);
  const [errors, setErrors] = useState<{ row: number; message: string }[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean, f = file) => {
    if (!f) return;
    setBusy(true);
    setErrors([]);
    setMessage({ kind: 'info', text: dryRun ? 'Đang đọc và kiểm tra tệp…' : 'Đang nhập vào danh mục…' });
    try {
      const r = await call('catalogue.importMarc', { file: f, dryRun });
      setPreview(r);
      const what = `${formatNumber(r.records)} bản ghi: ${formatNumber(r.titles)} đầu sách mới, ${formatNumber(r.matched)} đầu sách đã có; ${copiesText(r)}`
        + `${r.withdrawnSkipped ? `; bỏ qua ${formatNumber(r.withdrawnSkipped)} bản đã thanh lọc ở thư viện cũ` : ''}.`;
      setMessage(dryRun
        ? { kind: 'info', text: `Tệp hợp lệ, ${what} Kiểm tra rồi bấm "Nhập vào danh mục".` }
        : { kind: 'success', text: `Đã nhập ${what}${r.batch ? ` Phiếu nhập số ${r.batch.registerNumber}: ${r.batch.codeRanges}.` : ''}` });
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { summary?: string; errors?: { row: number; message: string }[] } | undefined) : undefined;
      setMessage({ kind: 'error', text: details?.errors?.length && details.summary ? details.summary : errorMessage(e) });
      setErrors(details?.errors ?? []);
      setPreview(null);
    } finally {
      setBusy(false);
    }
  };

  const pick = async (f: File | undefined) => {
    if (!f) return;
    const next = { fileName: f.name, contentBase64: await readFileBase64(f) };
    setFile(next);
    setPreview(null);
    await run(true, next);
  };

  return (
    <section className="panel" aria-label="Nhập MARC 21">
      <div className="row">
        <h2>Nhập biên mục MARC 21 (.mrc hoặc .xml)</h2>
        <button type="button" onClick={onDone} aria-label="Đóng nhập MARC 21">Đóng</button>
      </div>
      <p className="muted">Tệp MARC 21 mã UTF-8 xuất từ Kệ Sách, Koha, SLiMS, Libol: ISO 2709 (.mrc) hoặc MARCXML (.xml). Đầu sách đã có (trùng ISBN,
        hoặc trùng nhan đề, tác giả, năm) được giữ nguyên và nhận thêm bản sách. Mã vạch có dạng số ĐKCB của loại sách thì giữ làm số ĐKCB; mã vạch
        khác được giữ làm mã vạch và bản sách được cấp số ĐKCB mới. Có một bản ghi lỗi thì không nhập bản ghi nào.</p>
      <FilePicker accept=".mrc,.xml,.iso,.marc" aria-label="Chọn tệp MARC 21" onFiles={(f) => void pick(f[0])} />
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {errors.length > 0 && (
        <ul className="import-errors" aria-label="Bản ghi lỗi">{errors.slice(0, 100).map((e) => <li key={e.row}>{e.message}</li>)}</ul>
      )}
      {preview && (
        <>
          <div className="row">
            <button type="button" className="primary" onClick={() => void run(false)} disabled={busy || !preview.dryRun}>Nhập vào danh mục</button>
          </div>
          <table className="data" aria-label="Xem trước bản ghi MARC">
            <thead>
              <tr><th className="num">Bản ghi</th><th>Nhan đề</th><th>Tác giả</th><th>ISBN</th><th>Loại</th><th>Đầu sách</th>
                <th className="num">Bản mới</th><th className="num">Giữ số ĐKCB</th><th className="num">Cấp số mới</th><th className="num">Đã có</th></tr>
            </thead>
            <tbody>
              {preview.preview.map((r) => (
                <tr key={r.record}>
                  <td className="num">{r.record}</td><td>{r.title}</td><td>{r.authors}</td><td>{r.isbn}</td><td>{r.series}</td>
                  <td>{MATCH_LABELS[r.match]}{r.matchedTitle && r.matchedTitle !== r.title ? `: ${r.matchedTitle}` : ''}</td>
                  <td className="num">{formatNumber(r.copies)}{r.lost ? ` (${formatNumber(r.lost)} mất)` : ''}</td>
                  <td className="num">{formatNumber(r.kept)}</td><td className="num">{formatNumber(r.numbered)}</td><td className="num">{formatNumber(r.already)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.records > preview.preview.length && (
            <p className="muted">Đang hiện {formatNumber(preview.preview.length)} / {formatNumber(preview.records)} bản ghi.</p>
          )}
        </>
      )}
    </section>
  );
}
