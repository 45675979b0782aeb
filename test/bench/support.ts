import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { connectDatabase, type Database } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrations';
import { LocksRepository } from '../../src/repositories/locks.repository';
import { createLogger } from '../../src/logger';
import { buildServices, type Services } from '../../src/services';
import { SchemaRegistry } from '../../src/validation/schemas';
import { loadConfig, type Config } from '../../src/config';
import { startTestEngine } from '../support/test-engine';

/** The database a benchmark reuses (BENCH_DATABASE, kept by an earlier run with BENCH_KEEP=1), if any. */
export function reusedBenchDatabase(): string | undefined {
  return process.env.BENCH_DATABASE || undefined;
}

/**
 * A throwaway engine and database for a benchmark (MONGODB_URI: use that instead).
 * BENCH_KEEP=1 keeps the database; BENCH_DATABASE=<name> uses a kept one (on the
 * PostgreSQL backend the data stays in PostgreSQL between runs) and keeps it.
 */
export async function benchDatabase(options: { monitorCommands?: boolean } = {}): Promise<{
  database: Database;
  services: Services;
  config: Config;
  schemas: SchemaRegistry;
  close(): Promise<void>;
}> {
  const started = process.env.MONGODB_URI ? undefined : await startTestEngine();
  const uri = process.env.MONGODB_URI ?? started!.engine.uri;
  const dbName = reusedBenchDatabase() ?? `bench_${crypto.randomBytes(4).toString('hex')}`;
  const database = await connectDatabase(uri, dbName, options);
  await runMigrations(
    database.db,
    createLogger({ level: 'silent', format: 'json' }),
    new LocksRepository(database.col.locks),
  );
  // no rate limits: the throughput phase sends far more than a client may
  const config = loadConfig(
    { NODE_ENV: 'test', JOBS_ENABLED: 'false', RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_TOKEN: '0' },
    false,
  );
  const schemas = new SchemaRegistry();
  const services = buildServices({
    database,
    config,
    clock: () => new Date(),
    bsnKey: crypto.createHash('sha256').update(`bench BSN key ${dbName}`).digest(),
    schemas,
  }); // a kept database opens again
  return {
    database,
    services,
    config,
    schemas,
    async close() {
      // BENCH_KEEP=1 keeps the seeded database (on the PostgreSQL backend it stays in PostgreSQL after the engine stops)
      if (process.env.BENCH_KEEP || reusedBenchDatabase())
        process.stderr.write(`bench: kept database ${database.db.databaseName}\n`);
      else await database.db.dropDatabase();
      await database.close();
      await started?.engine.stop();
      if (started) await fs.rm(started.dir, { recursive: true, force: true });
    },
  };
}

/** Milliseconds since `start`, formatted. */
export function since(start: number): string {
  return `${(performance.now() - start).toFixed(0)} ms`;
}
