import { z } from 'zod';
import { method, ok } from './define';

/** A generated file, named as in `fileResult.fileName` (inside the data folder's exports). */
const generated = z.object({ fileName: z.string().min(1).max(255) });

/**
 * Desktop actions on generated PDFs and spreadsheets. Only the Electron app can do them; in browser
 * mode they answer DESKTOP_ONLY and the renderer opens or downloads the file instead.
 */
export const filesContract = {
  /** Opens the file in the system viewer (PDF reader, Excel). */
  'files.open': method(generated, ok),
  /** Shows the PDF in a window whose print button opens the system print dialog. */
  'files.print': method(generated, ok),
  /** Asks where to save a copy; null when the user cancelled. */
  'files.saveAs': method(generated, z.object({ path: z.string().nullable() })),
};
