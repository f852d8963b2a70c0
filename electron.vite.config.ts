import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cspMetaPlugin } from './renderer/csp-plugin';

// Electron build: main, preload (sandboxed, CommonJS) and renderer. Native modules stay external.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: { index: path.resolve(__dirname, 'main/index.ts'), worker: path.resolve(__dirname, 'main/worker.ts'), 'opac-worker': path.resolve(__dirname, 'main/server/opac-worker.ts') } },
      rollupOptions: { external: ['better-sqlite3', 'typeorm', 'pdfkit', 'exceljs', 'jsbarcode'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: path.resolve(__dirname, 'main/preload.ts') },
      rollupOptions: { output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: path.resolve(__dirname, 'renderer'),
    plugins: [react(), cspMetaPlugin()],
    resolve: { alias: { '@shared': path.resolve(__dirname, 'shared') } },
    build: { outDir: path.resolve(__dirname, 'out/renderer'), rollupOptions: { input: path.resolve(__dirname, 'renderer/index.html') } },
  },
});
