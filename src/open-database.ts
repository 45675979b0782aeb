import path from 'node:path';
import type { Config } from './config';
import { provideEmbeddedEngine, type EmbeddedEngine, type EngineUser } from './engine/embedded';
import type { Logger } from './logger';
import { connectDatabase, type Database } from './db/client';
import { getCollections } from './db/collections';
import { runMigrations } from './db/migrations';
import { LocksRepository } from './repositories/locks.repository';

/** An open, migrated database, and the engine behind it when embedded. */
export interface OpenDatabase {
  database: Database;
  engine?: EmbeddedEngine;
  close(): Promise<void>;
}

/**
 * Connects to MONGODB_URI, or (unset) to the embedded FerretDB of DATA_DIR/db (its
 * data in SQLite there, or in FERRETDB_POSTGRESQL_URL), started here or reused from a
 * running hub. Applies pending migrations.
 */
export async function openDatabase(config: Config, logger: Logger, user: EngineUser): Promise<OpenDatabase> {
  let engine: EmbeddedEngine | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    const log = logger.child({ component: 'engine' });
    engine = await provideEmbeddedEngine(
      path.join(config.dataDir, 'db'),
      user,
      (level, message) => log[level](message),
      { postgresqlUrl: config.ferretdbPostgresqlUrl },
    );
    uri = engine.uri;
  }
  try {
    const database = await connectDatabase(uri, config.dbName);
    await runMigrations(database.db, logger, new LocksRepository(getCollections(database.db).locks));
    return {
      database,
      engine,
      async close() {
        await database.close();
        await engine?.release();
      },
    };
  } catch (err) {
    await engine?.release();
    throw err;
  }
}
