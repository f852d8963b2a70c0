import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Browser-mode build of the renderer (served by main/server). Electron's build is electron.vite.config.ts.
export default defineConfig({
  root: __dirname,
  base: './',
  plugins: [react()],
  build: { outDir: path.resolve(__dirname, '../out/web'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:5178' },
  },
});
