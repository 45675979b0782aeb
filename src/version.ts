import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

/** The hub's version (package.json): the OpenAPI `info.version` and every response's `API-Version`. */
export const API_VERSION = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
