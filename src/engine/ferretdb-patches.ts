/**
 * The hub's changes to FerretDB v1.24.2, applied to a copy of the module source before
 * it is compiled (ferretdb-binary.ts). Each is small and checked against the released
 * text: a patch that does not apply stops the build.
 */

import { PUSHDOWN_PATCHES } from './patches/pushdown';
import { IN_PUSHDOWN_PATCHES } from './patches/in-pushdown';
import { KEYSET_PATCHES } from './patches/keyset';
import { KEYSET_BACKEND_PATCHES } from './patches/keyset-backends';
import { KEYSET_SQLITE_PATCHES } from './patches/keyset-sqlite';
import { KEYSET_POSTGRESQL_PATCHES } from './patches/keyset-postgresql';
import { DECODING_PATCHES } from './patches/decoding';
import { ATOMIC_WRITE_PATCHES } from './patches/atomic-writes';
import type { EnginePatch } from './patches/patch';

export type { EnginePatch } from './patches/patch';

/**
 * The hub's patches to FerretDB v1.24.2. Each is small, checked against the
 * released text (a mismatch stops the build) and keys the cached binary, so a
 * changed patch list builds a new engine.
 */
export const FERRETDB_PATCHES: readonly EnginePatch[] = [
  ...PUSHDOWN_PATCHES,
  ...IN_PUSHDOWN_PATCHES,
  ...KEYSET_PATCHES,
  ...KEYSET_BACKEND_PATCHES,
  ...KEYSET_SQLITE_PATCHES,
  ...KEYSET_POSTGRESQL_PATCHES,
  ...DECODING_PATCHES,
  ...ATOMIC_WRITE_PATCHES,
];
