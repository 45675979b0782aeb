import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary } from '../../src/engine/ferretdb-binary';
import { startFerretDb, type EngineBackend, type EngineHandle } from '../../src/engine/ferretdb-process';

/** Which engine the suite runs against, from TEST_BACKEND (sqlite | postgresql). */
export function testBackendKind(): 'sqlite' | 'postgresql' {
  const kind = process.env.TEST_BACKEND ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgresql')
    throw new Error(`TEST_BACKEND must be sqlite or postgresql, not ${kind}`);
  return kind;
}

/** The PostgreSQL the suite's PostgreSQL backend uses: TEST_POSTGRESQL_URL, or the local one with trust auth. */
export function testPostgresUrl(): string {
  return process.env.TEST_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Starts a FerretDB for tests in a fresh temporary folder; `dir` reuses a folder, its data and its socket (restart tests). */
export async function startTestEngine(opts: { dir?: string } = {}): Promise<{ engine: EngineHandle; dir: string }> {
  const binary = await ensureFerretDbBinary((m) => process.stderr.write(`${m}\n`));
  const dir = opts.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'youthcare-hub-test-')));
  const kind = testBackendKind();
  const backend: EngineBackend =
    kind === 'sqlite'
      ? { kind: 'sqlite', dir }
      : {
          kind: 'postgresql',
          url: testPostgresUrl(),
          stateDir: dir,
        };
  const engine = await startFerretDb({
    binary,
    backend,
    log: (level, message) => {
      if (level !== 'info') process.stderr.write(`${message}\n`);
    },
  });
  return { engine, dir };
}

/** The embedded engine's backend for spawned hubs: the suite's (PostgreSQL when TEST_BACKEND=postgresql), in a database of its own. */
export function embeddedBackendEnv(dbName: string): NodeJS.ProcessEnv {
  return testBackendKind() === 'postgresql'
    ? {
        FERRETDB_POSTGRESQL_URL: testPostgresUrl(),
        DB_NAME: dbName,
      }
    : { DB_NAME: dbName };
}
