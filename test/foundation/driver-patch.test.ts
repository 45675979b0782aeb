import { MongoClient } from 'mongodb';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import path from 'node:path';

/**
 * The hub's patch of the driver (src/db/driver-patches): a command on a pooled
 * connection whose socket Node has already destroyed (the server died; Node emits
 * 'close' one loop turn later) used to wait forever for a 'drain' that never comes.
 * In 40 kill -9 rounds of the embedded engine 8 requests hung that way. With the
 * patch the write fails as a network error and the driver retries the read on a new
 * connection.
 *
 * The test reaches into the driver's pool (internal fields, pinned by the lockfile)
 * to put a connection in exactly that state: the race it stands for is otherwise a
 * matter of timing.
 */
interface PooledConnection {
  socket: Socket;
  closed: boolean;
}
interface DriverInternals {
  topology: { s: { servers: Map<string, { pool: { connections: Iterable<PooledConnection> } }> } };
}

function pooledConnections(client: MongoClient): PooledConnection[] {
  const servers = (client as unknown as DriverInternals).topology.s.servers;
  return [...servers.values()].flatMap((server) => [...server.pool.connections]);
}

describe('driver patch: a write on a destroyed socket', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = new MongoClient(process.env.TEST_MONGODB_URI!, { maxPoolSize: 1, serverSelectionTimeoutMS: 5000 });
    await client.connect();
  });
  afterAll(() => client.close());

  test('the patch is applied to the installed driver', async () => {
    const source = await readFile(path.join(path.dirname(require.resolve('mongodb')), 'cmap', 'connection.js'), 'utf8');
    expect(source).toContain('youthcare-hub patch');
  });

  test('fails over to a new connection instead of waiting forever', async () => {
    const col = client.db(`t_driver_patch_${Date.now()}`).collection<{ _id: string }>('things');
    await col.insertOne({ _id: 'a' });
    const [pooled] = pooledConnections(client);
    expect(pooled).toBeDefined();
    // what Node does when the server's end of the stream arrives: destroyed now, 'close' later
    pooled!.socket.destroy();
    expect(pooled!.socket.destroyed).toBe(true);
    expect(pooled!.closed).toBe(false);

    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => {
      timer = setTimeout(() => resolve('hung'), 10_000);
    });
    try {
      const outcome = await Promise.race([col.findOne({ _id: 'a' }), hung]);
      expect(outcome).toEqual({ _id: 'a' });
    } finally {
      clearTimeout(timer);
    }
    expect(pooled!.closed).toBe(true);
  });
});
