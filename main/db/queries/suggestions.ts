import { prepared, type Sql } from '../sql';
import type { SuggestionSource, SuggestionStatus } from '../../../shared/contract/enums';

export interface SuggestionRow {
  id: number; title: string; author: string; who: string; why: string; source: SuggestionSource;
  createdAt: string; status: SuggestionStatus; planLineId: number | null;
}
export interface SuggestionFields { title: string; author: string; who: string; why: string; source: SuggestionSource; createdAt: string }

const SUGGESTION = `SELECT id, title, author, who, why, source, created_at AS createdAt, status, plan_line_id AS planLineId FROM suggestion`;

const statements = (sql: Sql) => ({
  all: sql.prepare(`${SUGGESTION} ORDER BY created_at DESC, id DESC`),
  byStatus: sql.prepare(`${SUGGESTION} WHERE status = ? ORDER BY created_at DESC, id DESC`),
  byId: sql.prepare(`${SUGGESTION} WHERE id = ?`),
  insert: sql.prepare(`INSERT INTO suggestion (title, author, who, why, source, created_at, status)
    VALUES (@title, @author, @who, @why, @source, @createdAt, 'new')`),
  setStatus: sql.prepare('UPDATE suggestion SET status = ?, plan_line_id = ? WHERE id = ?'),
});
const q = (sql: Sql) => prepared(sql, statements);

export function suggestionRows(sql: Sql, status?: SuggestionStatus): SuggestionRow[] {
  return (status ? q(sql).byStatus.all(status) : q(sql).all.all()) as SuggestionRow[];
}

export function suggestionById(sql: Sql, id: number): SuggestionRow | undefined {
  return q(sql).byId.get(id) as SuggestionRow | undefined;
}

export function insertSuggestion(sql: Sql, fields: SuggestionFields): number {
  return Number(q(sql).insert.run(fields).lastInsertRowid);
}

export function setSuggestionStatus(sql: Sql, id: number, status: SuggestionStatus, planLineId: number | null): void {
  q(sql).setStatus.run(status, planLineId, id);
}
