import crypto from 'node:crypto';
import { connectDatabase, type Database } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrations';
import { createLogger } from '../../src/logger';
import { buildServices, type Services } from '../../src/services';
import { SchemaRegistry } from '../../src/validation/schemas';
import { loadConfig } from '../../src/config';
import { startTestEngine } from '../support/test-engine';

/** A throwaway engine and database for a benchmark (MONGODB_URI: use that instead). */
export async function benchDatabase(): Promise<{ database: Database; services: Services; close(): Promise<void> }> {
  const started = process.env.MONGODB_URI ? undefined : await startTestEngine();
  const uri = process.env.MONGODB_URI ?? started!.engine.uri;
  const database = await connectDatabase(uri, `bench_${crypto.randomBytes(4).toString('hex')}`);
  await runMigrations(database.db, createLogger({ level: 'silent', format: 'json' }));
  const services = buildServices({ database, config: loadConfig({ NODE_ENV: 'test' }, false), clock: () => new Date(), bsnKey: crypto.randomBytes(32), schemas: new SchemaRegistry() });
  return {
    database,
    services,
    async close() {
      await database.db.dropDatabase();
      await database.close();
      await started?.engine.stop();
    },
  };
}

/** Milliseconds since `start`, formatted. */
export function since(start: number): string {
  return `${(performance.now() - start).toFixed(0)} ms`;
}
