import type { LabelPreview, LabelPreviewItem } from '@shared/contract';
import { cellBox, labelsPerSheet, type LabelSheet } from '@shared/label-sheets';

/** pdfkit sizes are points; the SVG is drawn in millimetres. */
const PT_MM = 25.4 / 72;

/** One item of a label as the PDF lays it out: the same lines at the same size and place, bars as bars. */
function Item({ it }: { it: LabelPreviewItem }) {
  if (it.kind === 'text') {
    return (
      <text className="sheet-label-text" x={it.x} y={it.y} fontSize={it.size * PT_MM} fontWeight={it.bold ? 700 : 400}
        dominantBaseline="text-before-edge" textLength={it.w} lengthAdjust="spacingAndGlyphs">{it.text}</text>
    );
  }
  if (it.kind === 'bars') {
    return <g className="sheet-label-bars">{it.bars.map((b, i) => <rect key={i} x={it.x + b.x} y={it.y} width={b.w} height={it.h} />)}</g>;
  }
  return <line className="sheet-label-line" x1={it.x} y1={it.y} x2={it.x + it.w} y2={it.y + it.h} />;
}

/**
 * The first sheet drawn to scale (SVG in mm). Cells before the start position are shown as used;
 * clicking a cell makes it the start position. `cells` come from `labels.preview`, laid out by the
 * code that draws the PDF, so each label shows exactly the lines that will print.
 */
export function SheetPreview({ sheet, start, cells, onPick }: {
  sheet: LabelSheet;
  start: number;
  cells: LabelPreview['cells'];
  onPick: (start: number) => void;
}) {
  const per = labelsPerSheet(sheet);
  const byIndex = new Map(cells.map((c) => [c.index, c]));
  const fontSize = Math.min(sheet.labelHeight / 3.2, sheet.labelWidth / 9);
  return (
    <svg className="sheet-preview" viewBox={`0 0 ${sheet.pageWidth} ${sheet.pageHeight}`} role="group"
      aria-label={`Tờ nhãn ${sheet.id}: bấm vào ô để chọn vị trí bắt đầu`}>
      <rect x={0} y={0} width={sheet.pageWidth} height={sheet.pageHeight} className="sheet-page" />
      {Array.from({ length: per }, (_, i) => {
        const b = cellBox(sheet, i);
        const n = i + 1;
        const used = n < start;
        const cell = !used ? byIndex.get(i) : undefined;
        const state = used ? 'used' : cell ? 'filled' : 'empty';
        // The label's lines top to bottom (as a person reads the printed label).
        const lines = (cell?.items ?? []).flatMap((x) => (x.kind === 'text' ? [x] : [])).sort((a, b) => a.y - b.y || a.x - b.x).map((x) => x.text);
        return (
          <g key={i} className={`sheet-cell sheet-cell-${state}${n === start ? ' sheet-cell-start' : ''}`} onClick={() => onPick(n)}
            role="button" aria-label={`Nhãn số ${n}${used ? ' (đã dùng)' : ''}`} aria-pressed={n === start}
            data-lines={cell ? lines.join('\n') : undefined}>
            <title>{used ? `Nhãn ${n}: đã dùng, bỏ qua` : cell ? `Nhãn ${n}: ${lines.join(' / ')}` : `Nhãn ${n}`}</title>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={sheet.cornerRadius} ry={sheet.cornerRadius} />
            {cell ? cell.items.map((it, k) => <Item key={k} it={it} />) : (
              <text x={b.x + b.w / 2} y={b.y + b.h / 2} fontSize={fontSize} textAnchor="middle" dominantBaseline="middle">{used ? '✕' : n}</text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
