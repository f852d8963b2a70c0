/**
 * `npm run bench [name…]`: performance figures, printed, never asserted. Each bench is a module with a
 * default async function; list new ones here.
 */
import { spawnSync } from 'node:child_process';

const benches: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  demo: () => import('./demo.bench'),
  registers: () => import('./registers.bench'),
  labels: () => import('./labels.bench'),
  'labels-app': () => import('./labels.bench').then((m) => ({ default: m.labelsInAppBench })),
  catalogue: () => import('./catalogue.bench'),
  circulation: () => import('./circulation.bench'),
  stocktake: () => import('./stocktake.bench'),
  opac: () => import('./opac.bench'),
  backups: () => import('./backups.bench'),
  union: () => import('./union.bench'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(benches);
  if (names.length > 1) {
    console.log(`Kệ Sách — đo hiệu năng (${new Date().toISOString()}, Node ${process.version})`);
    // One process per bench, so peak memory and event-loop lag belong to that bench alone.
    for (const name of names) {
      const r = spawnSync(process.execPath, [...process.execArgv, __filename, name], { stdio: 'inherit' });
      if (r.status !== 0) process.exitCode = r.status ?? 1;
    }
    return;
  }
  const load = benches[names[0]];
  if (!load) {
    console.error(`Không có bench "${names[0]}". Có: ${Object.keys(benches).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  await (await load()).default();
}

void main();
