import { prepared, type Sql } from '../sql';

export interface PeriodicalRow {
  id: number; name: string; publisher: string; frequency: string; language: string; copiesOrdered: number; active: boolean;
  lastReceivedOn: string | null; lastIssueNumber: string | null;
}
export interface PeriodicalFields { name: string; publisher: string; frequency: string; language: string; copiesOrdered: number; active: boolean }
export interface IssueRow { id: number; periodicalId: number; receivedOn: string; issueNumber: string; copies: number }

const LATEST = (column: string) =>
  `(SELECT i.${column} FROM periodical_issue i WHERE i.periodical_id = p.id ORDER BY i.received_on DESC, i.id DESC LIMIT 1)`;
const PERIODICAL = `SELECT p.id, p.name, p.publisher, p.frequency, p.language, p.copies_ordered AS copiesOrdered, p.active,
  ${LATEST('received_on')} AS lastReceivedOn, ${LATEST('issue_number')} AS lastIssueNumber FROM periodical p`;
const ISSUE = 'SELECT id, periodical_id AS periodicalId, received_on AS receivedOn, issue_number AS issueNumber, copies FROM periodical_issue';

const statements = (sql: Sql) => ({
  all: sql.prepare(PERIODICAL),
  active: sql.prepare(`${PERIODICAL} WHERE p.active = 1`),
  byId: sql.prepare(`${PERIODICAL} WHERE p.id = ?`),
  insert: sql.prepare(`INSERT INTO periodical (name, publisher, frequency, language, copies_ordered, active)
    VALUES (@name, @publisher, @frequency, @language, @copiesOrdered, @active)`),
  update: sql.prepare(`UPDATE periodical SET name = @name, publisher = @publisher, frequency = @frequency, language = @language,
    copies_ordered = @copiesOrdered, active = @active WHERE id = @id`),
  issuesBetween: sql.prepare(`${ISSUE} WHERE periodical_id = ? AND received_on BETWEEN ? AND ? ORDER BY received_on, id`),
  issuesOn: sql.prepare(`${ISSUE} WHERE periodical_id = ? AND received_on = ? ORDER BY id`),
  deleteIssuesOn: sql.prepare('DELETE FROM periodical_issue WHERE periodical_id = ? AND received_on = ?'),
  insertIssue: sql.prepare('INSERT INTO periodical_issue (periodical_id, received_on, issue_number, copies) VALUES (?, ?, ?, ?)'),
  issueById: sql.prepare(`${ISSUE} WHERE id = ?`),
});
const q = (sql: Sql) => prepared(sql, statements);
const withActive = (r: PeriodicalRow): PeriodicalRow => ({ ...r, active: !!r.active });

export function periodicalRows(sql: Sql, activeOnly = false): PeriodicalRow[] {
  return (q(sql)[activeOnly ? 'active' : 'all'].all() as PeriodicalRow[]).map(withActive);
}

export function periodicalById(sql: Sql, id: number): PeriodicalRow | undefined {
  const row = q(sql).byId.get(id) as PeriodicalRow | undefined;
  return row && withActive(row);
}

export function insertPeriodical(sql: Sql, fields: PeriodicalFields): number {
  return Number(q(sql).insert.run({ ...fields, active: fields.active ? 1 : 0 }).lastInsertRowid);
}

export function updatePeriodical(sql: Sql, id: number, fields: PeriodicalFields): void {
  q(sql).update.run({ ...fields, active: fields.active ? 1 : 0, id });
}

export function issuesBetween(sql: Sql, periodicalId: number, from: string, to: string): IssueRow[] {
  return q(sql).issuesBetween.all(periodicalId, from, to) as IssueRow[];
}

/** Replaces the issues recorded on one day by one issue; returns what was there before and the new row. */
export function replaceIssueOn(sql: Sql, periodicalId: number, receivedOn: string, issueNumber: string, copies: number): { before: IssueRow[]; issue: IssueRow } {
  const s = q(sql);
  const before = s.issuesOn.all(periodicalId, receivedOn) as IssueRow[];
  s.deleteIssuesOn.run(periodicalId, receivedOn);
  const id = Number(s.insertIssue.run(periodicalId, receivedOn, issueNumber, copies).lastInsertRowid);
  return { before, issue: s.issueById.get(id) as IssueRow };
}
