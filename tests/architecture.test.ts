import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
function files(dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f)).map((f) => path.join(dir, f));
}
function imports(file: string): string[] {
  const src = fs.readFileSync(path.join(root, file), 'utf8');
  // `import … from 'x'`, `export … from 'x'`, `import('x')`, `require('x')` and the side-effect `import 'x'`.
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/** Imports that exist at run time: `import type …` and `export type …` left out. */
function valueImports(file: string): string[] {
  const src = fs.readFileSync(path.join(root, file), 'utf8');
  return [...src.matchAll(/(?:import|export)(?!\s+type\b)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('dependency direction (renderer → shared ← main)', () => {
  it('services, db, pdf and the HTTP server never import electron', () => {
    const offenders = ['main/services', 'main/db', 'main/pdf', 'main/server', 'main/cli']
      .flatMap(files).filter((f) => !f.endsWith('.test.ts')).filter((f) => imports(f).includes('electron'));
    expect(offenders).toEqual([]);
  });

  it('shared/ imports neither electron, node:* nor main/renderer', () => {
    const offenders = files('shared').filter((f) => !f.endsWith('.test.ts')).flatMap((f) =>
      imports(f).filter((i) => i === 'electron' || i.startsWith('node:') || ['fs', 'path', 'os'].includes(i) || /(^|\/)(main|renderer)\//.test(i))
        .map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  it('shared/ does not touch the DOM', () => {
    const offenders = files('shared').filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => /\b(document|window|localStorage|HTMLElement)\b\s*[.(]/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the renderer never imports main/', () => {
    const offenders = files('renderer').flatMap((f) => imports(f).filter((i) => /(^|\/)main\//.test(i) || i === 'electron').map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });
});

/** What the import graph follows: TypeScript and JavaScript, as ESLint's resolver did (`eslint.config.mjs`). */
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Relative imports of a file resolved to files of the tree (type-only imports and `import('…')` types included). */
function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.') && !spec.startsWith('@shared/')) return null;
  const base = spec.startsWith('@shared/') ? path.join('shared', spec.slice('@shared/'.length)) : path.join(path.dirname(from), spec);
  const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => `${base}${e}`), ...SOURCE_EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find((c) => SOURCE.test(c) && fs.existsSync(path.join(root, c))) ?? null;
}

/**
 * Every source file of the project, tests, e2e, bench, scripts and configs included (what ESLint lints);
 * never node_modules, build output or test results.
 */
function projectSources(dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) {
      return e.name.startsWith('.') || ['node_modules', 'out', 'dist', 'release', 'test-results', 'playwright-report'].includes(e.name)
        ? [] : projectSources(rel);
    }
    return SOURCE.test(e.name) ? [rel] : [];
  });
}

/** Every cycle in the import graph (Tarjan's strongly connected components of size > 1, or a self-import). */
export function importCycles(sources: string[], importsOf: (file: string) => string[]): string[][] {
  const graph = new Map(sources.map((f) => [f, importsOf(f).map((i) => resolveImport(f, i)).filter((x): x is string => !!x)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('no import cycles', () => {
  // The one cycle check (ESLint's import-x/no-cycle, a third of the lint's time, is off): every source file,
  // tests and scripts included, and type-only imports too, so the shared types stay in leaf modules.
  const sources = projectSources();
  const typeImports = (file: string) => [
    ...imports(file),
    ...[...fs.readFileSync(path.join(root, file), 'utf8').matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]),
  ];

  it('finds none in any source file (main/, shared/, the renderer, tests, e2e, bench, scripts, configs), type imports included', () => {
    expect(sources).toContain('main/db/sql.ts');
    expect(sources).toContain('e2e/server.ts');
    expect(sources).toContain('scripts/bundles.cjs');
    expect(sources.filter((f) => /(^|\/)node_modules\//.test(f))).toEqual([]);
    expect(importCycles(sources, typeImports)).toEqual([]);
  });

  it('db/ imports nothing from services/ (a service hands main/db/ what it needs, e.g. the backup before migrating)', () => {
    const offenders = files('main/db').filter((f) => !f.endsWith('.test.ts'))
      .flatMap((f) => imports(f).filter((i) => /(^|\/)services\//.test(i)).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  it('transports (server/, cli/) reach the data layer only through services (type imports aside)', () => {
    const offenders = ['main/server', 'main/cli'].flatMap(files).filter((f) => !f.endsWith('.test.ts'))
      .flatMap((f) => valueImports(f).filter((i) => /(^|\/)db\//.test(i)).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  it('pdf/ imports nothing from services/', () => {
    const offenders = files('main/pdf').filter((f) => !f.endsWith('.test.ts'))
      .flatMap((f) => imports(f).filter((i) => /(^|\/)services\//.test(i)).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  it('would see one (the check can fail)', () => {
    const fake: Record<string, string[]> = { 'main/a.ts': ['./b'], 'main/b.ts': ['./c'], 'main/c.ts': ['./a'] };
    const exists = fs.existsSync;
    // Resolve the fake files as if they were on disk.
    (fs as { existsSync: (p: fs.PathLike) => boolean }).existsSync = (p) => Object.keys(fake).some((f) => path.join(root, f) === p) || exists(p);
    try {
      expect(importCycles(Object.keys(fake), (f) => fake[f])).toEqual([['main/a.ts', 'main/b.ts', 'main/c.ts']]);
    } finally {
      (fs as { existsSync: typeof exists }).existsSync = exists;
    }
  });
});

describe('one way to the database', () => {
  // SQL text, prepared statements, TypeORM queries/repositories and raw transactions belong in main/db/.
  const SQL = /\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER))|\.prepare\(|\.query\(|getRepository\(|createQueryBuilder\(|\.transaction\(|\bEntityManager\b|\brawConnection\(/;
  const sqlOutsideDb = (file: string) => SQL.test(fs.readFileSync(path.join(root, file), 'utf8'));

  // Test files may hold their own SQL; test support (main/test-utils.ts) passes it to main/db/ like the app does.
  const testCode = (f: string) => /\.test\.ts$/.test(f);

  it('keeps every query outside main/db/ out (tests and bench excepted)', () => {
    const offenders = files('main').filter((f) => !f.startsWith(path.join('main', 'db')) && !testCode(f) && sqlOutsideDb(f));
    expect(offenders.sort()).toEqual(STILL_TO_MOVE.filter((f) => fs.existsSync(path.join(root, f))).sort());
  });

  it('opens connections and sets pragmas only in main/db/ (tests and bench excepted)', () => {
    const RAW = /new\s+Database\(|\.pragma\(/;
    const offenders = ['main', 'shared', 'scripts'].flatMap(files)
      .filter((f) => !f.startsWith(path.join('main', 'db')) && !/\.test\.ts$/.test(f) && RAW.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('sees SQL where there is some (the check can fail)', () => {
    expect(sqlOutsideDb('main/db/queries/audit.ts')).toBe(true);
  });

  // Services reach the database through ctx.sql (main/services/context.ts); the TypeORM DataSource
  // (opening, migrations, entities) and the cast to its connection stay in main/db/. Test files are
  // held to it too: TestContext gives them ctx.sql, ctx.database and query().
  const DATASOURCE = /\bsqlOf\(|\bfrom\s+['"]typeorm['"]|\brequire\(\s*['"]typeorm['"]\s*\)|\bimport\(\s*['"]typeorm['"]\s*\)/;
  const reachesDataSource = (file: string) => DATASOURCE.test(fs.readFileSync(path.join(root, file), 'utf8'));

  it('keeps TypeORM and sqlOf( inside main/db/ (services take ctx.sql)', () => {
    const offenders = ['main', 'shared', 'renderer/src', 'scripts', 'bench', 'tests', 'e2e'].flatMap(files)
      .filter((f) => !f.startsWith(path.join('main', 'db') + path.sep) && f !== path.join('tests', 'architecture.test.ts') && reachesDataSource(f));
    expect(offenders).toEqual([]);
  });

  it('sees a DataSource where there is one (the check can fail)', () => {
    expect(reachesDataSource('main/db/data-source.ts')).toBe(true);
    expect(reachesDataSource('main/db/schema.ts')).toBe(true);
  });
});

/** Files whose SQL has not yet moved into main/db/queries/; this list only shrinks. */
const STILL_TO_MOVE: string[] = [];

describe('comments cite documents that are in the repository', () => {
  const sources = ['main', 'shared', 'renderer/src', 'e2e', 'bench'].flatMap(files);
  const headings = new Set([...fs.readFileSync(path.join(root, 'docs', 'domain.md'), 'utf8').matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1].trim()));

  it('no comment cites the old "domain §…" of a document outside the repository', () => {
    expect(sources.filter((f) => /domain §/.test(fs.readFileSync(path.join(root, f), 'utf8')))).toEqual([]);
  });

  it('every citation of docs/domain.md names one of its headings', () => {
    const cited = sources.flatMap((f) => [...fs.readFileSync(path.join(root, f), 'utf8').matchAll(/docs\/domain\.md, "([^"]+)"/g)].map((m) => ({ f, heading: m[1] })));
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((c) => !headings.has(c.heading))).toEqual([]);
  });
});

describe('one date formatter', () => {
  // An ISO date is shown as dd/mm/yyyy by formatDate (shared/dates.ts), never by turning the string around by hand.
  const HAND_MADE = /split\(\s*['"]-['"]\s*\)\s*\.reverse\(\)/;
  it('no ISO date is reversed by split(\'-\').reverse() outside shared/dates.ts', () => {
    const offenders = ['main', 'shared', 'renderer/src', 'e2e', 'bench', 'scripts'].flatMap(files)
      .filter((f) => HAND_MADE.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

const SCREENS = path.join('renderer', 'src', 'screens');
const kebab = (domain: string) => domain.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The components a renderer file declares (PascalCase functions and arrow constants), and which it exports. */
function componentsOf(src: string): { name: string; exported: boolean }[] {
  return [...src.matchAll(/^(export\s+)?(?:function\s+([A-Z][a-z]\w*)\s*\(|const\s+([A-Z][a-z]\w*)\s*=\s*(?:\([^)]*\)|\w+)\s*=>)/gm)]
    .map((m) => ({ name: m[2] ?? m[3], exported: !!m[1] }));
}

/**
 * What breaks the suffix convention (docs/architecture.md, "Component names") in one file under renderer/src/screens:
 * `screens` are the components registry.tsx and App.tsx show as the window's main area.
 */
function componentNameProblems(file: string, src: string, screens: Set<string>): string[] {
  const problems: string[] = [];
  const base = path.basename(file, '.tsx');
  const components = componentsOf(src);
  for (const c of components) {
    if (/(Tab|Tabs|Section|Page|View|Pane)$/.test(c.name)) problems.push(`${file}: ${c.name} (a screen part is an XPanel)`);
    if (c.name.endsWith('Screen') && !screens.has(c.name)) problems.push(`${file}: ${c.name} (only what registry.tsx or App.tsx shows is an XScreen)`);
  }
  const exported = components.filter((c) => c.exported).map((c) => c.name);
  if (!exported.includes(base)) problems.push(`${file}: exports no ${base} (a file is named after the component it exports)`);
  const parts = exported.filter((n) => /(Screen|Panel)$/.test(n));
  if (parts.length > 1) problems.push(`${file}: ${parts.join(', ')} (one screen or panel per file)`);
  return problems;
}

/** The rows of the table under "Menu, URL, contract, service, screen": its five cells, and the text of the section. */
function namesTable() {
  const doc = fs.readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Menu, URL, contract, service, screen'), doc.indexOf('### Component names'));
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Menu entry'))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const ticks = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return {
    section,
    rows: rows.map(([label, urls, domains, services, screens]) => ({
      label,
      slug: ticks(urls)[0],
      domains: new Set(ticks(domains).map((t) => t.split('.')[0])),
      services: ticks(services).map((t) => t.replace(/\/$/, '')),
      screens: ticks(screens).map((t) => t.replace(/\/$/, '')),
    })),
  };
}

describe('names map one to one (docs/architecture.md, "Menu, URL, contract, service, screen")', () => {
  it('every service folder maps its contract methods in a handlers.ts, and no file in it is named for nothing (index.ts)', () => {
    const dir = path.join(root, 'main', 'services');
    const folders = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((f) => !fs.existsSync(path.join(dir, f, 'handlers.ts')))).toEqual([]);
    expect(files(path.join('main', 'services')).filter((f) => path.basename(f) === 'index.ts')).toEqual([]);
  });

  it('every contract domain has its file in shared/contract/ and its folder in main/services/ whose handlers.ts maps its methods', async () => {
    const { methodNames } = await import('../shared/contract');
    const missing = methodNames.flatMap((m) => {
      const domain = kebab(m.split('.')[0]);
      return [path.join('shared', 'contract', `${domain}.ts`), path.join('main', 'services', domain, 'handlers.ts')]
        .filter((f) => !fs.existsSync(path.join(root, f)) || !fs.readFileSync(path.join(root, f), 'utf8').includes(`'${m}'`))
        .map((f) => `${m}: ${f}`);
    });
    expect(missing).toEqual([]);
  });

  it('a push event is named after the contract domain whose methods it goes with (the scanner is a device, not a domain)', async () => {
    const { methodNames } = await import('../shared/contract');
    const { eventNames } = await import('../shared/contract/events');
    const domains = new Set(methodNames.map((m) => m.split('.')[0]));
    expect(eventNames.filter((e) => e.split('.')[0] !== 'scanner' && !domains.has(e.split('.')[0]))).toEqual([]);
  });

  it('every service folder is named in the table (or under "On no menu")', () => {
    const { section } = namesTable();
    const folders = fs.readdirSync(path.join(root, 'main', 'services'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((f) => !section.includes(`\`${f}/\``) && !section.includes(`services/${f}/`))).toEqual([]);
  });

  it('the table\'s menu entries and addresses are the registry\'s, in order', () => {
    const registry = fs.readFileSync(path.join(root, SCREENS, 'registry.tsx'), 'utf8');
    const entries = [...registry.matchAll(/\{ id: '([^']+)', label: '([^']+)'/g)].map((m) => `${m[2]} #/${m[1]}`);
    expect(entries.length).toBeGreaterThan(5);
    expect(namesTable().rows.map((r) => `${r.label} #/${r.slug}`)).toEqual(entries);
  });

  it('every screen folder is a contract domain\'s or a menu container\'s, and sits in one row of the table', async () => {
    const { methodNames } = await import('../shared/contract');
    const domains = new Set(methodNames.map((m) => kebab(m.split('.')[0])));
    const registry = fs.readFileSync(path.join(root, SCREENS, 'registry.tsx'), 'utf8');
    const containers = new Set([...registry.matchAll(/from '\.\/([^/]+)\//g)].map((m) => m[1]));
    const folders = fs.readdirSync(path.join(root, SCREENS), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((f) => !domains.has(f) && !containers.has(f))).toEqual([]);
    const { rows } = namesTable();
    expect(folders.filter((f) => rows.filter((r) => r.screens.includes(f)).length !== 1)).toEqual([]);
  });

  it('what a menu entry\'s screen folders call is in its "Contract domains called"', async () => {
    const { methodNames } = await import('../shared/contract');
    const unlisted = namesTable().rows.flatMap((row) => row.screens.flatMap((folder) => files(path.join(SCREENS, folder)).flatMap((f) => {
      const src = fs.readFileSync(path.join(root, f), 'utf8');
      return methodNames.filter((m) => src.includes(`'${m}'`) && !row.domains.has(m.split('.')[0])).map((m) => `${row.label}: ${f} calls ${m}`);
    })));
    expect(unlisted).toEqual([]);
  });

  it('components under renderer/src/screens are XScreen, XPanel or named for what they are, one per file named after it', () => {
    const shown = ['registry.tsx', path.join('..', 'App.tsx')].map((f) => fs.readFileSync(path.join(root, SCREENS, f), 'utf8'));
    const screens = new Set(shown.flatMap((src) => [...src.matchAll(/import\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()))
      .filter((n) => n.endsWith('Screen'))));
    expect(screens.size).toBeGreaterThan(10);
    const registry = shown[0];
    expect([...registry.matchAll(/component: (\w+) \}/g)].map((m) => m[1]).filter((c) => !c.endsWith('Screen'))).toEqual([]);
    const problems = files(SCREENS).filter((f) => f.endsWith('.tsx') && !f.endsWith('registry.tsx'))
      .flatMap((f) => componentNameProblems(f, fs.readFileSync(path.join(root, f), 'utf8'), screens));
    expect(problems).toEqual([]);
  });

  it('would see a component off the convention (the check can fail)', () => {
    const screens = new Set(['SettingsScreen']);
    expect(componentNameProblems('settings/OpacSection.tsx', 'export function OpacSection() {}', screens)).toEqual([
      'settings/OpacSection.tsx: OpacSection (a screen part is an XPanel)',
    ]);
    expect(componentNameProblems('plan/PlanSources.tsx', 'export function NeedsPanel() {}\nexport function ForecastPanel() {}', screens)).toEqual([
      'plan/PlanSources.tsx: exports no PlanSources (a file is named after the component it exports)',
      'plan/PlanSources.tsx: NeedsPanel, ForecastPanel (one screen or panel per file)',
    ]);
    expect(componentNameProblems('x/ImportScreen.tsx', 'export const ImportScreen = () => null;', screens)).toEqual([
      'x/ImportScreen.tsx: ImportScreen (only what registry.tsx or App.tsx shows is an XScreen)',
    ]);
    expect(componentNameProblems('plan/NeedsPanel.tsx', 'export function NeedsPanel() {}\nfunction Row() {}', screens)).toEqual([]);
  });
});

describe('the gate does no work that proves nothing', () => {
  it('e2e specs take pictures through screenshot() from e2e/server.ts (skipped under CI), never .screenshot( themselves', () => {
    const offenders = files('e2e').filter((f) => f.endsWith('.spec.ts'))
      .filter((f) => /\.screenshot\(/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
