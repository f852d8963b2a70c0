/**
 * Reading the app's PDFs back in tests, with npm libraries only (no poppler, no zbar): text and fonts with
 * pdfjs-dist, pages rasterised by pdfjs onto @napi-rs/canvas, Code 128 and QR symbols decoded by zxing-wasm
 * (ZXing-C++; its .wasm is read from node_modules, never fetched). Every test that reads a PDF uses this
 * module — add what you need here rather than shelling out to a system tool.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api';

const requireHere = createRequire(path.join(__dirname, 'pdf-read.ts'));
const pdfjsDir = path.dirname(requireHere.resolve('pdfjs-dist/package.json'));

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsLoaded: Promise<Pdfjs> | undefined;
function pdfjs(): Promise<Pdfjs> {
  // The legacy build is the one meant for Node; it is ESM only, hence the dynamic import.
  pdfjsLoaded ??= import(pathToFileURL(path.join(pdfjsDir, 'legacy', 'build', 'pdf.mjs')).href) as Promise<Pdfjs>;
  return pdfjsLoaded;
}

async function open(file: string): Promise<PDFDocumentProxy> {
  const lib = await pdfjs();
  return lib.getDocument({
    data: new Uint8Array(fs.readFileSync(file)),
    standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts') + path.sep,
    cMapUrl: path.join(pdfjsDir, 'cmaps') + path.sep,
    cMapPacked: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}

async function withPdf<T>(file: string, use: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const doc = await open(file);
  try {
    return await use(doc);
  } finally {
    await doc.destroy();
  }
}

export interface PageRange { first?: number; last?: number }

function pagesOf(doc: PDFDocumentProxy, range: PageRange = {}): number[] {
  const first = Math.max(1, range.first ?? 1);
  const last = Math.min(doc.numPages, range.last ?? doc.numPages);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

export async function pdfPageCount(file: string): Promise<number> {
  return withPdf(file, async (doc) => doc.numPages);
}

/** Page sizes in points, [width, height], page by page (as `pdfinfo -f 1 -l N` lists them). */
export async function pdfPageSizes(file: string): Promise<[number, number][]> {
  return withPdf(file, async (doc) => {
    const sizes: [number, number][] = [];
    for (const n of pagesOf(doc)) {
      const vp = (await doc.getPage(n)).getViewport({ scale: 1 });
      sizes.push([Math.round(vp.width * 100) / 100, Math.round(vp.height * 100) / 100]);
    }
    return sizes;
  });
}

/** A word and its box in points from the top-left corner of its page (0-based), as `pdftotext -bbox` gives it. */
export interface PdfWord { page: number; text: string; xMin: number; yMin: number; xMax: number; yMax: number }

/** A run of text: x and the baseline y from the top-left corner, width, font size, the font's ascent and descent (em). */
interface Run { str: string; x: number; y: number; w: number; h: number; ascent: number; descent: number }

async function runsOf(page: PDFPageProxy): Promise<Run[]> {
  const vp = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const runs: Run[] = [];
  for (const item of content.items) {
    // Whitespace items only stand for a gap, which the layout below measures itself.
    if (!('str' in item) || item.str.trim() === '') continue;
    const [, , , d, e, f] = item.transform as number[];
    const h = Math.abs(d) || item.height;
    const style = content.styles[item.fontName];
    // Top-left origin, like a viewer and pdftotext: y is the baseline measured from the top of the page.
    runs.push({ str: item.str, x: e, y: vp.height - f, w: item.width, h, ascent: style?.ascent ?? 0.9, descent: style?.descent ?? -0.2 });
  }
  return runs;
}

const allRuns = new Map<string, Promise<Run[][]>>();

/**
 * The runs of every page, read once per file version: tests read the same long register several times,
 * whole and page by page, and parsing it again each time made them slower than pdftotext.
 */
function pageRuns(file: string): Promise<Run[][]> {
  const stat = fs.statSync(file);
  const key = `${path.resolve(file)}|${stat.mtimeMs}|${stat.size}`;
  let runs = allRuns.get(key);
  if (!runs) {
    runs = withPdf(file, async (doc) => {
      const pages: Run[][] = [];
      for (let n = 1; n <= doc.numPages; n++) pages.push(await runsOf(await doc.getPage(n)));
      return pages;
    });
    allRuns.set(key, runs);
    runs.catch(() => allRuns.delete(key));
  }
  return runs;
}

/** The 1-based pages of `range` that exist. */
function pickPages(all: Run[][], range: PageRange): Run[][] {
  return all.slice(Math.max(1, range.first ?? 1) - 1, Math.min(all.length, range.last ?? all.length));
}

