import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { ensureFerretDbBinary } from '../../src/engine/ferretdb-binary';
import { startFerretDb, type EngineBackend, type EngineHandle } from '../../src/engine/ferretdb-process';

const run = promisify(execFile);
const PG_URL = process.env.TEST_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The collection an engine-patch test probes, and a way to make one of its documents undecodable. */
export interface ProbeEngine {
  probe<T extends Document>(): Collection<T>;
  /** Gives a document's field a type sjson does not know: the engine fails on every read that decodes it. Asked of the backend through its own tool (sqlite3, psql). */
  poison(id: string, field: string): Promise<void>;
}

/**
 * A fresh embedded engine on one backend for each test of a describe block (the
 * engine-patch tests: their answers are compared with the released path, and a
 * poisoned document proves what the engine does not decode).
 */
export function useProbeEngine(kind: 'sqlite' | 'postgresql', prefix: string): ProbeEngine {
  let tmp = '';
  let engine: EngineHandle | undefined;
  let client: MongoClient | undefined;
  const dbName = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), `hub-${prefix}-`));
    const backend: EngineBackend = kind === 'sqlite' ? { kind, dir: tmp } : { kind, url: PG_URL, stateDir: tmp };
    engine = await startFerretDb({ binary: await ensureFerretDbBinary(() => {}), backend, log: () => {} });
    client = await MongoClient.connect(engine.uri);
  });
  afterEach(async () => {
    await client?.db(dbName).dropDatabase();
    await client?.close();
    await engine?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });
  return {
    probe: <T extends Document>() => client!.db(dbName).collection<T>('probe'),
    async poison(id, field) {
      if (kind === 'sqlite') {
        const file = path.join(tmp, `${dbName}.sqlite`);
        const table = (
          await run('sqlite3', [file, "SELECT table_name FROM _ferretdb_collections WHERE name = 'probe'"])
        ).stdout.trim();
        const changed = await run('sqlite3', [
          file,
          `UPDATE "${table}" SET _ferretdb_sjson = json_set(_ferretdb_sjson, '$."$s".p.${field}.t', 'bogus') WHERE _ferretdb_sjson->>'_id' = '${id}'; SELECT changes();`,
        ]);
        expect(changed.stdout.trim()).toBe('1');
      } else {
        const psql = (sql: string) => run('psql', [PG_URL, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
        const table = (
          await psql(
            `SELECT _jsonb->>'table' FROM "${dbName}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = 'probe'`,
          )
        ).stdout.trim();
        const changed = await psql(
          `UPDATE "${dbName}"."${table}" SET _jsonb = jsonb_set(_jsonb, '{$s,p,${field},t}', '"bogus"') WHERE _jsonb->>'_id' = '${id}' RETURNING 1`,
        );
        expect(changed.stdout.trim()).toBe('1');
      }
    },
  };
}
