import type { WebContents } from 'electron';
import { DEFAULT_SCAN_THRESHOLDS, ScanDetector } from '../../shared/scanner';
import type { ServiceContext } from '../services/context';

/**
 * Electron: watches key input before the page sees it and pushes `scanner.scan` events, so a scan
 * works wherever focus is. The terminator of a recognised scan is swallowed so it cannot submit
 * a form; the renderer removes any characters of the burst that reached a focused field.
 */
export function attachScanner(contents: WebContents, ctx: ServiceContext): void {
  const detector = new ScanDetector(DEFAULT_SCAN_THRESHOLDS);
  contents.on('before-input-event', (event, input) => {
    if (input.type !== 'keyDown' || input.control || input.alt || input.meta) return;
    const result = detector.push(input.key, Date.now());
    if (result.kind === 'scan' || result.kind === 'duplicate') {
      event.preventDefault();
      if (result.kind === 'scan') ctx.emit('scanner.scan', { code: result.code, at: Date.now() });
    }
  });
}
