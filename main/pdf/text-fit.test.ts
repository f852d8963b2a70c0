import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { registerFonts } from './fonts';
import { fitLine, fitText, standaloneMeasure, truncateToWidth } from './text-fit';

const TITLE = 'Hoàng Sa, Trường Sa trong lòng Tổ quốc — những câu chuyện kể về biển đảo quê hương Việt Nam';
const m = standaloneMeasure();

function serifDoc(): PDFKit.PDFDocument {
  const doc = new PDFDocument({ autoFirstPage: false });
  registerFonts(doc);
  return doc;
}

/** The text before the ellipsis is a start of `full`, whole characters only. */
function expectCutOf(full: string, cut: string) {
  expect(cut.endsWith('…')).toBe(true);
  expect(full.startsWith(cut.slice(0, -1))).toBe(true);
}

describe('text fitting', () => {
  it('fitText: a short value is left alone at its size', () => {
    const doc = serifDoc();
    doc.font('serif');
    expect(fitText(doc, 'Mắt biếc', 200, 8.5)).toEqual({ text: 'Mắt biếc', size: 8.5, w: doc.fontSize(8.5).widthOfString('Mắt biếc') });
  });

  it('fitText: a slightly long value shrinks (never below 70 %) and is not cut', () => {
    const doc = serifDoc();
    doc.font('serif').fontSize(10);
    const width = doc.widthOfString('Tuyển tập truyện ngắn') * 0.85;
    const f = fitText(doc, 'Tuyển tập truyện ngắn', width, 10);
    expect(f.text).toBe('Tuyển tập truyện ngắn');
    expect(f.size).toBeGreaterThanOrEqual(7);
    expect(f.size).toBeLessThan(10);
    doc.fontSize(f.size);
    expect(doc.widthOfString(f.text)).toBeLessThanOrEqual(width + 1e-6);
  });

  it('fitText: a long value is cut with an ellipsis at 70 %, fits, and keeps as much as fits', () => {
    const doc = serifDoc();
    doc.font('serif');
    for (const width of [20, 60, 113.4, 150]) {
      const f = fitText(doc, TITLE, width, 8.5);
      expect(f.size).toBeCloseTo(8.5 * 0.7);
      expectCutOf(TITLE, f.text);
      doc.fontSize(f.size);
      expect(doc.widthOfString(f.text)).toBeLessThanOrEqual(width);
      // One more character would overflow: the cut is not needlessly short.
      const kept = Array.from(f.text.slice(0, -1)).length;
      const longer = Array.from(TITLE).slice(0, kept + 1).join('').trimEnd() + '…';
      if (longer !== f.text) expect(doc.widthOfString(longer)).toBeGreaterThan(width);
    }
  });

  it('truncateToWidth: cuts by characters with an ellipsis, never overflows, "" when nothing fits', () => {
    expect(truncateToWidth(m, 'Ngữ văn 6', 'sans', 7, 100)).toBe('Ngữ văn 6');
    for (const width of [8, 15, 30, 45]) {
      const t = truncateToWidth(m, TITLE, 'sans', 7, width);
      expectCutOf(TITLE, t);
      expect(m.width(t, 'sans', 7)).toBeLessThanOrEqual(width);
      expect(Array.from(t.slice(0, -1)).length).toBeGreaterThanOrEqual(1);
    }
    expect(truncateToWidth(m, TITLE, 'sans', 7, 0.5)).toBe('');
  });

  it('fitLine: picks the largest quarter-point size that fits, then cuts at the minimum size', () => {
    expect(fitLine(m, 'TRƯỜNG THCS LÝ SƠN', 'sansBold', 60, 9, 5).size).toBe(9);
    const whole = fitLine(m, 'TRƯỜNG THCS LÝ SƠN', 'sansBold', 30, 9, 5);
    expect(whole.text).toBe('TRƯỜNG THCS LÝ SƠN');
    expect(whole.size).toBeLessThan(9);
    expect(whole.size * 4).toBe(Math.floor(whole.size * 4));
    expect(whole.w).toBeLessThanOrEqual(30);
    expect(m.width(whole.text, 'sansBold', whole.size + 0.25)).toBeGreaterThan(30);

    const cut = fitLine(m, TITLE, 'sansBold', 30, 9, 6);
    expect(cut.size).toBe(6);
    expectCutOf(TITLE, cut.text);
    expect(cut.w).toBeLessThanOrEqual(30);
    expect(cut.w).toBeCloseTo(m.width(cut.text, 'sansBold', 6));

    expect(fitLine(m, TITLE, 'sansBold', 0.5, 9, 6).text).toBe('');
  });
});
