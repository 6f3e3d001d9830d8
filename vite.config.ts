import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The dashboard: built into dist/client and served by the API server itself. */
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:8787' } },
});
