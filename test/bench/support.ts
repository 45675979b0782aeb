import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { connectDatabase, type Database } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrations';
import { createLogger } from '../../src/logger';
import { buildServices, type Services } from '../../src/services';
import { SchemaRegistry } from '../../src/validation/schemas';
import { loadConfig, type Config } from '../../src/config';
import { startTestEngine } from '../support/test-engine';

/** A throwaway engine and database for a benchmark (MONGODB_URI: use that instead). */
export async function benchDatabase(options: { monitorCommands?: boolean } = {}): Promise<{ database: Database; services: Services; config: Config; schemas: SchemaRegistry; close(): Promise<void> }> {
  const started = process.env.MONGODB_URI ? undefined : await startTestEngine();
  const uri = process.env.MONGODB_URI ?? started!.engine.uri;
  const database = await connectDatabase(uri, `bench_${crypto.randomBytes(4).toString('hex')}`, options);
  await runMigrations(database.db, createLogger({ level: 'silent', format: 'json' }));
  // no rate limits: the throughput phase sends far more than a client may
  const config = loadConfig({ NODE_ENV: 'test', JOBS_ENABLED: 'false', RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_TOKEN: '0' }, false);
  const schemas = new SchemaRegistry();
  const services = buildServices({ database, config, clock: () => new Date(), bsnKey: crypto.randomBytes(32), schemas });
  return {
    database,
    services,
    config,
    schemas,
    async close() {
      await database.db.dropDatabase();
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
