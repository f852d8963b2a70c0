/**
 * Where a scanned code goes (pure, so it is tested without a browser).
 *
 * 1. A focused field that opted in with `data-scan-target` takes the code: "append" adds it as a new
 *    line of a list, any other value replaces the field's text (a search box, the ISBN field).
 * 2. Otherwise the screen in front, if it subscribed with useScanner (the desk, Kiểm kê, Nhập/Xuất).
 * 3. Otherwise a read-only look-up: a card opens that reader at the desk, a book code shows the copy
 *    with explicit buttons. A scan never writes anything the librarian did not ask for.
 */
export type ScanTargetMode = 'replace' | 'append';
export type ScanRoute = { to: 'field'; mode: ScanTargetMode } | { to: 'screen' } | { to: 'lookup' };

export interface FocusedField {
  /** The element's data-scan-target attribute (undefined when absent). */
  scanTarget: string | undefined;
  readOnly: boolean;
  disabled: boolean;
}

export function routeScan(focused: FocusedField | null, screenTakesScans: boolean): ScanRoute {
  if (focused && focused.scanTarget !== undefined && !focused.readOnly && !focused.disabled) {
    return { to: 'field', mode: focused.scanTarget === 'append' ? 'append' : 'replace' };
  }
  return screenTakesScans ? { to: 'screen' } : { to: 'lookup' };
}

/** The field's text after the scan: the code alone, or the list with the code as its last line. */
export function valueAfterScan(current: string, code: string, mode: ScanTargetMode): string {
  if (mode === 'replace') return code;
  const kept = current.replace(/\s+$/, '');
  return kept ? `${kept}\n${code}` : code;
}
