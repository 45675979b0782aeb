import { setTimeout as sleep } from 'node:timers/promises';
import { connectDatabase, type Database } from '../../src/db/client';
import { testMongoUri } from '../support/db';
import { newStats, providerClient, seedOverApi, type ClientResult, type Target } from '../support/fault-load';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { freePort, runCli } from '../support/processes';

const CLIENTS = 50;
const BSN_KEY = Buffer.alloc(32, 11).toString('base64');

/**
 * The promise behind every 2xx: 50 provider clients submit evaluations and extension
 * requests with Idempotency-Keys, the hub is killed with SIGKILL in the middle of the
 * burst and started again, and every client retries what was not acknowledged.
 */
describe('fault suite: kill -9 of the hub under load', () => {
  let hub: HubProcess;
  let db: Database;
  afterAll(async () => {
    await hub?.stop();
    await db?.db.dropDatabase();
    await db?.close();
  });

  test('every acknowledged submission stored exactly once, every retried one too; flags, audit events and the chain intact', async () => {
    const port = String(await freePort());
    hub = await startHubProcess({ PORT: port, BSN_KEY });
    const target: Target = { url: hub.url, admin: hub.admin };
    const stats = newStats();
    const { provider, allocations } = await seedOverApi(target, CLIENTS, stats);

    const results: Promise<ClientResult>[] = allocations.map((n, i) =>
      providerClient(target, provider, n, i % 3 === 0, stats),
    );
    // kill once the burst is well under way (some evaluations stored, most requests not yet)
    db = await connectDatabase(testMongoUri(), hub.dbName);
    const until = Date.now() + 30_000;
    while ((await db.col.evaluations.countDocuments({})) < CLIENTS / 5 && Date.now() < until) await sleep(20);
    const storedAtKill = await db.col.evaluations.countDocuments({});
    hub.proc.child.kill('SIGKILL');
    await hub.proc.exited;
    hub = await hub.restart();
    const done = await Promise.all(results);

    const summary = { clients: CLIENTS, storedAtKill, ...stats };
    process.stderr.write(`fault suite (kill -9): ${JSON.stringify(summary)}\n`);
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(CLIENTS * 2);
    expect(stats.statuses['500'] ?? 0).toBe(0);
    expect(done).toHaveLength(CLIENTS);
    expect(done.filter((r) => r.concern).length).toBeGreaterThan(0);
    for (const r of done) {
      expect({
        n: r.allocationNumber,
        ev: r.evaluation.status,
        xr: r.request.status,
        why: [r.evaluation.body.type, r.request.body.type],
      }).toEqual({ n: r.allocationNumber, ev: 201, xr: 201, why: [undefined, undefined] });
      const evaluations = await db.col.evaluations.find({ allocationNumber: r.allocationNumber }).toArray();
      const requests = await db.col.extensionRequests.find({ allocationNumber: r.allocationNumber }).toArray();
      expect(evaluations.map((e) => e._id)).toEqual([r.evaluation.body.id]);
      expect(requests.map((e) => e._id)).toEqual([r.request.body.id]);
      const allocation = (await db.col.allocations.findOne({ _id: r.allocationNumber }))!;
      expect(allocation.evaluations).toMatchObject({
        count: 1,
        latestId: r.evaluation.body.id,
        latestSafetyConcern: r.concern,
      });
      expect(allocation.extensionRequestCount).toBe(1);
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
      expect(
        await db.col.auditEvents.countDocuments({
          action: 'extension-request.create',
          objectId: r.request.body.id as string,
        }),
      ).toBeGreaterThanOrEqual(1);
    }
    for (const name of ['evaluations', 'extensionRequests', 'allocations'] as const) {
      expect(
        await (db.col[name] as unknown as { countDocuments(f: object): Promise<number> }).countDocuments({
          pending: { $exists: true },
        }),
      ).toBe(0);
    }
    const verify = await runCli(['audit', 'verify'], { MONGODB_URI: testMongoUri(), DB_NAME: hub.dbName, BSN_KEY });
    expect(verify.stdout).toMatch(/^audit trail intact/m);
    expect(verify.code).toBe(0);
  }, 180_000);
});
