import { MongoClient, type Db } from 'mongodb';
import { getCollections, type Collections } from './collections';

/** The one database client of the process, with its typed collections. */
export interface Database {
  client: MongoClient;
  db: Db;
  col: Collections;
  /** Answers whether the database responds within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects to MongoDB (or FerretDB) and returns the typed collections.
 * `monitorCommands` makes the client emit the driver's command events (the
 * suite's index-coverage check listens to them).
 */
export async function connectDatabase(
  uri: string,
  dbName: string,
  options: { monitorCommands?: boolean } = {},
): Promise<Database> {
  const client = new MongoClient(uri, {
    appName: 'youthcare-hub',
    ignoreUndefined: true,
    serverSelectionTimeoutMS: 5_000, // during an outage a request gets its 503 within seconds
    monitorCommands: options.monitorCommands ?? false,
  });
  await client.connect();
  const db = client.db(dbName);
  return {
    client,
    db,
    col: getCollections(db),
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          db.command({ ping: 1 }),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('ping timed out')), timeoutMs);
          }),
        ]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => client.close(),
  };
}
