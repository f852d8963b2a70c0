// Prints the schema the entities describe, as SQL for a migration: `npx tsx scripts/print-schema.ts`.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { entities } from '../main/db/entities';

void (async () => {
  const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities });
  await ds.initialize();
  await ds.synchronize();
  const order = entities.map((e) => ds.getMetadata(e).tableName);
  const rows: { type: string; name: string; tbl_name: string; sql: string }[] = await ds.query(
    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'",
  );
  const tables = rows.filter((r) => r.type === 'table').sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const indexes = rows.filter((r) => r.type === 'index').sort((a, b) =>
    order.indexOf(a.tbl_name) - order.indexOf(b.tbl_name) || a.name.localeCompare(b.name));
  for (const r of [...tables, ...indexes]) console.log(`  ${JSON.stringify(r.sql)},`);
  await ds.destroy();
})();
