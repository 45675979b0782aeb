import crypto from 'node:crypto';
import { connectDatabase, type Database } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrations';
import { createLogger } from '../../src/logger';

/** The address of the suite's engine (set by the global setup). */
export function testMongoUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests with `npm test` (jest global setup starts the engine)');
  return uri;
}

/** A database of its own for one test file, migrated, dropped by `drop()`. */
export interface TestDatabase {
  database: Database;
  dbName: string;
  /** Deletes every document of every collection (indexes stay): a clean slate per test. */
  clear(): Promise<void>;
  drop(): Promise<void>;
}

/** Creates and migrates a uniquely named database on the suite's engine. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dbName = `t_${crypto.randomBytes(6).toString('hex')}`;
  const database = await connectDatabase(testMongoUri(), dbName);
  await runMigrations(database.db, createLogger({ level: 'silent', format: 'json' }));
  return {
    database,
    dbName,
    async clear() {
      const collections = await database.db.listCollections({}, { nameOnly: true }).toArray();
      await Promise.all(collections.filter((c) => c.name !== 'migrations').map((c) => database.db.collection(c.name).deleteMany({})));
    },
    async drop() {
      await database.db.dropDatabase();
      await database.close();
    },
  };
}
