import { useState } from 'react';
import type { MethodOutput } from '@shared/contract';
import { call } from '../../api';
import { FileActions } from '../../FileActions';
import { ProgressBar, useJob } from '../../jobs';
import { errorMessage, formatNumber, Notice } from '../../ui';

/**
 * "Xuất toàn bộ dữ liệu": every table as CSV in one zip (TT 16: the data belongs to the school and
 * leaves with it). Runs on the worker thread; the file lands in the exports folder.
 */
export function ExportAllPanel() {
  const job = useJob();
  const [done, setDone] = useState<MethodOutput<'archive.exportAll'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    setDone(null);
    try {
      setDone(await job.run((jobId) => call('archive.exportAll', { jobId })));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section className="panel" aria-label="Xuất toàn bộ dữ liệu">
      <h2>Xuất toàn bộ dữ liệu</h2>
      <p className="muted">
        Mọi bảng dữ liệu (sách, bản sách, bạn đọc, lượt mượn, sổ sách, nhật ký…) thành các tệp CSV mở được bằng Excel, gói trong một tệp .zip
        kèm tệp README.txt giải thích từng cột. Dùng để lưu trữ, nộp báo cáo hoặc chuyển sang phần mềm khác.
      </p>
      <button type="button" onClick={() => void run()} disabled={job.running}>Xuất toàn bộ dữ liệu</button>
      <ProgressBar progress={job.progress} />
      {error && <Notice kind="error">{error}</Notice>}
      {done && (
        <Notice kind="success">
          Đã xuất {formatNumber(done.tables)} bảng, {formatNumber(done.rows)} dòng.{' '}
          <FileActions file={done} />
        </Notice>
      )}
    </section>
  );
}
