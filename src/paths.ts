import path from 'node:path';
import fs from 'node:fs';

/** Finds the package root (the folder holding package.json) from a start folder. */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'schemas'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project root above ${start}`);
    dir = parent;
  }
}

/** Absolute path of the project root, whether running from src/ (tests) or dist/src/ (built). */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/** Absolute path of the JSON Schemas folder, the single source of truth for payloads. */
export const SCHEMAS_DIR = path.join(PROJECT_ROOT, 'schemas');

/** Absolute path of the built web app (`npm run build` writes it with Vite from src/web). */
export const WEB_APP_DIR = path.join(PROJECT_ROOT, 'dist', 'web');
