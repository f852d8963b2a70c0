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
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
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
