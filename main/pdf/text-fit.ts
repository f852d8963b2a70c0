import PDFDocument from 'pdfkit';
import { registerFonts, type FontName } from './fonts';

/*
 * Fitting one line of text into a width: the only place in pdf/ that shrinks or cuts text. Every cut keeps
 * whole characters (never bytes) and ends with "…"; a fitted line never overflows its width.
 * Two policies share the cut:
 *   - fitLine / truncateToWidth (labels, cards): sizes in mm through a TextMeasure, quarter-point steps;
 *   - fitText (registers): shrink down to 70 % of the size, then cut, on the document's current font.
 */

/** Text measurement in mm, from the embedded fonts' metrics. */
export interface TextMeasure {
  width(text: string, font: FontName, size: number): number;
  lineHeight(font: FontName, size: number): number;
}

const PT_MM = 25.4 / 72;

export function pdfMeasure(doc: PDFKit.PDFDocument): TextMeasure {
  const unitHeight = new Map<FontName, number>();
  return {
    width: (text, font, size) => doc.font(font).fontSize(size).widthOfString(text) * PT_MM,
    lineHeight: (font, size) => {
      let h = unitHeight.get(font);
      if (h === undefined) {
        h = doc.font(font).fontSize(1).currentLineHeight(false);
        unitHeight.set(font, h);
      }
      return h * size * PT_MM;
    },
  };
}

/** A measurer on a throwaway document (tests, previews): same fonts, same metrics as the printed PDF. */
export function standaloneMeasure(): TextMeasure {
  const doc = new PDFDocument({ autoFirstPage: false });
  registerFonts(doc);
  return pdfMeasure(doc);
}

/** The first `count` characters, trailing spaces dropped, then "…". */
function cut(chars: string[], count: number): string {
  return chars.slice(0, count).join('').trimEnd() + '…';
}

/**
 * How many characters (at most `most`) can stand before the ellipsis within `width`, by binary search: the
 * width of a cut only grows with the characters kept. 0 also when not even "…" alone fits.
 */
function charsBeforeEllipsis(chars: string[], most: number, width: number, widthOf: (text: string) => number): number {
  let lo = 0;
  let hi = Math.max(0, most);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (widthOf(cut(chars, mid)) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Labels and cards cut like `truncateChars`: the cut line, ellipsis included, is shorter than the text. */
function labelCut(m: TextMeasure, text: string, font: FontName, size: number, width: number): { chars: string[]; keep: number } {
  const chars = Array.from(text.normalize('NFC'));
  return { chars, keep: charsBeforeEllipsis(chars, chars.length - 2, width, (s) => m.width(s, font, size)) };
}

/** A single line at the largest quarter-point size ≤ max that fits `width`; below `min` it is cut with "…" (or '' if nothing fits). */
export function fitLine(m: TextMeasure, text: string, font: FontName, width: number, max: number, min: number): { text: string; size: number; w: number } {
  const w1 = m.width(text, font, 1);
  let size = Math.min(max, w1 > 0 ? width / w1 : max);
  size = Math.floor(size * 4) / 4;
  if (size >= min) return { text, size, w: m.width(text, font, size) };
  size = min;
  let t = text;
  if (m.width(t, font, size) > width) {
    const { chars, keep } = labelCut(m, text, font, size, width);
    t = chars.length > 1 ? cut(chars, keep) : text;
    if (m.width(t, font, size) > width) t = '';
  }
  return { text: t, size, w: m.width(t, font, size) };
}

/** `text` cut by characters (with "…") so it fits `width` at `size`; '' when not even one character fits. */
export function truncateToWidth(m: TextMeasure, text: string, font: FontName, size: number, width: number): string {
  if (m.width(text, font, size) <= width) return text;
  const { chars, keep } = labelCut(m, text, font, size, width);
  return keep >= 1 ? cut(chars, keep) : '';
}

/**
 * One line in `width` points at `size` on the document's current font: shrinks down to 70 %, then is cut
 * with "…" at 70 %. Also returns the fitted line's width (points) at that size.
 */
export function fitText(doc: PDFKit.PDFDocument, value: string, width: number, size: number): { text: string; size: number; w: number } {
  doc.fontSize(size);
  const w = doc.widthOfString(value);
  if (w <= width) return { text: value, size, w };
  const shrunk = (size * width) / w;
  const min = size * 0.7;
  if (shrunk >= min) return { text: value, size: shrunk, w: width };
  doc.fontSize(min);
  const chars = Array.from(value);
  const text = cut(chars, charsBeforeEllipsis(chars, chars.length, width, (s) => doc.widthOfString(s)));
  return { text, size: min, w: doc.widthOfString(text) };
}
