import JsBarcode from 'jsbarcode';
import { AppError } from '../../shared/errors';
import { MIN_MODULE_MM, QUIET_ZONE_MODULES, snapModuleDown, snapModuleUp, type Box } from '../../shared/label-sheets';

/** One bar of a barcode: x offset and width in mm from the barcode's left edge (quiet zone included). */
export interface Bar {
  x: number;
  w: number;
}

/** A Code 128 symbol as vector geometry: bars in mm, to be drawn as filled rectangles. */
export interface BarcodeGeometry {
  value: string;
  modules: number;
  moduleWidth: number;
  /** Total width including both quiet zones. */
  width: number;
  bars: Bar[];
}

const cache = new Map<string, string>();

/** Refuses what Code 128 cannot carry (or what a keyboard-wedge scanner would mangle): printable ASCII only. */
export function checkBarcodeValue(value: string): void {
  if (!value) throw new AppError('BARCODE_EMPTY', 'Không có nội dung để in mã vạch.');
  if (value.length > 40) throw new AppError('BARCODE_TOO_LONG', `Mã "${value.slice(0, 20)}…" quá dài để in mã vạch (tối đa 40 ký tự).`);
  if (!/^[\x20-\x7e]+$/.test(value)) {
    throw new AppError('BARCODE_INVALID',
      `Không in được mã vạch cho "${value}": Code 128 chỉ nhận chữ không dấu, chữ số và ký hiệu ASCII (không dấu tiếng Việt).`);
  }
  if (value !== value.trim()) throw new AppError('BARCODE_INVALID', `Mã "${value}" có khoảng trắng ở đầu hoặc cuối.`);
}

/** The module pattern ("1101…", 1 = bar) of `value` in Code 128, from JsBarcode's encoder. */
export function code128Modules(value: string): string {
  checkBarcodeValue(value);
  const hit = cache.get(value);
  if (hit) return hit;
  const target: { encodings?: { data: string }[] } = {};
  try {
    JsBarcode(target, value, { format: 'CODE128' });
  } catch {
    throw new AppError('BARCODE_INVALID', `Không in được mã vạch Code 128 cho "${value}".`);
  }
  const data = (target.encodings ?? []).map((e) => e.data).join('');
  if (!/^[01]+$/.test(data)) throw new AppError('BARCODE_INVALID', `Không in được mã vạch Code 128 cho "${value}".`);
  if (cache.size > 20_000) cache.clear();
  cache.set(value, data);
  return data;
}

/** Modules needed by `value`, quiet zones included. */
export function code128TotalModules(value: string): number {
  return code128Modules(value).length + 2 * QUIET_ZONE_MODULES;
}

/**
 * Chooses the module width for `value` in `availableWidth` mm: the preferred width (snapped up to whole
 * printer dots) when it fits, otherwise the widest whole-dot width that fits, never below the readable
 * minimum. Returns null when even the minimum does not fit.
 */
export function fitModuleWidth(value: string, availableWidth: number, preferred: number): number | null {
  const total = code128TotalModules(value);
  const want = snapModuleUp(preferred);
  if (total * want <= availableWidth + 1e-9) return want;
  const reduced = snapModuleDown(availableWidth / total);
  return reduced + 1e-9 >= MIN_MODULE_MM ? reduced : null;
}

export function code128Geometry(value: string, moduleWidth: number): BarcodeGeometry {
  const data = code128Modules(value);
  const bars: Bar[] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === '1') {
      let j = i;
      while (j < data.length && data[j] === '1') j++;
      bars.push({ x: (QUIET_ZONE_MODULES + i) * moduleWidth, w: (j - i) * moduleWidth });
      i = j;
    } else i++;
  }
  const modules = data.length + 2 * QUIET_ZONE_MODULES;
  return { value, modules, moduleWidth, width: modules * moduleWidth, bars };
}

/** Draws the bars of `g` with its left edge (start of the quiet zone) at box.x, from box.y down box.h mm. */
export function drawBars(doc: PDFKit.PDFDocument, g: BarcodeGeometry, box: Box, toPt: (mm: number) => number): void {
  if (!g.bars.length) return;
  for (const b of g.bars) doc.rect(toPt(box.x + b.x), toPt(box.y), toPt(b.w), toPt(box.h));
  doc.fillColor('black').fill();
}
