import type { DataSource } from 'typeorm';
import { schoolInfo, type SchoolInfo, type Series } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { CollectionSeries, Setting } from '../db/entities';
import type { HandlersFor } from './handler-types';
import { inTransaction } from './transaction';
import type { settingsContract } from '../../shared/contract/settings';

export const DEFAULT_SCHOOL: SchoolInfo = {
  managingBody: 'UBND ĐẶC KHU LÝ SƠN',
  schoolName: 'TRƯỜNG THCS AN VĨNH',
  place: 'Lý Sơn',
  address: '',
  principal: '',
  librarian: '',
  schoolYear: '2026-2027',
  schoolYearStart: '2026-09-05',
  schoolYearEnd: '2027-05-31',
  reportDeadline: '06-12',
  dateStyle: 'numeric',
};

export async function getSetting<T>(db: DataSource, key: string, fallback: T): Promise<T> {
  const row = await db.getRepository(Setting).findOneBy({ key });
  return row ? (JSON.parse(row.value) as T) : fallback;
}

export async function putSetting(db: DataSource, key: string, value: unknown, now: Date): Promise<void> {
  await db.getRepository(Setting).save({ key, value: JSON.stringify(value), updatedAt: now.toISOString() });
}

export async function getSchool(db: DataSource): Promise<SchoolInfo> {
  const stored = await getSetting<Partial<SchoolInfo>>(db, 'school', {});
  return schoolInfo.parse({ ...DEFAULT_SCHOOL, ...stored });
}

export function toSeriesDto(s: CollectionSeries): Series {
  return {
    id: s.id, code: s.code, name: s.name, prefix: s.prefix, separator: s.separator as Series['separator'],
    padding: s.padding, nextNumber: s.nextNumber, registerGroup: s.registerGroup as Series['registerGroup'],
    material: s.material as Series['material'], active: s.active,
  };
}

export async function listSeries(db: DataSource): Promise<Series[]> {
  const rows = await db.getRepository(CollectionSeries).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
  return rows.map(toSeriesDto);
}

export const settingsHandlers: HandlersFor<typeof settingsContract> = {
  'app.info': async (_input, ctx) => ({
    version: process.env.npm_package_version ?? '0.1.0',
    dataDir: ctx.dataDir,
    databaseFile: ctx.databaseFile,
    mode: ctx.mode === 'electron' ? 'electron' : 'browser',
  }),
  'settings.getSchool': async (_input, ctx) => getSchool(ctx.db),
  'settings.saveSchool': async (input, ctx) => {
    await putSetting(ctx.db, 'school', input, ctx.now());
    return getSchool(ctx.db);
  },
  'settings.listSeries': async (_input, ctx) => listSeries(ctx.db),
  'settings.saveSeries': async (input, ctx) =>
    inTransaction(ctx.db, async (m) => {
      const repo = m.getRepository(CollectionSeries);
      const clash = await repo.findOneBy({ code: input.code });
      if (clash && clash.id !== input.id) {
        throw new AppError('SERIES_EXISTS', `Đã có loại tài liệu mã ${input.code}.`);
      }
      let row: CollectionSeries;
      if (input.id) {
        const existing = await repo.findOneBy({ id: input.id });
        if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy loại tài liệu này.');
        const used = existing.nextNumber > 1;
        if (used && (existing.prefix !== input.prefix || existing.separator !== input.separator || existing.padding !== input.padding)) {
          throw new AppError('SERIES_IN_USE',
            `Loại ${existing.code} đã cấp số ĐKCB nên không đổi được tiền tố, dấu ngăn hay số chữ số: các số đã in phải giữ nguyên.`);
        }
        row = await repo.save({ ...existing, ...input, id: existing.id });
      } else {
        const max = (await repo.maximum('sortOrder')) ?? 0;
        row = await repo.save(repo.create({ ...input, nextNumber: 1, sortOrder: max + 1 }));
      }
      return toSeriesDto(row);
    }),
};
