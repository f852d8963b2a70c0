import { cellBox, labelsPerSheet, type LabelSheet } from '../../../../shared/label-sheets';

/**
 * The first sheet drawn to scale (SVG in mm). Cells before the start position are shown as used;
 * clicking a cell makes it the start position. `texts` are what will be printed in the next cells.
 */
export function SheetPreview({ sheet, start, texts, onPick }: {
  sheet: LabelSheet;
  start: number;
  texts: string[];
  onPick: (start: number) => void;
}) {
  const per = labelsPerSheet(sheet);
  const fontSize = Math.min(sheet.labelHeight / 3.2, sheet.labelWidth / 9);
  return (
    <svg className="sheet-preview" viewBox={`0 0 ${sheet.pageWidth} ${sheet.pageHeight}`} role="group"
      aria-label={`Tờ nhãn ${sheet.id}: bấm vào ô để chọn vị trí bắt đầu`}>
      <rect x={0} y={0} width={sheet.pageWidth} height={sheet.pageHeight} className="sheet-page" />
      {Array.from({ length: per }, (_, i) => {
        const b = cellBox(sheet, i);
        const n = i + 1;
        const used = n < start;
        const text = !used ? texts[n - start] : undefined;
        const state = used ? 'used' : text !== undefined ? 'filled' : 'empty';
        return (
          <g key={i} className={`sheet-cell sheet-cell-${state}${n === start ? ' sheet-cell-start' : ''}`} onClick={() => onPick(n)}
            role="button" aria-label={`Nhãn số ${n}${used ? ' (đã dùng)' : ''}`} aria-pressed={n === start}>
            <title>{used ? `Nhãn ${n}: đã dùng, bỏ qua` : text ? `Nhãn ${n}: ${text}` : `Nhãn ${n}`}</title>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={sheet.cornerRadius} ry={sheet.cornerRadius} />
            <text x={b.x + b.w / 2} y={b.y + b.h / 2} fontSize={fontSize} textAnchor="middle" dominantBaseline="middle">
              {used ? '✕' : text ?? n}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
