import { prepared, type Sql } from '../sql';

export interface ActivityRow {
  id: number; date: string; name: string; form: string; audience: string; participants: number; personInCharge: string;
  notes: string; evidence: string; createdAt: string;
}
export type ActivityFields = Pick<ActivityRow, 'date' | 'name' | 'form' | 'audience' | 'participants' | 'personInCharge' | 'notes'>;

const ACTIVITY = `SELECT id, date, name, form, audience, participants, person_in_charge AS personInCharge, notes, evidence, created_at AS createdAt
  FROM reading_activity`;

const statements = (sql: Sql) => ({
  all: sql.prepare(`${ACTIVITY} ORDER BY date DESC, id DESC`),
  between: sql.prepare(`${ACTIVITY} WHERE date BETWEEN ? AND ? ORDER BY date DESC, id DESC`),
  byId: sql.prepare(`${ACTIVITY} WHERE id = ?`),
  insert: sql.prepare(`INSERT INTO reading_activity (date, name, form, audience, participants, person_in_charge, notes, evidence, created_at)
    VALUES (@date, @name, @form, @audience, @participants, @personInCharge, @notes, '[]', @createdAt)`),
  update: sql.prepare(`UPDATE reading_activity SET date = @date, name = @name, form = @form, audience = @audience, participants = @participants,
    person_in_charge = @personInCharge, notes = @notes WHERE id = @id`),
  setEvidence: sql.prepare('UPDATE reading_activity SET evidence = ? WHERE id = ?'),
  remove: sql.prepare('DELETE FROM reading_activity WHERE id = ?'),
});
const q = (sql: Sql) => prepared(sql, statements);

/** Newest first; only those dated between `from` and `to` (ISO, inclusive) when given. */
export function activityRows(sql: Sql, range?: { from: string; to: string }): ActivityRow[] {
  return (range ? q(sql).between.all(range.from, range.to) : q(sql).all.all()) as ActivityRow[];
}

export function activityById(sql: Sql, id: number): ActivityRow | undefined {
  return q(sql).byId.get(id) as ActivityRow | undefined;
}

export function insertActivity(sql: Sql, fields: ActivityFields, createdAt: string): number {
  return Number(q(sql).insert.run({ ...fields, createdAt }).lastInsertRowid);
}

export function updateActivity(sql: Sql, id: number, fields: ActivityFields): void {
  q(sql).update.run({ ...fields, id });
}

export function setActivityEvidence(sql: Sql, id: number, evidenceJson: string): void {
  q(sql).setEvidence.run(evidenceJson, id);
}

export function deleteActivity(sql: Sql, id: number): void {
  q(sql).remove.run(id);
}
