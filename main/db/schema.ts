import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from './migrations';
import { entities } from './entities';
import { sqlOf, type Sql } from './sql';

/**
 * The schema of a database file as data, to compare a file with what the app's own migrations
 * produce: tables (columns with name, type, NOT NULL, default, primary key; foreign keys; UNIQUE
 * constraints), indexes, triggers and views (their SQL, normalised). SQLite's own objects
 * (`sqlite_*`) are left out.
 */
export interface ColumnShape {
  name: string;
  type: string;
  notnull: number;
  dflt: string | null;
  pk: number;
}

export interface TableShape {
  columns: ColumnShape[];
  /** "from -> table(to) on update X on delete Y", one per foreign key. */
  foreignKeys: string[];
  /** Columns of each UNIQUE / PRIMARY KEY constraint ("unique(a,b)"). */
  constraints: string[];
}

export interface SchemaShape {
  tables: Record<string, TableShape>;
  indexes: Record<string, { table: string; sql: string }>;
  triggers: Record<string, { table: string; sql: string }>;
  views: Record<string, { sql: string }>;
}

/**
 * SQL text compared by meaning rather than spelling: quotes around names dropped, white space
 * collapsed and removed around punctuation, lower case, IF NOT EXISTS dropped; string literals kept.
 */
export function normaliseSql(sql: string): string {
  return sql
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 ? part : part.replace(/["`[\]]/g, '').replace(/\s+/g, ' ').toLowerCase()
      .replace(/ ?([(),;=<>+*/-]) ?/g, '$1').replace(/\bif not exists /g, '')))
    .join('')
    .trim()
    .replace(/;$/, '');
}

interface MasterRow { type: string; name: string; tbl_name: string; sql: string | null }

/** Reads the schema of an open connection (read-only is enough). */
export function readSchema(sql: Sql): SchemaShape {
  const rows = sql.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as MasterRow[];
  const shape: SchemaShape = { tables: {}, indexes: {}, triggers: {}, views: {} };
  const columns = sql.prepare('SELECT name, type, "notnull" AS nn, dflt_value AS dflt, pk FROM pragma_table_info(?) ORDER BY cid');
  const foreignKeys = sql.prepare('SELECT id, "from", "table", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq');
  const indexList = sql.prepare("SELECT name, origin FROM pragma_index_list(?) WHERE origin IN ('u', 'pk')");
  const indexColumns = sql.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck();
  for (const r of rows) {
    if (r.type === 'table') {
      const cols = (columns.all(r.name) as (Omit<ColumnShape, 'notnull'> & { nn: number })[])
        .map(({ nn, ...c }) => ({ ...c, notnull: nn, type: c.type.toLowerCase(), dflt: c.dflt === null ? null : normaliseSql(c.dflt) }));
      const fks = new Map<number, string[]>();
      for (const f of foreignKeys.all(r.name) as { id: number; from: string; table: string; to: string | null; on_update: string; on_delete: string }[]) {
        const list = fks.get(f.id) ?? [];
        list.push(`${f.from} -> ${f.table}(${f.to ?? ''}) on update ${f.on_update} on delete ${f.on_delete}`.toLowerCase());
        fks.set(f.id, list);
      }
      const constraints = (indexList.all(r.name) as { name: string; origin: string }[])
        .map((i) => `${i.origin === 'pk' ? 'primary key' : 'unique'}(${(indexColumns.all(i.name) as string[]).join(',')})`)
        .sort();
      shape.tables[r.name] = { columns: cols, foreignKeys: [...fks.values()].map((l) => l.join('; ')).sort(), constraints };
    } else if (r.type === 'index' && r.sql) shape.indexes[r.name] = { table: r.tbl_name, sql: normaliseSql(r.sql) };
    else if (r.type === 'trigger' && r.sql) shape.triggers[r.name] = { table: r.tbl_name, sql: normaliseSql(r.sql) };
    else if (r.type === 'view' && r.sql) shape.views[r.name] = { sql: normaliseSql(r.sql) };
  }
  return shape;
}

/** Every object sqlite_master lists (SQLite's own left out): an empty file has none. */
export function schemaObjectCount(sql: Sql): number {
  return sql.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").pluck().get() as number;
}

const derived = new Map<string, Promise<SchemaShape>>();

/**
 * The schema the app's own migrations produce at a migration level (the names a database's
 * `migrations` table lists), derived by running exactly those migrations, in the app's order, on a
 * scratch in-memory database, and kept for the life of the process (25–160 ms the first time, measured on a loaded 2-core machine).
 * Never hand-written: a new migration changes it by itself.
 */
export function schemaAtLevel(names: readonly string[]): Promise<SchemaShape> {
  const chosen = migrations.filter((m) => names.includes(new m().name));
  const key = chosen.map((m) => new m().name).join('\n');
  let shape = derived.get(key);
  if (!shape) {
    shape = (async () => {
      const scratch = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [], migrations: chosen, migrationsRun: false, synchronize: false, logging: false });
      await scratch.initialize();
      try {
        await scratch.runMigrations({ transaction: 'all' });
        return readSchema(sqlOf(scratch));
      } finally {
        await scratch.destroy();
      }
    })();
    derived.set(key, shape);
    shape.catch(() => derived.delete(key));
  }
  return shape;
}

/**
 * The schema the entities describe, as the CREATE statements of a migration (tables in entity order,
 * then their indexes): what `npx tsx scripts/print-schema.ts` prints when a new migration is written.
 */
export async function entitySchemaSql(): Promise<string[]> {
  const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities });
  await ds.initialize();
  try {
    await ds.synchronize();
    const order = entities.map((e) => ds.getMetadata(e).tableName);
    const rows = sqlOf(ds).prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'",
    ).all() as { type: string; name: string; tbl_name: string; sql: string }[];
    const tables = rows.filter((r) => r.type === 'table').sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    const indexes = rows.filter((r) => r.type === 'index').sort((a, b) =>
      order.indexOf(a.tbl_name) - order.indexOf(b.tbl_name) || a.name.localeCompare(b.name));
    return [...tables, ...indexes].map((r) => r.sql);
  } finally {
    await ds.destroy();
  }
}
