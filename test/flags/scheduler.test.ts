import { ALL_JOBS } from '../../jobs';
import { connectDatabase } from '../../src/db/client';
import { createMetrics } from '../../src/metrics';
import { runJobOnce } from '../../src/scheduler/run-job';
import { adjacentTick, startScheduler } from '../../src/scheduler/scheduler';
import { systemActor } from '../../src/services/actor';
import { buildServices } from '../../src/services';
import { testMongoUri } from '../support/db';
import { createHarness, TEST_BSN_KEY, type Harness } from '../support/harness';
import { allocationInput, seedRegion, tokensFor } from '../support/factories';
import { startWebhookReceiver } from '../support/peers';

describe('scheduled jobs across instances', () => {
  let h: Harness;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    hook = await startWebhookReceiver();
    h = await createHarness({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    await seedRegion(h);
    await h.services.registry.createProvider({
      agbCode: '33333333',
      name: 'Webhook BV',
      email: 'ops@webhook.example',
      webhookUrl: hook.url,
    });
    await h.services.registry.createContract({
      contractNumber: 'C-WH',
      providerAgbCode: '33333333',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      productCodes: ['45A48'],
    });
    for (let i = 0; i < 5; i += 1) {
      await h.services.allocations.create(
        systemActor('cli', 'test'),
        allocationInput('A', {
          providerAgbCode: '33333333',
          contractNumber: 'C-WH',
          startDate: '2026-02-01',
          endDate: '2026-12-31',
        }),
      );
    }
  });
  afterAll(async () => {
    await hook.close();
    await h.close();
  });

  test("the schedule's previous and next ticks are found in Europe/Amsterdam time", () => {
    expect(adjacentTick('0 5 * * *', new Date('2026-07-01T10:00:00Z'), -1)).toEqual(new Date('2026-07-01T03:00:00Z'));
    expect(adjacentTick('0 5 * * *', new Date('2026-12-01T10:00:00Z'), 1)).toEqual(new Date('2026-12-02T04:00:00Z'));
    expect(adjacentTick('11 * * * *', new Date('2026-07-01T10:30:00Z'), 1)).toEqual(new Date('2026-07-01T11:11:00Z'));
  });

  test('two runners on the same database: every job runs once per tick, every message is delivered once', async () => {
    const second = await connectDatabase(testMongoUri(), h.db.dbName);
    try {
      const other = buildServices({
        database: second,
        config: h.config,
        clock: h.clock.now,
        bsnKey: TEST_BSN_KEY,
        schemas: h.registry,
      });
      const runners = [
        { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger },
        { config: h.config, database: second, services: other, logger: h.log.logger },
      ];
      const metrics = createMetrics();
      const ticks = [
        '2026-05-15T03:00:00Z',
        '2026-05-15T05:00:00Z',
        '2026-05-16T03:00:00Z',
        '2026-05-16T05:00:00Z',
        '2026-05-16T05:01:00Z',
      ].map((iso) => new Date(iso));
      for (const tick of ticks) {
        for (const job of ALL_JOBS) {
          const results = await Promise.all(
            runners.map((deps) => runJobOnce(job, deps, metrics, { now: tick, tick, trigger: 'schedule' })),
          );
          expect(results.map((r) => r.status).sort()).toEqual(['skipped', 'succeeded']);
        }
      }
      for (const job of ALL_JOBS) {
        const runs = await h.db.raw.col.jobRuns.find({ job: job.name, trigger: 'schedule' }).toArray();
        expect({ job: job.name, runs: runs.length }).toEqual({ job: job.name, runs: ticks.length });
      }
      const ids = hook.received.map((r) => r.headers['webhook-id']);
      expect(ids.length).toBe(2); // one reminder digest a day (15 and 16 May), listing the allocations and the contract
      const digests = hook.received.map((r) => (JSON.parse(r.body) as { type: string; date: string }).date).sort();
      expect(digests).toEqual(['2026-05-15', '2026-05-16']);
      expect(new Set(ids).size).toBe(ids.length);
      expect(await h.db.raw.col.outbox.countDocuments({ status: 'delivered' })).toBe(ids.length);
      expect(await h.db.raw.col.outbox.countDocuments({ status: { $ne: 'delivered' } })).toBe(0);
    } finally {
      await second.close();
    }
  });

  test('a tick missed while no instance ran is run once at start; an instance starting after it does not repeat it', async () => {
    const missedDaily = ALL_JOBS.find((j) => j.name === 'housekeeping')!;
    await h.db.raw.col.jobTicks.deleteMany({ job: 'housekeeping' });
    const now = () => new Date('2026-06-01T10:00:00Z'); // housekeeping is due daily at 03:17
    const deps = {
      config: { ...h.config, jobsEnabled: true },
      database: h.db.database,
      services: h.services,
      logger: h.log.logger,
    };
    const first = startScheduler([missedDaily], deps, createMetrics(), now);
    await first.stop();
    const second = startScheduler([missedDaily], deps, createMetrics(), now);
    await second.stop();
    const runs = await h.db.raw.col.jobRuns.find({ job: 'housekeeping', trigger: 'startup' }).toArray();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.tick).toEqual(new Date('2026-06-01T01:17:00Z'));
  });

  test("GET /v1/jobs (admin) shows each job's schedule, next run and last outcome", async () => {
    const t = await tokensFor(h);
    const res = await h.http.get('/v1/jobs').set('Authorization', t.admin);
    expect(res.body.items.map((j: { name: string }) => j.name)).toEqual([
      'obligations-sweep',
      'extension-deadlines',
      'reminders',
      'outbox',
      'kpi-snapshot',
      'housekeeping',
      'reassessments',
    ]);
    const sweep = res.body.items.find((j: { name: string }) => j.name === 'obligations-sweep');
    expect(sweep).toMatchObject({
      schedule: '0 5 * * *',
      timeZone: 'Europe/Amsterdam',
      nextRun: expect.any(String),
      lastRun: {
        outcome: 'succeeded',
        trigger: 'schedule',
        counts: expect.objectContaining({ allocationsChecked: 5 }),
      },
    });
    expect((await h.http.get('/v1/jobs').set('Authorization', t.contractManager)).status).toBe(403);
    const outbox = await h.http.get('/v1/outbox?status=delivered&limit=2').set('Authorization', t.admin);
    expect(outbox.body.items).toHaveLength(2);
    expect(outbox.body.items[0]).toMatchObject({
      channel: 'webhook',
      status: 'delivered',
      attempts: [expect.objectContaining({ ok: true })],
    });
  });
});
