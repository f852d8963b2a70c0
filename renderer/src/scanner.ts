import { useEffect, useRef } from 'react';
import { DEFAULT_SCAN_THRESHOLDS, ScanDetector } from '@shared/scanner';
import { isElectron, onEvent } from './api';
import { routeScan, valueAfterScan } from './scan-route';

/**
 * Keyboard-wedge scanner in the renderer. A capture-phase listener classifies key bursts with the
 * shared ScanDetector wherever focus is. When a burst turns out to be a scan, the characters that
 * reached a focused field are taken back out and the Enter is swallowed, so a scan never submits
 * another form. In Electron the main process classifies too (before-input-event) and is the source
 * of scan events; here we only clean up the field. Where the code then goes is decided in deliver().
 */
type ScanListener = (code: string) => void;
const listeners = new Set<ScanListener>();
let fallback: ScanListener | null = null;
let installed = false;

/** Routes a scan (see scan-route.ts): a field that takes codes, else the screen in front, else the read-only look-up. */
function deliver(code: string): void {
  const el = focusedEditable();
  const route = routeScan(el ? { scanTarget: el.dataset.scanTarget, readOnly: el.readOnly, disabled: el.disabled } : null, listeners.size > 0);
  if (route.to === 'field' && el) {
    const value = valueAfterScan(el.value, code, route.mode);
    restoreValue(el, value, value.length);
  } else if (route.to === 'screen') {
    [...listeners].pop()!(code);
  } else {
    fallback?.(code);
  }
}

type Editable = HTMLInputElement | HTMLTextAreaElement;
function focusedEditable(): Editable | null {
  const el = document.activeElement;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
}

/** Sets a React-controlled input's value so React sees the change, and puts the caret back. */
function restoreValue(el: Editable, value: string, caret: number | null): void {
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  if (caret !== null) {
    try {
      el.setSelectionRange(caret, caret);
    } catch {
      // Input types without a selection (e.g. number) keep the browser's caret.
    }
  }
}

function caretOf(el: Editable): number | null {
  try {
    return el.selectionStart;
  } catch {
    return null;
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const detector = new ScanDetector(DEFAULT_SCAN_THRESHOLDS);
  let snapshot: { el: Editable; value: string; caret: number | null } | null = null;
  const undoLeak = () => {
    if (snapshot && snapshot.el.isConnected && snapshot.el.value !== snapshot.value) restoreValue(snapshot.el, snapshot.value, snapshot.caret);
    snapshot = null;
  };

  window.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
    const result = detector.push(e.key, e.timeStamp);
    if (result.kind === 'pending' && detector.bufferedLength === 1 && e.key.length === 1) {
      const el = focusedEditable();
      snapshot = el ? { el, value: el.value, caret: caretOf(el) } : null;
    }
    if (result.kind === 'scan' || result.kind === 'duplicate') {
      e.preventDefault();
      e.stopImmediatePropagation();
      undoLeak();
      if (result.kind === 'scan' && !isElectron) deliver(result.code);
    } else if (result.kind === 'none') {
      snapshot = null;
    }
  }, true);

  if (isElectron) {
    onEvent('scanner.scan', ({ code }) => {
      undoLeak();
      detector.reset();
      deliver(code);
    });
  }
}

// Listen from the start (App imports this module through ScanLookup), so a scan on a screen that takes
// none is looked up instead of typing into whatever field has focus.
if (typeof window !== 'undefined') install();

/** Subscribes the current screen to scans. The handler may change between renders. */
export function useScanner(handler: ScanListener): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    install();
    const listener: ScanListener = (code) => ref.current(code);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}

/** The read-only look-up for scans nobody else takes (one, mounted by App). */
export function useScanFallback(handler: ScanListener): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    install();
    const listener: ScanListener = (code) => ref.current(code);
    fallback = listener;
    return () => {
      if (fallback === listener) fallback = null;
    };
  }, []);
}
