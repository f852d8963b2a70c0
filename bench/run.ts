/**
 * `npm run bench [name…]`: performance figures, printed, never asserted. Each bench is a module with a
 * default async function; list new ones here.
 */
const benches: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  demo: () => import('./demo.bench'),
  registers: () => import('./registers.bench'),
  labels: () => import('./labels.bench'),
  catalogue: () => import('./catalogue.bench'),
  circulation: () => import('./circulation.bench'),
  stocktake: () => import('./stocktake.bench'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(benches);
  console.log(`Kệ Sách — đo hiệu năng (${new Date().toISOString()}, Node ${process.version})`);
  for (const name of names) {
    const load = benches[name];
    if (!load) {
      console.error(`Không có bench "${name}". Có: ${Object.keys(benches).join(', ')}`);
      process.exitCode = 2;
      continue;
    }
    await (await load()).default();
  }
}

void main();
