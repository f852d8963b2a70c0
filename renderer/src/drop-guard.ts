/**
 * A file dragged onto the window must never replace the app (Chromium would open it). Outside a drop
 * zone (an element marked `data-drop-zone`, or a file input) dragover and drop are cancelled; the
 * main process also denies the navigation (main/security.ts), this keeps the page from even trying.
 */
export function isDropZone(target: EventTarget | null): boolean {
  const el = target instanceof Element ? target : null;
  if (!el) return false;
  return Boolean(el.closest('[data-drop-zone]') || (el instanceof HTMLInputElement && el.type === 'file'));
}

export function installDropGuard(doc: Document = document): () => void {
  const guard = (event: DragEvent) => {
    // A drop zone's own handler (it ran first, on the React root) has taken the event.
    if (event.defaultPrevented || isDropZone(event.target)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
  };
  doc.addEventListener('dragover', guard);
  doc.addEventListener('drop', guard);
  return () => {
    doc.removeEventListener('dragover', guard);
    doc.removeEventListener('drop', guard);
  };
}
