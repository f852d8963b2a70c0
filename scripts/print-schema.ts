// Prints the schema the entities describe, as SQL for a migration: `npx tsx scripts/print-schema.ts`.
import { entitySchemaSql } from '../main/db/schema';

void (async () => {
  for (const sql of await entitySchemaSql()) console.log(`  ${JSON.stringify(sql)},`);
})();
