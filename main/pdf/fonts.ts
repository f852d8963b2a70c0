import fs from 'node:fs';
import path from 'node:path';
import { assetsDir } from '../paths';

/** Fonts with Vietnamese glyphs, embedded in every PDF (the standard PDF fonts have none). */
export const FONT_FILES = {
  serif: 'LiberationSerif-Regular.ttf',
  serifBold: 'LiberationSerif-Bold.ttf',
  serifItalic: 'LiberationSerif-Italic.ttf',
  serifBoldItalic: 'LiberationSerif-BoldItalic.ttf',
  sans: 'LiberationSans-Regular.ttf',
  sansBold: 'LiberationSans-Bold.ttf',
} as const;

export type FontName = keyof typeof FONT_FILES;

const cache = new Map<FontName, Buffer>();

export function fontBuffer(name: FontName): Buffer {
  let buf = cache.get(name);
  if (!buf) {
    buf = fs.readFileSync(path.join(assetsDir(), 'fonts', FONT_FILES[name]));
    cache.set(name, buf);
  }
  return buf;
}

/** Registers every app font on a pdfkit document under its FontName. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const name of Object.keys(FONT_FILES) as FontName[]) doc.registerFont(name, fontBuffer(name));
  doc.font('serif');
}
