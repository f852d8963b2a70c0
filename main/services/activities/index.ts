import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { activitiesContract, Activity, activityInput } from '../../../shared/contract/activities';
import { AppError } from '../../../shared/errors';
import { cleanText } from '../../../shared/text';
import { ReadingActivity } from '../../db/entities';
import type { HandlersFor } from '../handler-types';
import { inTransaction } from '../transaction';
import { audit } from '../audit';

export function evidenceDirIn(dataDir: string): string {
  return path.join(dataDir, 'evidence');
}

function toDto(a: ReadingActivity): Activity {
  let evidence: string[] = [];
  try {
    evidence = JSON.parse(a.evidence) as string[];
  } catch {
    evidence = [];
  }
  return {
    id: a.id, date: a.date, name: a.name, form: a.form as Activity['form'], audience: a.audience, participants: a.participants,
    personInCharge: a.personInCharge, notes: a.notes, evidence, createdAt: a.createdAt,
  };
}

/** Activities of a school year (1 August – 31 July), newest first; all when no year. */
export async function listActivities(db: import('typeorm').DataSource, year?: string): Promise<Activity[]> {
  const qb = db.getRepository(ReadingActivity).createQueryBuilder('a').orderBy('a.date', 'DESC').addOrderBy('a.id', 'DESC');
  if (year) qb.where('a.date BETWEEN :from AND :to', { from: `${year.slice(0, 4)}-08-01`, to: `${year.slice(5)}-07-31` });
  return (await qb.getMany()).map(toDto);
}

/** A safe file name for evidence: no folders, Vietnamese kept, unique with a time stamp. */
function evidenceName(original: string, now: Date): string {
  const base = Array.from(path.basename(original).normalize('NFC'))
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('').slice(-120);
  return `${now.toISOString().replace(/[:.]/g, '-')}-${base || 'minh-chung'}`;
}

export const activitiesHandlers: HandlersFor<typeof activitiesContract> = {
  'activities.list': async (input, ctx) => listActivities(ctx.db, input.year),
  'activities.save': async (input: z.output<typeof activityInput>, ctx) =>
    inTransaction(ctx.db, async (m) => {
      const repo = m.getRepository(ReadingActivity);
      const fields = {
        date: input.date, name: cleanText(input.name), form: input.form, audience: cleanText(input.audience), participants: input.participants,
        personInCharge: cleanText(input.personInCharge), notes: input.notes.normalize('NFC'),
      };
      let row: ReadingActivity;
      if (input.id) {
        const existing = await repo.findOneBy({ id: input.id });
        if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy hoạt động này.');
        row = await repo.save({ ...existing, ...fields });
        await audit(m, { action: 'activity.update', entity: 'reading_activity', entityId: row.id, details: { before: existing, after: fields }, at: ctx.now() });
      } else {
        row = await repo.save(repo.create({ ...fields, evidence: '[]', createdAt: ctx.now().toISOString() }));
      }
      return toDto(row);
    }),
  'activities.delete': async (input, ctx) =>
    inTransaction(ctx.db, async (m) => {
      const repo = m.getRepository(ReadingActivity);
      const existing = await repo.findOneBy({ id: input.id });
      if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy hoạt động này.');
      await repo.delete({ id: input.id });
      await audit(m, { action: 'activity.delete', entity: 'reading_activity', entityId: input.id, details: { before: existing }, at: ctx.now() });
      return { ok: true as const };
    }),
  'activities.addEvidence': async (input, ctx) => {
    const buf = Buffer.from(input.base64, 'base64');
    if (buf.length === 0) throw new AppError('EMPTY_FILE', 'Tệp minh chứng trống.');
    const dir = evidenceDirIn(ctx.dataDir);
    fs.mkdirSync(dir, { recursive: true });
    const name = evidenceName(input.fileName, ctx.now());
    return inTransaction(ctx.db, async (m) => {
      const repo = m.getRepository(ReadingActivity);
      const existing = await repo.findOneBy({ id: input.id });
      if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy hoạt động này.');
      fs.writeFileSync(path.join(dir, name), buf);
      const list = toDto(existing).evidence;
      existing.evidence = JSON.stringify([...list, name]);
      return toDto(await repo.save(existing));
    });
  },
};