/** Runs grouped into lines (baselines within a third of the font size), each line left to right, lines top to bottom. */
function linesOf(runs: Run[]): Run[][] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Run[][] = [];
  for (const r of sorted) {
    const line = lines.find((l) => Math.abs(l[0].y - r.y) <= Math.max(1, Math.min(l[0].h, r.h) / 3));
    if (line) line.push(r);
    else lines.push([r]);
  }
  for (const l of lines) l.sort((a, b) => a.x - b.x);
  return lines.sort((a, b) => a[0].y - b[0].y);
}

/**
 * One line's text laid out on a character grid of `pitch` points, like `pdftotext -layout`: runs that touch
 * are joined, a word gap is one space, and after a wider gap a run starts at the column of its x position (so
 * the columns of a table line up from line to line), never overlapping the text before it.
 */
function lineText(line: Run[], pitch: number): string {
  let out = '';
  let end: number | undefined;
  for (const r of line) {
    const column = Math.round(r.x / pitch);
    if (end === undefined) out = ' '.repeat(column);
    else {
      const gap = r.x - end;
      const least = out.endsWith(' ') || r.str.startsWith(' ') ? 0 : 1;
      // A word gap (up to about an em) is one space; a wider gap is a new column, placed on the grid.
      if (gap > r.h * 1.2) out += ' '.repeat(Math.max(least, column - out.length));
      else if (gap > r.h * 0.1) out += ' '.repeat(least);
    }
    out += r.str;
    end = r.x + r.w;
  }
  return out.replace(/\s+$/, '');
}

/** The grid's pitch for a page: a little under the median width of a character, so text is never squeezed. */
function pitchOf(runs: Run[]): number {
  const widths = runs.filter((r) => r.str.trim() !== '').map((r) => r.w / r.str.length).sort((a, b) => a - b);
  return widths.length === 0 ? 5 : Math.max(1, widths[Math.floor(widths.length / 2)] * 0.9);
}

/**
 * The text of a PDF the way a reader sees it: page by page, each printed line on one line (left to right,
 * columns separated by spaces), pages ended by a form feed like pdftotext's. `pages` limits it to a range.
 */
export async function pdfText(file: string, pages: PageRange = {}): Promise<string> {
  let text = '';
  for (const runs of pickPages(await pageRuns(file), pages)) {
    const pitch = pitchOf(runs);
    text += linesOf(runs).map((l) => `${lineText(l, pitch)}\n`).join('') + '\f';
  }
  return text;
}

/**
 * The text in content-stream order (what `pdftotext -raw` gives), white space made single spaces: the order
 * the PDF was written in, e.g. a table's header cells one after the other even where they wrap.
 */
