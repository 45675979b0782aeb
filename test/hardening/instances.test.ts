/**
 * Several hub instances on one database (issue 25): the first hub runs the embedded
 * engine, two more connect to it with MONGODB_URI, all three run the scheduled jobs.
 * 50 provider clients send evaluations and extension requests round-robin across
 * them; each request is then decided by two consultants at once through two
 * instances, and each safety flag acknowledged twice at once. One connecting
 * instance is killed with SIGKILL mid-run and started again on its port. Every
 * acknowledged write is stored exactly once with all its fields, each decision and
 * acknowledgement is taken once, and each job ran once per tick across instances.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectDatabase, type Database } from '../../src/db/client';
import { readLock } from '../../src/engine/file-lock';
import { newStats, providerClient, seedOverApi, untilFinal, type Ack, type Target } from '../support/fault-load';
import { REGION } from '../support/factories';
import { freePort, spawnHub, type Spawned, bootstrapTokenOf } from '../support/processes';
import { testPostgresUrl } from '../support/test-engine';

const CLIENTS = 50;
const BSN_KEY = Buffer.alloc(32, 25).toString('base64');

interface Instance {
  name: string;
  env: NodeJS.ProcessEnv;
  proc: Spawned;
  target: Target;
}

async function listening(proc: Spawned): Promise<string> {
  return (JSON.parse(await proc.waitForLine(/"msg":"hub listening"/, 120_000)) as { url: string }).url;
}

describe.each(['sqlite', 'postgresql'] as const)('several hub instances on one database (%s)', (kind) => {
  const instances: Instance[] = [];
  const dirs: string[] = [];
  let db: Database | undefined;
  afterAll(async () => {
    // the connecting instances first, the engine's owner last
    for (const i of [...instances].reverse()) {
      if (i.proc.child.exitCode === null && i.proc.child.signalCode === null) {
        i.proc.child.kill('SIGTERM');
        await i.proc.exited;
      }
    }
    await db?.close();
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  test('50 clients across three instances, one killed mid-run: everything acknowledged stored once, each decision and job tick once', async () => {
    const dbName = `inst_${crypto.randomBytes(5).toString('hex')}`;
    const common = { DB_NAME: dbName, BSN_KEY, JOBS_ENABLED: 'true', RATE_LIMIT_PER_TOKEN: '0' };
    // the first instance owns the embedded engine (SQLite in its data folder, or PostgreSQL)
    const ownerDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-inst-'));
    dirs.push(ownerDir);
    const ownerEnv = {
      ...common,
      FERRETDB_POSTGRESQL_URL: kind === 'postgresql' ? testPostgresUrl() : undefined,
      DATA_DIR: ownerDir,
      PORT: String(await freePort()),
    };
    const owner = spawnHub('server', [], ownerEnv);
    const admin = `Bearer ${await bootstrapTokenOf(owner, 240_000)}`;
    instances.push({ name: 'A', env: ownerEnv, proc: owner, target: { url: await listening(owner), admin } });
    const engineUri = (await readLock(path.join(ownerDir, 'db', 'engine.lock')))?.uri as string;
    expect(engineUri).toMatch(/^mongodb:\/\//);
    // two more connect to that engine
    for (const name of ['B', 'C']) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-inst-'));
      dirs.push(dir);
      const env = {
        ...common,
        MONGODB_URI: engineUri,
        FERRETDB_POSTGRESQL_URL: undefined,
        DATA_DIR: dir,
        PORT: String(await freePort()),
      };
      const proc = spawnHub('server', [], env);
      instances.push({ name, env, proc, target: { url: await listening(proc), admin } });
    }
    const [a, b] = instances as [Instance, Instance, Instance];
    const at = (i: number) => instances[i % 3]!.target;

    const stats = newStats();
    const { provider, allocations } = await seedOverApi(a.target, CLIENTS, stats);
    const consultant = `Bearer ${
      (
        await untilFinal(
          a.target,
          'POST',
          '/v1/tokens',
          admin,
          { role: 'consultant', teamCode: REGION.teamA, label: 'consultant' },
          'tok-consultant',
          stats,
        )
      ).body.token as string
    }`;

    db = await connectDatabase(engineUri, dbName);
    const runs = allocations.map(async (n, i) => {
      const concern = i % 3 === 0;
      // the evaluation through one instance, the request through the next
      const submitted = await providerClient(
        {
          get url() {
            return at(i).url;
          },
          admin,
        },
        provider,
        n,
        concern,
        stats,
      );
      const id = submitted.request.body.id as string;
      // two consultants decide the same request at once, through two instances
      const decisions: Ack[] = await Promise.all(
        [
          { via: i + 1, body: { decision: 'approved', note: 'Akkoord.' } },
          { via: i + 2, body: { decision: 'rejected', rejectionCode: '7', note: 'Niet nodig.' } },
        ].map(({ via, body }, k) =>
          untilFinal(
            at(via),
            'POST',
            `/v1/extension-requests/${id}/decision`,
            consultant,
            body,
            `dec-${n}-${k}`,
            stats,
          ),
        ),
      );
      // and acknowledge its safety flag at once, through two instances
      let acks: Ack[] = [];
      if (concern) {
        const flagId = encodeURIComponent(`safety_concern:${n}:${submitted.evaluation.body.id as string}`);
        acks = await Promise.all(
          [i, i + 1].map((via, k) =>
            untilFinal(
              at(via),
              'POST',
              `/v1/flags/${flagId}/acknowledge`,
              consultant,
              { note: `ack ${k}` },
              `ack-${n}-${k}`,
              stats,
            ),
          ),
        );
      }
      return { ...submitted, decisions, acks };
    });

    // kill a connecting instance once the burst is under way, and start it again on its port
    const until = Date.now() + 60_000;
    while ((await db.col.evaluations.countDocuments({})) < CLIENTS / 5 && Date.now() < until) await sleep(20);
    const storedAtKill = await db.col.evaluations.countDocuments({});
    b.proc.child.kill('SIGKILL');
    await b.proc.exited;
    b.proc = spawnHub('server', [], b.env);
    await listening(b.proc);
    const done = await Promise.all(runs);

    // let every instance's job scheduler see at least one more minute tick together
    const sinceRestart = Date.now();
    while (Date.now() - sinceRestart < 61_000) await sleep(1000);

    const summary = { clients: CLIENTS, instances: 3, storedAtKill, ...stats };
    process.stderr.write(`three instances: ${JSON.stringify(summary)}\n`);
    expect(storedAtKill).toBeGreaterThan(0);
    expect(stats.statuses['500'] ?? 0).toBe(0);
    for (const r of done) {
      const n = r.allocationNumber;
      expect([r.evaluation.status, r.request.status]).toEqual([201, 201]);
      expect(
        await db.col.evaluations
          .find({ allocationNumber: n })
          .map((e) => e._id)
          .toArray(),
      ).toEqual([r.evaluation.body.id]);
      const requests = await db.col.extensionRequests.find({ allocationNumber: n }).toArray();
      expect(requests.map((x) => x._id)).toEqual([r.request.body.id]);
      // one decision won, the other was told it came too late; the stored one is the winner's
      expect(r.decisions.map((d) => d.status).sort()).toEqual([200, 409]);
      const won = r.decisions.find((d) => d.status === 200)!.body;
      expect(r.decisions.find((d) => d.status === 409)!.body.type).toBe('/problems/already-decided');
      expect(requests[0]!.status).toBe(won.status);
      const allocation = (await db.col.allocations.findOne({ _id: n }))!;
      expect(allocation.evaluations).toMatchObject({
        count: 1,
        latestId: r.evaluation.body.id,
        latestSafetyConcern: r.concern,
      });
      expect(allocation.extensionRequestCount).toBe(1);
      // an approval moved the end date; a rejection did not; no field of either write lost
      expect(allocation.endDate).toBe(won.status === 'approved' ? '2027-06-30' : '2026-12-31');
      if (r.concern) {
        expect(r.acks.map((x) => x.status).sort()).toEqual([200, 409]);
        const flag = (await db.col.flags.findOne({ type: 'safety_concern', 'subject.id': n }))!;
        expect(flag.status).toBe('acknowledged');
        expect(flag.history.filter((h) => h.action === 'acknowledged')).toHaveLength(1);
      } else {
        expect(await db.col.flags.countDocuments({ type: 'safety_concern', 'subject.id': n })).toBe(0);
      }
    }
    for (const name of ['evaluations', 'extensionRequests', 'allocations'] as const) {
      expect(
        await (db.col[name] as unknown as { countDocuments(f: object): Promise<number> }).countDocuments({
          pending: { $exists: true },
        }),
      ).toBe(0);
    }
    // each job ran once per tick across the three instances
    const jobRuns = await db.col.jobRuns.find({}).toArray();
    const perTick = new Map<string, number>();
    for (const run of jobRuns.filter((x) => x.outcome === 'succeeded'))
      perTick.set(
        `${run.job}@${run.tick.toISOString()}`,
        (perTick.get(`${run.job}@${run.tick.toISOString()}`) ?? 0) + 1,
      );
    const outboxTicks = [...perTick.keys()].filter((k) => k.startsWith('outbox@'));
    process.stderr.write(
      `three instances: ${jobRuns.length} job runs, ${perTick.size} ticks (${outboxTicks.length} of outbox), by ${new Set(jobRuns.map((x) => x.instance)).size} instances\n`,
    );
    expect(outboxTicks.length).toBeGreaterThanOrEqual(2);
    expect([...perTick.entries()].filter(([, count]) => count > 1)).toEqual([]);
  }, 420_000);
});
