import { prepared, type Sql } from '../sql';

/**
 * The open export's reads (export-all): the table list comes from sqlite_master, so a table a later
 * migration adds is exported without touching this file. Left out: SQLite's own tables (sqlite_*),
 * and full-text indexes (virtual tables and their shadow tables), which are derived from other tables.
 */
const statements = (sql: Sql) => ({
  tables: sql.prepare(`SELECT name FROM sqlite_master t WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
      AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
      AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')
    ORDER BY rootpage`).pluck(),
});

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function exportableTables(sql: Sql): string[] {
  return prepared(sql, statements).tables.all() as string[];
}

export interface TableColumn { name: string; type: string; notNull: boolean; primaryKey: boolean; defaultValue: string | null }
export interface ForeignKey { from: string; table: string; to: string | null }

export function tableColumns(sql: Sql, table: string): TableColumn[] {
  return (sql.pragma(`table_info(${quoteIdent(table)})`) as { name: string; type: string; notnull: number; pk: number; dflt_value: string | null }[])
    .map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1, primaryKey: c.pk > 0, defaultValue: c.dflt_value }));
}

export function tableForeignKeys(sql: Sql, table: string): ForeignKey[] {
  return (sql.pragma(`foreign_key_list(${quoteIdent(table)})`) as { from: string; table: string; to: string | null }[])
    .map((f) => ({ from: f.from, table: f.table, to: f.to }));
}

export function tableRowCount(sql: Sql, table: string): number {
  return sql.prepare(`SELECT COUNT(*) FROM ${quoteIdent(table)}`).pluck().get() as number;
}

/** Every row of a table as arrays in column order (rowid order when it has one). */
export function tableRows(sql: Sql, table: string, columns: string[]): IterableIterator<unknown[]> {
  return sql.prepare(`SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)}`).raw().iterate() as IterableIterator<unknown[]>;
}
