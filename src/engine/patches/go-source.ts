import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths';

/** The text of a Go file the hub adds to the FerretDB module, from src/engine/patches/go/ (its path inside the module). */
export function goSource(file: string): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'engine', 'patches', 'go', file), 'utf8');
}
