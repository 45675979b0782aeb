import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectDatabase, type Database } from '../../src/db/client';
import { readLock } from '../../src/engine/file-lock';
import { newStats, providerClient, seedOverApi, type ClientResult } from '../support/fault-load';
import { eventually, runCli, spawnHub, type Spawned, bootstrapTokenOf } from '../support/processes';
import { embeddedBackendEnv } from '../support/test-engine';

const CLIENTS = 50;
const BSN_KEY = Buffer.alloc(32, 13).toString('base64');

/** The same burst as the kill -9 suite, with the embedded engine killed instead of the hub. */
describe('fault suite: the embedded engine dies under load', () => {
  let tmp: string;
  let hub: Spawned;
  let db: Database | undefined;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-engine-fault-'));
  });
  afterAll(async () => {
    await db?.db.dropDatabase();
    await db?.close();
    hub.child.kill('SIGTERM');
    await hub.exited;
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('requests get 503 problems (never a 500, never a hang), the hub recovers by itself, every submission stored once with flags and audit events', async () => {
    const dbName = `t_fault_${Date.now()}`;
    const env = { DATA_DIR: tmp, PORT: '0', JOBS_ENABLED: 'false', BSN_KEY, ...embeddedBackendEnv(dbName) };
    hub = spawnHub('server', [], env);
    const admin = `Bearer ${await bootstrapTokenOf(hub)}`;
    const { url } = JSON.parse(await hub.waitForLine(/"msg":"hub listening"/)) as { url: string };
    const target = { url, admin };
    const stats = newStats();
    const { provider, allocations } = await seedOverApi(target, CLIENTS, stats);
    const lockPath = path.join(tmp, 'db', 'engine.lock');
    const lock = (await readLock(lockPath))!;

    const results: Promise<ClientResult>[] = allocations.map((n, i) =>
      providerClient(target, provider, n, i % 3 === 0, stats),
    );
    const watch = await connectDatabase(lock.uri as string, dbName);
    while ((await watch.col.evaluations.countDocuments({}).catch(() => 0)) < CLIENTS / 5) await sleep(20);
    const storedAtKill = await watch.col.evaluations.countDocuments({});
    await watch.close();
    process.kill(-(lock.watchdogPid as number), 'SIGKILL');
    const done = await Promise.all(results);
    await eventually(
      async () => (await readLock(lockPath))?.watchdogPid !== lock.watchdogPid,
      30_000,
      'the engine to be restarted',
    );

    process.stderr.write(
      `fault suite (engine death): ${JSON.stringify({ clients: CLIENTS, storedAtKill, ...stats })}\n`,
    );
    expect(hub.child.exitCode).toBeNull(); // the hub itself never went down
    if (stats.statuses['500'])
      process.stderr.write(
        hub
          .stdout()
          .split('\n')
          .filter((l) => l.includes('unhandled error'))
          .slice(0, 3)
          .join('\n'),
      );
    expect(stats.statuses['500'] ?? 0).toBe(0);
    // 50 writers at once queue on the embedded engine: the same burst without a fault has its slowest
    // answer at ~18 s on two cores, with it ~20 s. What this bounds is a hang caused by the outage.
    expect(stats.slowestMs).toBeLessThan(35_000);
    db = await connectDatabase(lock.uri as string, dbName);
    expect(done).toHaveLength(CLIENTS);
    expect(done.filter((r) => r.concern).length).toBeGreaterThan(0);
    for (const r of done) {
      expect({
        n: r.allocationNumber,
        ev: r.evaluation.status,
        xr: r.request.status,
        why: [r.evaluation.body.type, r.request.body.type],
      }).toEqual({ n: r.allocationNumber, ev: 201, xr: 201, why: [undefined, undefined] });
      expect(
        (await db.col.evaluations.find({ allocationNumber: r.allocationNumber }).toArray()).map((e) => e._id),
      ).toEqual([r.evaluation.body.id]);
      expect(
        (await db.col.extensionRequests.find({ allocationNumber: r.allocationNumber }).toArray()).map((e) => e._id),
      ).toEqual([r.request.body.id]);
      // one safety flag for a reported concern, none without
      expect(await db.col.flags.countDocuments({ type: 'safety_concern', 'subject.id': r.allocationNumber })).toBe(
        r.concern ? 1 : 0,
      );
      expect(
        await db.col.auditEvents.countDocuments({
          action: 'evaluation.create',
          objectId: r.evaluation.body.id as string,
        }),
      ).toBeGreaterThanOrEqual(1);
    }
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.stdout).toMatch(/^audit trail intact/m);
  }, 180_000);
});
