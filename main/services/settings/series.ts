import type { Series } from '../../../shared/contract';
import type { seriesInput } from '../../../shared/contract/settings';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { transaction, type Sql } from '../../db/sql';
import { writeAudit } from '../../db/queries/audit';
import { insertSeries, seriesByCode, seriesById, seriesRows, updateSeries, type SeriesRow } from '../../db/queries/settings';
import { changedFields } from './store';

export function toSeriesDto(s: SeriesRow): Series {
  return {
    id: s.id, code: s.code, name: s.name, prefix: s.prefix, separator: s.separator as Series['separator'],
    padding: s.padding, nextNumber: s.nextNumber, registerGroup: s.registerGroup as Series['registerGroup'],
    material: s.material as Series['material'], active: s.active,
  };
}

export async function listSeries(sql: Sql): Promise<Series[]> {
  return seriesRows(sql).map(toSeriesDto);
}

/**
 * Adds or edits a series. Once a series has handed out ĐKCB numbers, its prefix, separator and padding
 * stay: the numbers already printed on labels and in the registers must keep reading the same.
 */
export function saveSeries(sql: Sql, input: z.output<typeof seriesInput>, now: Date): Series {
  return transaction(sql, () => {
    const clash = seriesByCode(sql, input.code);
    if (clash && clash.id !== input.id) {
      throw new AppError('SERIES_EXISTS', `Đã có loại tài liệu mã ${input.code}.`);
    }
    const fields = {
      code: input.code, name: input.name, prefix: input.prefix, separator: input.separator, padding: input.padding,
      registerGroup: input.registerGroup, material: input.material, active: input.active,
    };
    let id: number;
    if (input.id) {
      const existing = seriesById(sql, input.id);
      if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy loại tài liệu này.');
      const used = existing.nextNumber > 1;
      if (used && (existing.prefix !== input.prefix || existing.separator !== input.separator || existing.padding !== input.padding)) {
        throw new AppError('SERIES_IN_USE',
          `Loại ${existing.code} đã cấp số ĐKCB nên không đổi được tiền tố, dấu ngăn hay số chữ số: các số đã in phải giữ nguyên.`);
      }
      updateSeries(sql, existing.id, fields);
      id = existing.id;
      const { nextNumber: _n, id: _i, ...was } = existing;
      writeAudit(sql, { action: 'settings.series.update', entity: 'setting', at: now,
        details: { code: fields.code, name: fields.name, changes: changedFields(was as typeof fields, fields) } });
    } else {
      id = insertSeries(sql, fields);
      writeAudit(sql, { action: 'settings.series.create', entity: 'setting', at: now, details: { code: fields.code, name: fields.name } });
    }
    return toSeriesDto(seriesById(sql, id)!);
  });
}
