import { useState } from 'react';
import { call, fileUrl, isElectron } from './api';
import { errorMessage } from './ui';

/** Opens a generated file: the system viewer in the desktop app, a new tab in browser mode. */
export async function openGenerated(fileName: string): Promise<void> {
  if (isElectron) await call('files.open', { fileName });
  else window.open(fileUrl(fileName), '_blank', 'noopener');
}

/**
 * What a librarian can do with a generated PDF or spreadsheet: open it, print it (desktop app) and
 * save a copy where they choose; in browser mode open it in a tab or download it.
 */
export function FileActions({ file }: { file: { fileName: string; pages?: number } }) {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const isPdf = file.fileName.toLowerCase().endsWith('.pdf');
  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <span className="file-actions">
      <span className="muted">{file.fileName}{file.pages ? ` · ${file.pages} trang` : ''}</span>
      {isElectron ? (
        <>
          <button type="button" onClick={() => run(() => call('files.open', { fileName: file.fileName }).then(() => undefined))}>Mở</button>
          {isPdf && <button type="button" onClick={() => run(() => call('files.print', { fileName: file.fileName }).then(() => undefined))}>In…</button>}
          <button type="button" onClick={() => run(async () => setSaved((await call('files.saveAs', { fileName: file.fileName })).path))}>Lưu thành…</button>
        </>
      ) : (
        <>
          <a href={fileUrl(file.fileName)} target="_blank" rel="noreferrer" data-testid="file-link">Mở tệp</a>
          <a href={fileUrl(file.fileName, true)} download={file.fileName}>Tải về</a>
        </>
      )}
      {saved && <span className="muted">Đã lưu: {saved}</span>}
      {error && <span className="field-message">{error}</span>}
    </span>
  );
}
