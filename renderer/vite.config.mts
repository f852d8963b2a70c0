import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspMetaPlugin } from './csp-plugin';

const here = path.dirname(fileURLToPath(import.meta.url));

// Browser-mode build of the renderer (served by main/server). Electron's build is electron.vite.config.ts.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), cspMetaPlugin()],
  // `@shared/…` in the renderer is shared/ (tsconfig.web.json `paths`; electron.vite.config.ts and vitest too).
  resolve: { alias: { '@shared': path.resolve(here, '../shared') } },
  build: { outDir: path.resolve(here, '../out/web'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:5178' },
  },
});
