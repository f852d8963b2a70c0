import { useState, type MouseEvent } from 'react';
import { call, fileLink, fileUrl, isElectron } from './api';
import { errorMessage } from './ui';

/**
 * Opens a generated file: the system viewer in the desktop app, a new tab in browser mode. The tab is opened at
 * once (while the click still allows it), then sent to the file's short-lived link, never an address with `?token=…`.
 */
export async function openGenerated(fileName: string): Promise<void> {
  if (isElectron) {
    await call('files.open', { fileName });
    return;
  }
  const tab = window.open('', '_blank');
  if (tab) tab.opener = null;
  try {
    const url = await fileLink(fileName);
    if (tab) tab.location.href = url;
    else window.open(url, '_blank', 'noopener');
  } catch (e) {
    tab?.close();
    throw e;
  }
}

/** Saves a generated file under its own name through its short-lived link (the downloads list keeps no token either). */
async function downloadGenerated(fileName: string): Promise<void> {
  const a = document.createElement('a');
  a.href = await fileLink(fileName, true);
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
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
          {/* The href stays the server's address (a script or a test can fetch it); a click opens the short-lived link. */}
          <a href={fileUrl(file.fileName)} target="_blank" rel="noreferrer" data-testid="file-link"
            onClick={(e: MouseEvent) => { e.preventDefault(); void run(() => openGenerated(file.fileName)); }}>Mở tệp</a>
          <a href={fileUrl(file.fileName, true)} download={file.fileName}
            onClick={(e: MouseEvent) => { e.preventDefault(); void run(() => downloadGenerated(file.fileName)); }}>Tải về</a>
        </>
      )}
      {saved && <span className="muted">Đã lưu: {saved}</span>}
      {error && <span className="field-message">{error}</span>}
    </span>
  );
}
