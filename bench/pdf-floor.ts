import { createPdfFile, mm } from '../main/pdf/document';
import { planSection, type RegisterDocumentSpec, type TableColumn } from '../main/pdf/registers/table';
import { formatAmount } from '../shared/number-words';

/*
 * The floor for a register: the same pages, rows, columns and grid drawn with raw pdfkit calls and the same
 * embedded font, with none of the renderer's work (no fitting, no alignment, no running totals). The
 * register bench prints the renderer's time over this one.
 */

const MARGIN = 10;

function widthsOf(columns: TableColumn[], total: number): number[] {
  const fixed = columns.reduce((a, c) => a + c.width, 0);
  return columns.map((c, i) => (c.width === 0 || (i === columns.length - 1 && fixed < total) ? c.width + total - fixed : c.width));
}

export async function drawRegisterFloor(spec: RegisterDocumentSpec, file: string): Promise<{ pages: number; bytes: number }> {
  const geo = spec.landscape ? { width: 297, height: 210 } : { width: 210, height: 297 };
  const plans = spec.sections.map((s, i) => planSection(s, i, geo));
  const contentPages = plans.reduce((a, p) => a + p.length, 0);
  const { doc, finish } = createPdfFile({ file, title: spec.title, landscape: spec.landscape, margin: MARGIN });
  if (spec.cover) {
    doc.addPage();
    doc.font('serifBold').fontSize(26).text(spec.cover.title, mm(MARGIN), mm(geo.height * 0.36), { lineBreak: false });
  }
  const tableW = geo.width - 2 * MARGIN;
  let pageNo = 0;
  for (let s = 0; s < spec.sections.length; s++) {
    const section = spec.sections[s];
    const rows = section.rows;
    if (!Array.isArray(rows)) throw new Error('The floor draws sections held in memory only.');
    const widths = widthsOf(section.columns, tableW);
    const xs = [MARGIN];
    widths.forEach((w, i) => xs.push(xs[i] + w));
    const rowH = section.rowHeight ?? 6;
    const size = section.fontSize ?? 8.5;
    for (const plan of plans[s]) {
      doc.addPage();
      pageNo++;
      doc.font('serif').fontSize(8).text(spec.school.managingBody, mm(MARGIN), mm(MARGIN), { lineBreak: false });
      doc.font('serifBold').text(spec.school.schoolName, mm(MARGIN), mm(MARGIN + 3.4), { lineBreak: false });
      if (spec.subtitle) doc.font('serifItalic').fontSize(8.5).text(spec.subtitle, mm(geo.width - 90), mm(MARGIN), { lineBreak: false });
      doc.font('serifBold').fontSize(11).text(spec.title, mm(MARGIN + 100), mm(MARGIN + 7.5), { lineBreak: false });
      let y = MARGIN + 14;
      if (section.heading) {
        doc.font('serifBold').fontSize(11).text(section.heading, mm(MARGIN + 80), mm(y), { lineBreak: false });
        y += 7;
      }
      // Column heads: a box and a title per column (groups drawn once), then the numbered row.
      doc.lineWidth(0.6).font('serif').fontSize(7.5);
      let lastGroup = '';
      section.columns.forEach((c, i) => {
        const group = (c.path ?? []).join('/');
        if (group && group !== lastGroup) doc.rect(mm(xs[i]), mm(y), mm(widths[i]), mm(8)).stroke().text(group, mm(xs[i]) + 1, mm(y) + 2, { lineBreak: false });
        lastGroup = group;
        doc.rect(mm(xs[i]), mm(y + 8), mm(widths[i]), mm(8)).stroke().text(c.title, mm(xs[i]) + 1, mm(y + 8) + 2, { lineBreak: false });
        doc.rect(mm(xs[i]), mm(y + 16), mm(widths[i]), mm(4)).stroke().text(`(${i + 1})`, mm(xs[i]) + 1, mm(y + 16) + 2, { lineBreak: false });
      });
      y += 20;
      const top = y;
      doc.font('serif').fontSize(size);
      for (let r = plan.from; r < plan.to; r++) {
        const row = rows[r];
        const base = mm(y) + 3;
        if (!Array.isArray(row)) doc.text(row.span, mm(MARGIN + 0.8), base, { lineBreak: false });
        else {
          for (let i = 0; i < row.length; i++) {
            const v = row[i];
            if (v === null || v === undefined || v === '') continue;
            doc.text(typeof v === 'number' ? formatAmount(v) : v, mm(xs[i] + 0.8), base, { lineBreak: false });
          }
        }
        y += rowH;
      }
      doc.lineWidth(0.4);
      for (let yy = top; yy <= y + 1e-6; yy += rowH) doc.moveTo(mm(MARGIN), mm(yy)).lineTo(mm(xs[xs.length - 1]), mm(yy));
      for (const x of xs) doc.moveTo(mm(x), mm(top)).lineTo(mm(x), mm(y));
      doc.stroke();
      if (plan.outro && section.outro) section.outro.draw(doc, mm(MARGIN), mm(y + 4), mm(tableW));
      doc.font('serifItalic').fontSize(9).text(`Trang ${pageNo} / ${contentPages}`, mm(geo.width / 2 - 10), mm(geo.height - MARGIN - 4), { lineBreak: false });
      // The renderer yields every 50 rows (a page holds about 30): so does the floor.
      if (pageNo % 2 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return finish();
}

