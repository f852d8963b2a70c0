import type { Calibration } from '@shared/contract';
import { formatMm } from '@shared/label-sheets';
import { Field } from '../../ui';

/** The printer whose calibrated offset the PDF applies (labels and cards). */
export function PrinterPicker({ calibration, printer, setPrinter }: { calibration: Calibration | null; printer: string; setPrinter: (p: string) => void }) {
  if (!calibration) return null;
  return (
    <Field label="Máy in (độ lệch đã căn chỉnh)">
      <select name="printer" value={printer} onChange={(e) => setPrinter(e.target.value)}>
        {Object.entries(calibration.printers).map(([name, o]) => (
          <option key={name} value={name}>{`${name} (x ${formatMm(o.dx / 10)} mm, y ${formatMm(o.dy / 10)} mm)`}</option>
        ))}
      </select>
    </Field>
  );
}
