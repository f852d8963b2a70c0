import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { registerFonts } from './fonts';

/** Millimetres to PDF points. All geometry is kept in mm and converted at the last moment. */
export const mm = (value: number): number => (value * 72) / 25.4;

export const A4 = { width: 210, height: 297 };

export interface PdfFileOptions {
  file: string;
  size?: [number, number] | 'A4';
  landscape?: boolean;
  /** Margins in mm. */
  margin?: number;
  title: string;
  author?: string;
  subject?: string;
}

export interface PdfFile {
  doc: PDFKit.PDFDocument;
  /** Ends the document and resolves once every byte is on disk. */
  finish(): Promise<{ path: string; bytes: number; pages: number }>;
}

/**
 * Opens a PDF streamed to disk (pages are flushed as they are finished, never all buffered), with the
 * Vietnamese fonts registered. Callers add pages themselves (autoFirstPage is off) so pagination is
 * deterministic.
 */
export function createPdfFile(options: PdfFileOptions): PdfFile {
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: options.size === undefined || options.size === 'A4' ? 'A4' : options.size.map(mm),
    layout: options.landscape ? 'landscape' : 'portrait',
    margin: mm(options.margin ?? 15),
    bufferPages: false,
    compress: true,
    info: { Title: options.title, Author: options.author ?? 'Kệ Sách', Subject: options.subject ?? '', Creator: 'Kệ Sách' },
    pdfVersion: '1.7',
  });
  registerFonts(doc);
  const out = fs.createWriteStream(options.file);
  doc.pipe(out);
  let pages = 0;
  doc.on('pageAdded', () => pages++);
  return {
    doc,
    finish: () =>
      new Promise((resolve, reject) => {
        out.on('finish', () => resolve({ path: options.file, bytes: fs.statSync(options.file).size, pages }));
        out.on('error', reject);
        doc.end();
      }),
  };
}

/**
 * pdfkit keeps the layout of every distinct word it has measured or drawn (per font) for the life of the
 * document: on a list of 100,000 copies that is most of the memory. Layouts are recomputed identically, so
 * forgetting them between pages changes nothing in the file.
 */
export function forgetWordLayouts(doc: PDFKit.PDFDocument): void {
  const fonts = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies ?? {};
  for (const font of Object.values(fonts)) if (font.layoutCache) font.layoutCache = Object.create(null);
}

/** A file name safe on Windows, with Vietnamese kept readable ("So-DKCB-STK-2026-11-26.pdf"). */
export function exportFileName(base: string, ext: string, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const clean = base.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return `${clean}-${stamp}.${ext}`;
}
