import { prepared, type Sql } from '../sql';
import type { SuggestionSource, SuggestionStatus } from '../../../shared/contract/enums';

export interface SuggestionRow {
  id: number; title: string; author: string; who: string; why: string; source: SuggestionSource;
  createdAt: string; status: SuggestionStatus; count: number; lastAt: string | null; planLineId: number | null;
}
export interface SuggestionFields {
  title: string; author: string; who: string; why: string; source: SuggestionSource; createdAt: string;
  /** Folded title and author: identical suggestions share it. */
  matchKey: string;
}

const SUGGESTION = `SELECT id, title, author, who, why, source, created_at AS createdAt, status, count, last_at AS lastAt,
  plan_line_id AS planLineId FROM suggestion`;

const statements = (sql: Sql) => ({
  all: sql.prepare(`${SUGGESTION} WHERE status <> 'spam' ORDER BY created_at DESC, id DESC`),
  byStatus: sql.prepare(`${SUGGESTION} WHERE status = ? ORDER BY created_at DESC, id DESC`),
  byId: sql.prepare(`${SUGGESTION} WHERE id = ?`),
  insert: sql.prepare(`INSERT INTO suggestion (title, author, who, why, source, created_at, status, match_key)
    VALUES (@title, @author, @who, @why, @source, @createdAt, 'new', @matchKey)`),
  same: sql.prepare(`SELECT id FROM suggestion WHERE match_key = ? AND match_key <> '' AND status IN ('new', 'spam') ORDER BY id LIMIT 1`).pluck(),
  again: sql.prepare('UPDATE suggestion SET count = count + 1, last_at = ? WHERE id = ?'),
  opacSince: sql.prepare(`SELECT COUNT(*) FROM suggestion WHERE source = 'opac' AND created_at >= ?`).pluck(),
  spam: sql.prepare(`UPDATE suggestion SET status = 'spam' WHERE id = ? AND status = 'new'`),
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

/** A suggestion still open ('new' or 'spam') with the same folded title and author, if any. */
export function sameSuggestion(sql: Sql, matchKey: string): number | undefined {
  return q(sql).same.get(matchKey) as number | undefined;
}

/** One more sending of an existing suggestion. */
export function suggestedAgain(sql: Sql, id: number, at: string): void {
  q(sql).again.run(at, id);
}

/** OPAC suggestions that became a row since `since` (ISO). */
export function opacSuggestionsSince(sql: Sql, since: string): number {
  return q(sql).opacSince.get(since) as number;
}

/** Marks a new suggestion as spam; false when it was not new. */
export function markSuggestionSpam(sql: Sql, id: number): boolean {
  return q(sql).spam.run(id).changes > 0;
}
