import type { Calibration } from '../../../shared/contract/labels';
import { AppError } from '../../../shared/errors';
import { BUILTIN_SHEETS, findSheet, validateSheet, type LabelSheet, type Offset } from '../../../shared/label-sheets';
import { DEFAULT_CARD_RULES } from '../../pdf/cards';
import type { Sql } from '../../db/sql';
import { getSetting, putSettingAudited } from '../settings/store';

/** Label settings live as JSON in the settings table: the user's sheets, printer offsets, card rules. */
const TEMPLATES_KEY = 'labels.templates';
const CALIBRATION_KEY = 'labels.calibration';
const RULES_KEY = 'labels.cardRules';

export const DEFAULT_PRINTER = 'Máy in mặc định';

export async function userSheets(sql: Sql): Promise<LabelSheet[]> {
  return getSetting<LabelSheet[]>(sql, TEMPLATES_KEY, []).map((s) => ({ ...s, builtIn: false }));
}

export async function allSheets(sql: Sql | null): Promise<LabelSheet[]> {
  return [...BUILTIN_SHEETS, ...(sql ? await userSheets(sql) : [])];
}

/** The sheet with this id (shipped or the user's), or a Vietnamese error naming the choices. */
export async function sheetById(sql: Sql | null, id: string): Promise<LabelSheet> {
  const sheets = await allSheets(sql);
  const sheet = findSheet(sheets, id);
  if (!sheet) {
    throw new AppError('TEMPLATE_NOT_FOUND', `Không có mẫu giấy nhãn "${id}". Các mẫu có sẵn: ${sheets.map((s) => s.id).join(', ')}.`);
  }
  return sheet;
}

export async function saveUserSheet(sql: Sql, sheet: LabelSheet, now: Date): Promise<LabelSheet> {
  if (findSheet(BUILTIN_SHEETS, sheet.id)) {
    throw new AppError('TEMPLATE_BUILTIN', `Mẫu ${sheet.id} là mẫu có sẵn, không sửa được; hãy đặt mã khác cho mẫu của bạn.`);
  }
  const errors = validateSheet(sheet);
  if (errors.length) throw new AppError('TEMPLATE_INVALID', errors[0], errors);
  const clean: LabelSheet = { ...sheet, builtIn: false };
  const list = (await userSheets(sql)).filter((s) => s.id.toUpperCase() !== sheet.id.toUpperCase());
  putSettingAudited(sql, TEMPLATES_KEY, [...list, clean].map(({ builtIn: _b, ...s }) => s), now,
    { action: 'labels.template.save', details: { id: clean.id, name: clean.name } });
  return clean;
}

export async function deleteUserSheet(sql: Sql, id: string, now: Date): Promise<void> {
  const list = await userSheets(sql);
  const next = list.filter((s) => s.id.toUpperCase() !== id.toUpperCase());
  if (next.length === list.length) throw new AppError('TEMPLATE_NOT_FOUND', `Không có mẫu giấy nhãn tự tạo "${id}".`);
  putSettingAudited(sql, TEMPLATES_KEY, next.map(({ builtIn: _b, ...s }) => s), now, { action: 'labels.template.delete', details: { id } });
}

export async function getCalibration(sql: Sql): Promise<Calibration> {
  const stored = getSetting<Calibration | null>(sql, CALIBRATION_KEY, null);
  if (!stored) return { current: DEFAULT_PRINTER, printers: { [DEFAULT_PRINTER]: { dx: 0, dy: 0 } } };
  return stored;
}

export async function saveCalibration(sql: Sql, printer: string, dx: number, dy: number, now: Date): Promise<Calibration> {
  const c = await getCalibration(sql);
  const next: Calibration = { current: printer, printers: { ...c.printers, [printer]: { dx, dy } } };
  putSettingAudited(sql, CALIBRATION_KEY, next, now, { action: 'labels.calibration', details: { printer, before: c.printers[printer] ?? null, after: { dx, dy } } });
  return next;
}

/** The printer's offset in mm (stored in tenths of a millimetre). */
export async function offsetFor(sql: Sql | null, printer?: string): Promise<{ printer: string; offset: Offset }> {
  if (!sql) return { printer: printer ?? DEFAULT_PRINTER, offset: { dx: 0, dy: 0 } };
  const c = await getCalibration(sql);
  const name = printer?.trim() || c.current;
  const o = c.printers[name] ?? { dx: 0, dy: 0 };
  return { printer: name, offset: { dx: o.dx / 10, dy: o.dy / 10 } };
}

export async function getCardRules(sql: Sql): Promise<string[]> {
  return getSetting<string[]>(sql, RULES_KEY, DEFAULT_CARD_RULES);
}

export async function saveCardRules(sql: Sql, rules: string[], now: Date): Promise<string[]> {
  const clean = rules.filter((r) => r !== '');
  putSettingAudited(sql, RULES_KEY, clean, now, { action: 'labels.cardRules', details: { rules: clean.length } });
  return clean;
}
