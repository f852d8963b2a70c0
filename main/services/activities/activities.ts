import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Activity, activityInput } from '../../../shared/contract/activities';
import { AppError } from '../../../shared/errors';
import { cleanText } from '../../../shared/text';
import { schoolYearRange } from '../../../shared/dates';
import * as activities from '../../db/queries/activities';
import { writeAudit } from '../../db/queries/audit';
import { transaction, type Sql } from '../../db/sql';
import type { ServiceContext } from '../context';

export function evidenceDirIn(dataDir: string): string {
  return path.join(dataDir, 'evidence');
}

function toDto(a: activities.ActivityRow): Activity {
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
export function listActivities(sql: Sql, year?: string): Activity[] {
  return activities.activityRows(sql, year ? schoolYearRange(year) : undefined).map(toDto);
}

/** A safe file name for evidence: no folders, Vietnamese kept, unique with a time stamp. */
function evidenceName(original: string, now: Date): string {
  const base = Array.from(path.basename(original).normalize('NFC'))
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('').slice(-120);
  return `${now.toISOString().replace(/[:.]/g, '-')}-${base || 'minh-chung'}`;
}

/** Creates or updates an activity (one audit row). */
export function saveActivity(ctx: ServiceContext, input: z.output<typeof activityInput>): Activity {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const fields = {
      date: input.date, name: cleanText(input.name), form: input.form, audience: cleanText(input.audience), participants: input.participants,
      personInCharge: cleanText(input.personInCharge), notes: input.notes.normalize('NFC'),
    };
    if (input.id) {
      const existing = activities.activityById(sql, input.id);
      if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy hoạt động này.');
      activities.updateActivity(sql, existing.id, fields);
      writeAudit(sql, { action: 'activity.update', entity: 'reading_activity', entityId: existing.id, details: { before: existing, after: fields }, at: ctx.now() });
      return toDto(activities.activityById(sql, existing.id)!);
    }
    const newId = activities.insertActivity(sql, fields, ctx.now().toISOString());
    writeAudit(sql, { action: 'activity.create', entity: 'reading_activity', entityId: newId, details: { after: fields }, at: ctx.now() });
    return toDto(activities.activityById(sql, newId)!);
  });
}

export function deleteActivity(ctx: ServiceContext, id: number): { ok: true } {
  const sql = ctx.sql;
  return transaction(sql, () => {
    const existing = activities.activityById(sql, id);
    if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy hoạt động này.');
    activities.deleteActivity(sql, id);
    writeAudit(sql, { action: 'activity.delete', entity: 'reading_activity', entityId: id, details: { before: existing }, at: ctx.now() });
    return { ok: true as const };
  });
}

/** Stores an evidence file (minh chứng) under the data folder and lists it on the activity. */
export function addEvidence(ctx: ServiceContext, input: { id: number; fileName: string; base64: string }): Activity {
  const buf = Buffer.from(input.base64, 'base64');
  if (buf.length === 0) throw new AppError('EMPTY_FILE', 'Tệp minh chứng trống.');
  const dir = evidenceDirIn(ctx.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const name = evidenceName(input.fileName, ctx.now());
  const sql = ctx.sql;
  return transaction(sql, () => {
    const existing = activities.activityById(sql, input.id);
    if (!existing) throw new AppError('NOT_FOUND', 'Không tìm thấy hoạt động này.');
    fs.writeFileSync(path.join(dir, name), buf);
    activities.setActivityEvidence(sql, existing.id, JSON.stringify([...toDto(existing).evidence, name]));
    writeAudit(sql, { action: 'activity.evidence', entity: 'reading_activity', entityId: existing.id, at: ctx.now(),
      details: { name: existing.name, file: path.basename(input.fileName) } });
    return toDto(activities.activityById(sql, existing.id)!);
  });
}
