import { housekeeping } from '../../jobs/housekeeping';
import { runJobOnce } from '../../src/scheduler/run-job';
import { runMigrations } from '../../src/db/migrations';
import { LocksRepository } from '../../src/repositories/locks.repository';
import { startHub } from '../../src/server';
import { loadConfig } from '../../src/config';
import { createHarness, type Harness } from '../support/harness';
import { testMongoUri } from '../support/db';

describe('jobs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.db.clear());
  const deps = () => ({ config: h.config, database: h.db.database, services: h.services, logger: h.log.logger });

  test('housekeeping deletes run records older than 90 days (idle ones after 2), old idempotency answers and expired locks, and keeps the rest', async () => {
    const now = new Date('2026-10-01T03:17:00Z');
    const day = 86_400_000;
    const base = { job: 'x', trigger: 'schedule' as const, instance: 'test', outcome: 'succeeded' as const };
    await h.db.raw.col.jobRuns.insertMany([
      { ...base, tick: now, now, startedAt: new Date(now.getTime() - 91 * day), counts: { raised: 3 } },
      { ...base, tick: now, now, startedAt: new Date(now.getTime() - 89 * day), counts: { raised: 3 } },
      { ...base, tick: now, now, startedAt: new Date(now.getTime() - 3 * day), counts: { delivered: 0 } },
      { ...base, tick: now, now, startedAt: new Date(now.getTime() - 1 * day), counts: { delivered: 0 } },
      { ...base, tick: now, now, startedAt: new Date(now.getTime() - 200 * day), outcome: 'running' },
    ]);
    await h.db.raw.col.idempotencyKeys.insertMany([
      { _id: 'old', requestHash: 'x', keyed: true, state: 'done', createdAt: new Date(now.getTime() - 49 * 3_600_000) },
      {
        _id: 'recent',
        requestHash: 'x',
        keyed: true,
        state: 'done',
        createdAt: new Date(now.getTime() - 25 * 3_600_000),
      },
    ]);
    await h.db.raw.col.locks.insertMany([
      { _id: 'allocation:X', owner: 'dead', expiresAt: new Date(Date.now() - 1000) },
      { _id: 'allocation:Y', owner: 'alive', expiresAt: new Date(Date.now() + 30_000) },
    ]);
    const session = (id: string, idleUntil: number) => ({
      _id: id,
      personId: 'per_0000000000000001',
      issuer: 'dev',
      createdAt: new Date(now.getTime() - 3_600_000),
      lastSeenAt: new Date(now.getTime() - 3_600_000),
      idleUntil: new Date(now.getTime() + idleUntil),
      expiresAt: new Date(now.getTime() + 3_600_000),
    });
    await h.db.raw.col.sessions.insertMany([session('ended', -60_000), session('live', 60_000)]);
    const counts = await housekeeping.run(deps(), now);
    expect(counts).toEqual({
      jobHistory: 2,
      idempotencyKeys: 1,
      idempotencyKeysRekeyed: 0,
      expiredLocks: 1,
      orphanKpiResults: 0,
      endedSessions: 1,
    }); // the 91-day-old run, and the idle one of 3 days ago
    expect(await h.db.raw.col.jobRuns.countDocuments()).toBe(3);
    expect((await h.db.raw.col.idempotencyKeys.find().toArray()).map((k) => k._id)).toEqual(['recent']);
    expect((await h.db.raw.col.locks.find().toArray()).map((k) => k._id)).toEqual(['allocation:Y']);
    expect((await h.db.raw.col.sessions.find().toArray()).map((k) => k._id)).toEqual(['live']);
  });

  test('two runners claiming the same tick: the job runs once, and is recorded with its counts', async () => {
    const tick = new Date('2026-10-01T03:17:00Z');
    const results = await Promise.all(
      [1, 2].map(() => runJobOnce(housekeeping, deps(), h.metrics, { now: tick, tick, trigger: 'schedule' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['skipped', 'succeeded']);
    const runs = await h.db.raw.col.jobRuns.find({ job: 'housekeeping' }).toArray();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      outcome: 'succeeded',
      counts: { jobHistory: 0, idempotencyKeys: 0, expiredLocks: 0, orphanKpiResults: 0 },
      trigger: 'schedule',
    });
    // the next tick runs again; the same tick does not
    expect((await runJobOnce(housekeeping, deps(), h.metrics, { now: tick, tick, trigger: 'schedule' })).status).toBe(
      'skipped',
    );
    const next = new Date(tick.getTime() + 86_400_000);
    expect(
      (await runJobOnce(housekeeping, deps(), h.metrics, { now: next, tick: next, trigger: 'schedule' })).status,
    ).toBe('succeeded');
    expect(await h.metrics.registry.getSingleMetricAsString('hub_job_runs_total')).toContain(
      'job="housekeeping",outcome="succeeded"} 2',
    );
  });

  test('a failing job is recorded as failed with its error', async () => {
    const failing = { ...housekeeping, name: 'always-fails', run: () => Promise.reject(new Error('boom')) };
    const result = await runJobOnce(failing, deps(), h.metrics, { now: new Date(), trigger: 'manual' });
    expect(result).toEqual({ status: 'failed', error: 'boom' });
    expect(await h.db.raw.col.jobRuns.findOne({ job: 'always-fails' })).toMatchObject({
      outcome: 'failed',
      error: 'boom',
    });
  });

  test('JOBS_ENABLED=false starts no scheduler; the default starts one', async () => {
    const env = { MONGODB_URI: testMongoUri(), DB_NAME: h.db.dbName, PORT: '0', NODE_ENV: 'test' as const };
    const off = await startHub(loadConfig({ ...env, JOBS_ENABLED: 'false' }, false), h.log.logger);
    expect(off.scheduler).toBeNull();
    await off.shutdown('test');
    const on = await startHub(loadConfig(env, false), h.log.logger);
    expect(on.scheduler).not.toBeNull();
    await on.shutdown('test');
  });

  test('migrations are applied once and recorded', async () => {
    const applied = await runMigrations(h.db.raw.db, h.log.logger, new LocksRepository(h.db.raw.col.locks));
    expect(applied).toEqual([]); // the harness database is migrated already
    const recorded = await h.db.raw.col.migrations.find().toArray();
    expect(recorded.map((m) => m._id)).toContain('0001-foundation-indexes');
  });
});
