import type { Plugin } from 'vite';
import { rendererCsp } from '../shared/security';

/** Writes the one CSP (shared/security.ts) into index.html's meta tag at build time. */
export function cspMetaPlugin(): Plugin {
  return {
    name: 'kesach-csp-meta',
    transformIndexHtml: (html) => html.replace('%KESACH_CSP%', rendererCsp({ frameAncestors: false })),
  };
}