export async function pdfStreamText(file: string, pages: PageRange = {}): Promise<string> {
  let text = '';
  for (const runs of pickPages(await pageRuns(file), pages)) {
    let last: Run | undefined;
    for (const r of runs) {
      const touching = last && Math.abs(last.y - r.y) < Math.min(last.h, r.h) / 3 && Math.abs(r.x - (last.x + last.w)) <= r.h * 0.1;
      text += (touching ? '' : ' ') + r.str;
      last = r;
    }
    text += ' ';
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Every word with its box (the font's ascent to descent), page by page in reading order: for checks of where things print. */
export async function pdfWords(file: string): Promise<PdfWord[]> {
  return withPdf(file, async (doc) => {
    const words: PdfWord[] = [];
    for (const n of pagesOf(doc)) {
      for (const line of linesOf(await runsOf(await doc.getPage(n)))) {
        for (const r of line) {
          // A run's width shared among its characters by count: close enough for layout checks.
          const perChar = r.w / Math.max(1, r.str.length);
          for (const m of r.str.matchAll(/\S+/g)) {
            const xMin = r.x + m.index! * perChar;
            words.push({ page: n - 1, text: m[0], xMin, xMax: xMin + m[0].length * perChar, yMin: r.y - r.ascent * r.h, yMax: r.y - r.descent * r.h });
          }
        }
      }
    }
    return words;
  });
}

export interface PdfFont { name: string; type: string; embedded: boolean; subset: boolean; unicode: boolean }

/**
 * The fonts of a PDF as `pdffonts` lists them: base name, type, embedded (a FontFile in its descriptor),
 * subset (ABCDEF+ prefix), with a ToUnicode map (what makes copied or searched text right). Read from the
 * font dictionaries themselves, so it assumes no compressed object streams (pdfkit writes none).
 */
export function pdfFonts(file: string): PdfFont[] {
  const raw = fs.readFileSync(file).toString('latin1');
  if (raw.includes('/ObjStm')) throw new Error(`${path.basename(file)}: compressed object streams are not read by pdfFonts`);
  const objects = new Map<string, string>();
  for (const m of raw.matchAll(/(\d+) (\d+) obj\b([\s\S]*?)(?:\bstream\r?\n[\s\S]*?\bendstream\s*)?endobj/g)) objects.set(`${m[1]} ${m[2]}`, m[3]);
  const deref = (value: string | undefined): string => {
    const ref = value && /^\s*(\d+) (\d+) R/.exec(value);
    return ref ? objects.get(`${ref[1]} ${ref[2]}`) ?? '' : value ?? '';
  };
  const entry = (dict: string, key: string) => new RegExp(`/${key}\\s*(\\d+ \\d+ R|/[^\\s/<>\\[\\]()]+|\\[[^\\]]*\\])`).exec(dict)?.[1];
  const fonts: PdfFont[] = [];
  for (const dict of objects.values()) {
    if (!/\/Type\s*\/Font\b/.test(dict)) continue;
    const type = entry(dict, 'Subtype')?.slice(1) ?? '';
    if (type === 'CIDFontType0' || type === 'CIDFontType2') continue; // a Type0 font's descendant, listed with it
    const name = entry(dict, 'BaseFont')?.slice(1) ?? '';
    const descendant = deref(entry(dict, 'DescendantFonts')?.replace(/^\[|\]$/g, ''));
    const descriptor = deref(entry(dict, 'FontDescriptor') ?? entry(descendant, 'FontDescriptor'));
    fonts.push({
      name, type,
      embedded: /\/FontFile[23]?\b/.test(descriptor),
      subset: /^[A-Z]{6}\+/.test(name),
      unicode: /\/ToUnicode\b/.test(dict),
    });
  }
  return fonts;
}

export interface RenderedPage { width: number; height: number; data: Uint8ClampedArray }

/** One page rasterised at `dpi` on a white background, as RGBA pixels (what a printer, then a scanner, sees). */
export async function renderPage(file: string, page: number, dpi = 300): Promise<RenderedPage> {
  return withPdf(file, (doc) => renderOpen(doc, page, dpi));
}

async function renderOpen(doc: PDFDocumentProxy, n: number, dpi: number): Promise<RenderedPage> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale: dpi / 72 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvas, canvasContext: context, viewport } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  page.cleanup();
  return { width: image.width, height: image.height, data: image.data };
}

type Zxing = typeof import('zxing-wasm/reader');
let zxingLoaded: Promise<Zxing> | undefined;
function zxing(): Promise<Zxing> {
  zxingLoaded ??= (async () => {
    const lib = await import('zxing-wasm/reader');
    // The .wasm from the npm package itself: the library's default would fetch it from a CDN.
    const wasmBinary = fs.readFileSync(requireHere.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await lib.prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer }, fireImmediately: true });
    return lib;
  })();
  return zxingLoaded;
}

export type BarcodeFormat = 'Code128' | 'QRCode';

/** Decodes every symbol of `format` on a rendered image; values in reading order (top to bottom, left to right). */
export async function decodeImage(image: RenderedPage, format: BarcodeFormat = 'Code128'): Promise<string[]> {
  const lib = await zxing();
  const results = await lib.readBarcodes({ data: image.data, width: image.width, height: image.height, colorSpace: 'srgb' } as unknown as Parameters<Zxing['readBarcodes']>[0], {
    formats: [format],
    maxNumberOfSymbols: 255,
    tryHarder: true,
    tryRotate: false,
    tryInvert: false,
    tryDownscale: false,
  });
  return results
    .filter((r) => r.isValid)
    .map((r) => ({ text: r.text, x: r.position.topLeft.x, y: r.position.topLeft.y }))
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((r) => r.text);
}

/**
 * Prints a PDF the way a scanner sees it — each page rasterised at `dpi` (300, print resolution) — and
 * decodes every Code 128 symbol with ZXing. Returns the decoded values in page order. `pages` limits it
 * to some pages (a sample of a long run), 1-based.
 */
export async function decodeBarcodes(file: string, options: { dpi?: number; pages?: number[] | PageRange; format?: BarcodeFormat } = {}): Promise<string[]> {
  return withPdf(file, async (doc) => {
    const pages = Array.isArray(options.pages) ? options.pages : pagesOf(doc, options.pages);
    const out: string[] = [];
    for (const n of pages) {
      if (n < 1 || n > doc.numPages) throw new Error(`${path.basename(file)} has no page ${n} (${doc.numPages} pages)`);
      out.push(...await decodeImage(await renderOpen(doc, n, options.dpi ?? 300), options.format));
    }
    return out;
  });
}
