import crypto from 'node:crypto';
import { connectDatabase, type Database } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrations';
import { LocksRepository } from '../../src/repositories/locks.repository';
import { createLogger } from '../../src/logger';
import { assertIndexCoverage, CommandRecorder } from './index-coverage';

/** The address of the suite's engine (set by the global setup). */
export function testMongoUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error('TEST_MONGODB_URI is not set: run the tests with `npm test` (jest global setup starts the engine)');
  return uri;
}

/** A database of its own for one test file, migrated, dropped by `drop()`. */
export interface TestDatabase {
  /** The app's connection: every query on it from after the migrations must have an index (index-coverage.ts). */
  database: Database;
  /** The test's own connection, for arranging and inspecting state directly (not checked). */
  raw: Database;
  dbName: string;
  /** Deletes every document of every collection (indexes stay): a clean slate per test. */
  clear(): Promise<void>;
  drop(): Promise<void>;
}

/** Creates and migrates a uniquely named database on the suite's engine. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dbName = `t_${crypto.randomBytes(6).toString('hex')}`;
  const database = await connectDatabase(testMongoUri(), dbName, { monitorCommands: true });
  await runMigrations(
    database.db,
    createLogger({ level: 'silent', format: 'json' }),
    new LocksRepository(database.col.locks),
  );
  const raw = await connectDatabase(testMongoUri(), dbName);
  const recorder = new CommandRecorder(database.client, dbName); // every query from here on must have an index
  const testFile =
    (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? 'a test file';
  return {
    database,
    raw,
    dbName,
    async clear() {
      const collections = await raw.db.listCollections({}, { nameOnly: true }).toArray();
      await Promise.all(
        collections.filter((c) => c.name !== 'migrations').map((c) => raw.db.collection(c.name).deleteMany({})),
      );
    },
    async drop() {
      recorder.stop();
      let coverage: Error | undefined;
      try {
        await assertIndexCoverage(recorder, database.db, testFile);
      } catch (err) {
        coverage = err as Error;
      }
      await database.db.dropDatabase();
      await database.close();
      await raw.close();
      if (coverage) throw coverage;
    },
  };
}
