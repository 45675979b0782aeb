import path from 'node:path';
import { defineConfig } from 'vite';
import { formValidators } from './form-validators.mts';

/** The web app: built into dist/web, served by the hub at /app/ (no inline script, so the hub's CSP holds). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [formValidators(path.join(import.meta.dirname, '..', '..', 'schemas'))],
  build: {
    outDir: path.join(import.meta.dirname, '..', '..', 'dist', 'web'),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // React libraries mark modules 'use client' (for server components); a plain bundle has no use for it
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
